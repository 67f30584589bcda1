namespace ArpDoctor.Core.KubeProxy;

/// <summary>
/// The kube-proxy command-line flags that matter to ArpDoctor: <c>--config</c>, and <c>--proxy-mode</c> and
/// <c>--ipvs-strict-arp</c>, which count only when there is no <c>--config</c> (kube-proxy ignores them then).
/// </summary>
/// <param name="ConfigPath">The <c>--config</c> file; <c>null</c> when not given.</param>
/// <param name="ProxyMode">The <c>--proxy-mode</c> value; <c>null</c> when not given.</param>
/// <param name="StrictArp">The <c>--ipvs-strict-arp</c> value (a bare flag is true); <c>null</c> when not given.</param>
/// <param name="Evidence">The flags as written, for findings.</param>
public sealed record KubeProxyFlags(string? ConfigPath, string? ProxyMode, bool? StrictArp, IReadOnlyList<string> Evidence)
{
    /// <summary>
    /// Why kube-proxy refuses this command line, if it does. <c>--ipvs-strict-arp false</c> is the flag (true) and a
    /// stray argument "false"; kube-proxy takes no arguments ("does not take any arguments", cmd/kube-proxy/app/server.go)
    /// and does not start.
    /// </summary>
    public string? Refused { get; init; }

    public static readonly KubeProxyFlags None = new(null, null, null, []);

    /// <summary>Reads flags written without dashes, as k3s' and RKE2's <c>kube-proxy-arg</c> entries are (<c>proxy-mode=ipvs</c>).</summary>
    public static KubeProxyFlags ParseArgs(IEnumerable<string> args) =>
        Parse(args.Select(a => a.StartsWith('-') ? a : "--" + a));

    /// <summary>Reads the flags from a container's command followed by its args (pflag syntax: <c>--f=v</c>, <c>--f v</c>, bare booleans).</summary>
    public static KubeProxyFlags Parse(IEnumerable<string> commandAndArgs)
    {
        // A shell wrapper (sh -c "kube-proxy --proxy-mode=ipvs ...") puts every flag in one word.
        var words = commandAndArgs.SelectMany(w => w.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)).ToList();
        string? mode = null, config = null, refused = null;
        bool? strict = null;
        var evidence = new List<string>();
        for (int i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (Match(w, "--config", out var inline))
            {
                if (inline is null && i + 1 < words.Count && !words[i + 1].StartsWith('-')) inline = words[++i];
                config = inline?.Trim('"', '\'') ?? "";
                evidence.Add($"--config={config}");
            }
            else if (Match(w, "--proxy-mode", out inline))
            {
                if (inline is null && i + 1 < words.Count && !words[i + 1].StartsWith('-')) inline = words[++i];
                mode = inline ?? "";
                evidence.Add($"--proxy-mode={mode}");
            }
            else if (Match(w, "--ipvs-strict-arp", out inline))
            {
                if (inline is null && i + 1 < words.Count && words[i + 1].Trim('"', '\'') is "true" or "false" or "True" or "False" or "1" or "0")
                    refused ??= $"'--ipvs-strict-arp {words[i + 1]}' is the flag (true) and a stray argument '{words[i + 1]}'; kube-proxy takes no arguments and does not start (write --ipvs-strict-arp={words[i + 1]})";
                // pflag booleans take a value only with '=': "--ipvs-strict-arp false" is the flag plus an argument.
                strict = inline is null || !(inline.Equals("false", StringComparison.OrdinalIgnoreCase) || inline == "0" || inline.Equals("f", StringComparison.OrdinalIgnoreCase));
                evidence.Add(inline is null ? "--ipvs-strict-arp" : $"--ipvs-strict-arp={inline}");
            }
        }
        return new KubeProxyFlags(string.IsNullOrEmpty(config) ? null : config, mode, strict, evidence) { Refused = refused };
    }

    private static bool Match(string word, string flag, out string? inlineValue)
    {
        inlineValue = null;
        var w = word.Trim('"', '\'');
        if (w == flag) return true;
        if (w.StartsWith(flag + "=", StringComparison.Ordinal))
        {
            inlineValue = w[(flag.Length + 1)..];
            return true;
        }
        return false;
    }
}
