using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ArpDoctor.Core.KubeProxy;

/// <summary>
/// Reads a KubeProxyConfiguration the way kube-proxy's fallback does when its strict decoder refuses the file
/// (<c>cmd/kube-proxy/app/server.go</c> <c>loadConfig</c>: strict decoding, then a lenient decoder): only the first YAML
/// document is read (sigs.k8s.io/yaml converts one document), and a key written twice in one mapping keeps its last
/// value, a repeated mapping replacing the earlier one whole (go-yaml without strict mode).
/// </summary>
internal static class LenientKubeProxyReader
{
    public sealed record Result(YamlMappingNode Root, IReadOnlyList<string> Ambiguities);

    public static bool TryRead(string text, out Result result)
    {
        result = null!;
        var ambiguities = new List<string>();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _)) return false;
            if (ReadNode(parser, "", ambiguities) is not YamlMappingNode root) return false;
            parser.Consume<DocumentEnd>();
            int more = 0;
            while (parser.TryConsume<DocumentStart>(out _))
            {
                more++;
                parser.SkipThisAndNestedEvents();
                parser.Consume<DocumentEnd>();
            }
            if (more > 0)
                ambiguities.Insert(0, $"{more + 1} YAML documents: kube-proxy reads only the first");
            if (ambiguities.Count == 0) return false; // not what this reader is for: the strict reader's error stands
            result = new Result(root, ambiguities);
            return true;
        }
        catch (YamlException)
        {
            return false;
        }
    }

    private static YamlNode ReadNode(IParser parser, string path, List<string> ambiguities)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
            return new YamlScalarNode(scalar.Value) { Style = scalar.Style };
        if (parser.TryConsume<SequenceStart>(out _))
        {
            var seq = new YamlSequenceNode();
            int i = 0;
            while (!parser.TryConsume<SequenceEnd>(out _))
                seq.Add(ReadNode(parser, $"{path}[{i++}]", ambiguities));
            return seq;
        }
        if (parser.TryConsume<MappingStart>(out _))
        {
            var map = new YamlMappingNode();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Consume<Scalar>();
                var key = new YamlScalarNode(keyEvent.Value);
                var keyPath = path.Length == 0 ? keyEvent.Value : $"{path}.{keyEvent.Value}";
                var value = ReadNode(parser, keyPath, ambiguities);
                if (map.Children.ContainsKey(key))
                {
                    ambiguities.Add($"{keyPath} is written twice (line {keyEvent.Start.Line} repeats it): kube-proxy keeps the last");
                    map.Children.Remove(key);
                }
                map.Add(key, value);
            }
            return map;
        }
        throw new YamlException("anchors and aliases are not read here");
    }
}
