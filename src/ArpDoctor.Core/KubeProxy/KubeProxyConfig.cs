using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ArpDoctor.Core.KubeProxy;

/// <summary>
/// What ArpDoctor reads from a KubeProxyConfiguration (the <c>config.conf</c> key of
/// <c>kube-system/kube-proxy</c>): the proxy mode and <c>ipvs.strictARP</c>.
/// </summary>
/// <param name="ModeWord">The <c>mode</c> field as written; empty when absent.</param>
/// <param name="StrictArp"><c>ipvs.strictARP</c>; <c>null</c> when not written (kube-proxy's default is false).</param>
/// <param name="StrictArpText">The strictARP scalar as written, e.g. <c>false</c>; <c>null</c> when not written.</param>
/// <param name="Ambiguities">
/// What kube-proxy reads differently from a careful reader: several YAML documents (it reads the first), a key written
/// twice (its lenient decoder keeps the last). Empty for an ordinary file.
/// </param>
public sealed record KubeProxyConfig(string ModeWord, bool? StrictArp, string? StrictArpText, bool HasIpvsSection,
    IReadOnlyList<string> Ambiguities)
{
    public KubeProxyConfig(string modeWord, bool? strictArp, string? strictArpText, bool hasIpvsSection)
        : this(modeWord, strictArp, strictArpText, hasIpvsSection, []) { }

    /// <summary>kube-proxy's defaults: what it runs with when no file is given.</summary>
    public static readonly KubeProxyConfig Defaults = new("", null, null, false);

    public ProxyMode Mode => ProxyModes.FromWord(ModeWord);

    /// <summary>strictARP as kube-proxy applies it: off unless written true.</summary>
    public bool EffectiveStrictArp => StrictArp ?? false;

    /// <summary>Parses <paramref name="text"/>; <c>false</c> with a one-line reason naming the line when it is not YAML or not a mapping.</summary>
    public static bool TryParse(string text, out KubeProxyConfig config, out string error)
    {
        config = new KubeProxyConfig("", null, null, false);
        if (!YamlDocumentReader.TryLoadRootMapping(text, out var root, out error))
        {
            // kube-proxy decodes strictly, then leniently: a second document is not read and a repeated key's last value wins.
            if (!LenientKubeProxyReader.TryRead(text, out var lenient)) return false;
            root = lenient.Root;
            var first = Read(root, out var firstError);
            if (first is null)
            {
                error = firstError;
                return false;
            }
            config = first with { Ambiguities = lenient.Ambiguities };
            error = "";
            return true;
        }
        var read = Read(root, out error);
        if (read is null) return false;
        config = read;
        return true;
    }

    private static KubeProxyConfig? Read(YamlMappingNode root, out string error)
    {
        error = "";
        var mode = YamlDocumentReader.Scalar(root, "mode")?.Value ?? "";
        bool? strict = null;
        string? strictText = null;
        bool hasIpvs = false;
        if (YamlDocumentReader.Child(root, "ipvs") is { } ipvs)
        {
            hasIpvs = true;
            // kube-proxy decodes the file strictly and then leniently (cmd/kube-proxy/app/options.go loadConfig), but only a
            // strict-mode complaint (an unknown or repeated key) sends it to the lenient decoder: a value of the wrong type
            // is a fatal JSON decoding error in both (apimachinery runtime/serializer/json/json.go unmarshal: "fatal
            // decoding error, not due to strictness"), so kube-proxy exits "failed to decode" and its pods crash-loop.
            if (ipvs is not YamlMappingNode ipvsMap)
            {
                if (ipvs is YamlScalarNode nothing && YamlBooleans.IsNull(nothing)) return new KubeProxyConfig(mode, null, null, true);
                error = $"{At(ipvs)}ipvs is {YamlBooleans.Kind(ipvs)}, where kube-proxy wants a mapping";
                return null;
            }
            if (YamlDocumentReader.Child(ipvsMap, "strictARP") is { } node)
            {
                if (node is not YamlScalarNode s)
                {
                    error = $"{At(node)}ipvs.strictARP is {YamlBooleans.Kind(node)}, not a boolean: write true or false, unquoted";
                    return null;
                }
                strictText = s.Value ?? "";
                // null, ~ and an empty value decode to the field's zero value: kube-proxy starts with strictARP false.
                if (YamlBooleans.IsNull(s))
                    return new KubeProxyConfig(mode, null, strictText.Length == 0 ? "(empty)" : strictText, true);
                if (!YamlBooleans.TryParse(s, out var b))
                {
                    // "true" and 'false' are strings and 1 is a number to the YAML→JSON step, so neither decodes into a bool.
                    error = $"{At(s)}ipvs.strictARP {YamlBooleans.Written(s)} is {YamlBooleans.Kind(s)}, not a boolean: write true or false, unquoted";
                    return null;
                }
                strict = b;
            }
        }
        return new KubeProxyConfig(mode, strict, strictText, hasIpvs);
    }

    private static string At(YamlNode node) => node.Start.Line > 0 ? $"line {node.Start.Line}: " : "";
}

/// <summary>Boolean scalars the way Kubernetes' YAML decoder (YAML 1.1 via sigs.k8s.io/yaml) reads them.</summary>
internal static class YamlBooleans
{
    /// <summary>A plain <c>null</c>, <c>~</c> or empty scalar: YAML's null, which Go decodes to the zero value.</summary>
    public static bool IsNull(YamlScalarNode node) =>
        node.Style is ScalarStyle.Plain or ScalarStyle.Any && node.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>What a node is to the YAML→JSON step, in words: "a string", "a number", "a sequence".</summary>
    public static string Kind(YamlNode node) => node switch
    {
        YamlSequenceNode => "a sequence",
        YamlMappingNode => "a mapping",
        YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted } => "a quoted string",
        YamlScalarNode s when IsNumber(s.Value ?? "") => "a number",
        YamlScalarNode s when TryParse(s, out _) => "a boolean",
        _ => "a string",
    };

    /// <summary>The scalar as written, quotes included, so <c>"true"</c> and <c>true</c> read apart in a message.</summary>
    public static string Written(YamlScalarNode node) => node.Style switch
    {
        ScalarStyle.DoubleQuoted => $"\"{node.Value}\"",
        ScalarStyle.SingleQuoted => $"'{node.Value}'",
        _ => node.Value ?? "",
    };

    private static bool IsNumber(string text) =>
        text is ".inf" or "-.inf" or "+.inf" or ".nan" or ".Inf" or ".NaN" or ".INF" or ".NAN"
        || (text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '+' or '-' or '.')
            && (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
                || (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out _))));

    public static bool TryParse(YamlScalarNode node, out bool value)
    {
        value = false;
        // A quoted "true" is a string, and kube-proxy rejects it; treat it as not a boolean.
        if (node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) return false;
        switch (node.Value)
        {
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y":
                value = true;
                return true;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N":
                return true;
            default:
                return false;
        }
    }
}
