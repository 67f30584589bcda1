using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ArpDoctor.Core.KubeProxy;

/// <summary>Loads one YAML document into nodes that keep their positions (<see cref="Mark"/>), for reading and exact edits.</summary>
internal static class YamlDocumentReader
{
    public static bool TryLoadRootMapping(string text, out YamlMappingNode root, out string error)
    {
        root = new YamlMappingNode();
        error = "";
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            error = $"line {e.Start.Line}: not valid YAML: {FirstLine(e.Message)}";
            return false;
        }
        if (stream.Documents.Count == 0)
        {
            error = "empty document; expected a KubeProxyConfiguration";
            return false;
        }
        if (stream.Documents.Count > 1)
        {
            error = $"{stream.Documents.Count} YAML documents; expected one KubeProxyConfiguration";
            return false;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            error = "the document is not a mapping; expected a KubeProxyConfiguration";
            return false;
        }
        root = map;
        return true;
    }

    public static YamlNode? Child(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode s && s.Value == key) return v;
        return null;
    }

    public static YamlScalarNode? Scalar(YamlMappingNode map, string key) => Child(map, key) as YamlScalarNode;

    /// <summary>Every scalar under <paramref name="node"/> by path (<c>ipvs.strictARP</c>, <c>featureGates.X</c>, <c>list[0]</c>), for comparing two versions.</summary>
    public static Dictionary<string, string> Flatten(YamlNode node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(node, "", result);
        return result;
    }

    private static void Walk(YamlNode node, string path, Dictionary<string, string> into)
    {
        switch (node)
        {
            case YamlMappingNode map:
                if (map.Children.Count == 0) into[path] = "{}";
                foreach (var (k, v) in map.Children)
                    Walk(v, path.Length == 0 ? Key(k) : $"{path}.{Key(k)}", into);
                break;
            case YamlSequenceNode seq:
                if (seq.Children.Count == 0) into[path] = "[]";
                for (int i = 0; i < seq.Children.Count; i++)
                    Walk(seq.Children[i], $"{path}[{i}]", into);
                break;
            case YamlScalarNode s:
                into[path] = $"{s.Style}:{s.Value}";
                break;
        }
    }

    private static string Key(YamlNode k) => k is YamlScalarNode s ? s.Value ?? "" : k.ToString();

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
