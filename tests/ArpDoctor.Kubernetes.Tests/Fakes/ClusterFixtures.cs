using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ArpDoctor.Kubernetes.Tests.Fakes;

/// <summary>
/// Cluster fixtures: <c>TestData/clusters/NAME.yaml</c>, the objects one platform really creates (each file names its
/// sources in its header), as multi-document YAML the way <c>kubectl get -o yaml</c> prints them.
/// </summary>
public static class ClusterFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "clusters", name + ".yaml");

    public static IReadOnlyList<string> Names() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "clusters"), "*.yaml")
            .Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every object of the fixture, in file order.</summary>
    public static IReadOnlyList<JsonObject> Objects(string name)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(PathOf(name))))
            stream.Load(reader);
        return stream.Documents.Where(d => d.RootNode is YamlMappingNode).Select(d => (JsonObject)ToJson(d.RootNode)!).ToList();
    }

    /// <summary>Loads the fixture into <paramref name="api"/>; CustomResourceDefinitions install their resource.</summary>
    public static void Load(FakeKubeApi api, string name)
    {
        foreach (var obj in Objects(name)) api.Add(obj);
        api.LoadedFixture = name;
    }

    /// <summary>YAML to JSON with YAML 1.1's plain-scalar types, as sigs.k8s.io/yaml reads manifests.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } plain => Plain(plain.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new InvalidDataException($"unsupported YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonNode? Plain(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (text.Any(char.IsDigit) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !text.Contains(':', StringComparison.Ordinal))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }
}
