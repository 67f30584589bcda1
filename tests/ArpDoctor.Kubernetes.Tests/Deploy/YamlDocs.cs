using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>Reads multi-document YAML into JSON nodes (scalars as strings, numbers and booleans typed), for asserting on manifests.</summary>
internal static class YamlDocs
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArpDoctor.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("no ArpDoctor.sln above the test folder");
        }
    }

    public static List<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Where(d => d.RootNode is YamlMappingNode).Select(d => (JsonObject)ToJson(d.RootNode)!).ToList();
    }

    public static List<JsonObject> Load(string path) => Parse(File.ReadAllText(path));

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } p when p.Value is "true" or "false" => JsonValue.Create(p.Value == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } p when long.TryParse(p.Value, System.Globalization.CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "null" or "~" or "" } => null,
        YamlScalarNode p => JsonValue.Create(p.Value),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    public static string Str(this JsonNode? n) => n?.GetValue<string>() ?? throw new InvalidOperationException("missing value");

    public static string[] Strs(this JsonNode? n) => n?.AsArray().Select(x => x.Str()).ToArray() ?? [];
}
