using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// Validates manifests against the real schemas of their kinds, as an API server with <c>fieldValidation=Strict</c>
/// (kubectl's default) would read them: Kubernetes' own OpenAPI definitions for the built-in kinds and the Prometheus
/// Operator's CRD schemas (TestData/schemas, README.md there), evaluated by JsonSchema.Net.
/// <para>
/// Kubernetes' schemas never say <c>additionalProperties: false</c>; the server refuses unknown fields from its Go types
/// instead. So, as kubeconform's <c>-strict</c> does, every schema that lists <c>properties</c> and says nothing of
/// <c>additionalProperties</c> or <c>x-kubernetes-preserve-unknown-fields</c> gets <c>additionalProperties: false</c>:
/// a misspelt field is an error. The other <c>x-kubernetes-*</c> extensions are ignored (JsonSchema.Net takes unknown
/// keywords as annotations), as are <c>format</c>s.
/// </para>
/// <para>
/// Two definitions say less in the OpenAPI v2 document than the server accepts, and are read as its v3 document and
/// kubeconform's schemas read them: <c>IntOrString</c> is an integer or a string, <c>Quantity</c> a number or a string.
/// A member whose value is null is left out first: the server reads null as absent.
/// </para>
/// </summary>
internal static class KubernetesSchemas
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "TestData", "schemas");
    private const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private static readonly Lazy<(JsonObject Defs, Dictionary<string, string> RootByKind)> Loaded = new(Load);
    private static readonly ConcurrentDictionary<string, JsonSchema> Built = new();

    /// <summary>Every <c>apiVersion/kind</c> there is a schema for, e.g. <c>apps/v1/DaemonSet</c>, <c>v1/Service</c>.</summary>
    public static IReadOnlyCollection<string> Kinds => Loaded.Value.RootByKind.Keys;

    /// <summary>What is wrong with one object, one line per error (<c>/spec/template/spec/nodeSelecter: unknown field</c>); empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(JsonObject manifest)
    {
        var kind = $"{manifest["apiVersion"]?.GetValue<string>()}/{manifest["kind"]?.GetValue<string>()}";
        if (!Loaded.Value.RootByKind.TryGetValue(kind, out var root))
            return [$"no schema for {kind}: add its kind to TestData/schemas/extract.py and run it again"];
        var schema = Built.GetOrAdd(root, r => JsonSchema.FromText(new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = Loaded.Value.Defs.DeepClone(),
            ["$ref"] = $"#/$defs/{r}",
        }.ToJsonString()));
        var result = schema.Evaluate(WithoutNulls(manifest), new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var errors = new List<string>();
        Collect(result, errors);
        return errors.Distinct().ToList();
    }

    /// <summary>
    /// The errors of the failed nodes, walking only into failed nodes: a branch of an anyOf that failed while another
    /// passed (an int-or-string that is a string) is no error.
    /// </summary>
    private static void Collect(EvaluationResults node, List<string> errors)
    {
        if (node.IsValid) return;
        var at = node.InstanceLocation.ToString() is { Length: > 0 } location ? location : "/";
        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            // The false schema that additionalProperties: false puts on an unknown member fails with no keyword.
            errors.Add(keyword.Length == 0 && node.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal)
                ? $"{at}: unknown field"
                : $"{at}: {message}");
        foreach (var child in node.Details) Collect(child, errors);
    }

    private static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(kv => kv.Value is not null).Select(kv => KeyValuePair.Create(kv.Key, WithoutNulls(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(WithoutNulls).ToArray()),
        _ => node?.DeepClone(),
    };

    private static (JsonObject, Dictionary<string, string>) Load()
    {
        var defs = new JsonObject();
        var rootByKind = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, def) in Definitions("kubernetes.json"))
        {
            defs[name] = name switch
            {
                "io.k8s.apimachinery.pkg.util.intstr.IntOrString" => new JsonObject { ["type"] = new JsonArray("integer", "string") },
                "io.k8s.apimachinery.pkg.api.resource.Quantity" => new JsonObject { ["type"] = new JsonArray("number", "string") },
                _ => def,
            };
            foreach (var gvk in def["x-kubernetes-group-version-kind"]?.AsArray() ?? [])
            {
                var group = gvk!["group"]!.GetValue<string>();
                var apiVersion = group.Length == 0 ? gvk["version"]!.GetValue<string>() : $"{group}/{gvk["version"]!.GetValue<string>()}";
                rootByKind[$"{apiVersion}/{gvk["kind"]!.GetValue<string>()}"] = name;
            }
        }
        // A custom resource's metadata is checked by the server as any object's, whatever the CRD says of it.
        foreach (var (groupVersionKind, def) in Definitions("monitoring.coreos.com.json"))
        {
            var name = groupVersionKind.Replace('/', '.');
            def["properties"]!["metadata"] = new JsonObject { ["$ref"] = $"#/definitions/{ObjectMeta}" };
            defs[name] = def;
            rootByKind[groupVersionKind] = name;
        }
        foreach (var (_, def) in defs) Strict(def!);
        return (defs, rootByKind);
    }

    private static IEnumerable<(string Name, JsonObject Def)> Definitions(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Dir, file)))!["definitions"]!.AsObject()
            .Select(kv => (kv.Key, kv.Value!.DeepClone().AsObject())).ToList();

    /// <summary>In place: $refs point into $defs, unknown fields are refused, nullable allows null.</summary>
    private static void Strict(JsonNode schema)
    {
        if (schema is not JsonObject s) return;
        if (s["$ref"] is JsonValue r && r.GetValue<string>().StartsWith("#/definitions/", StringComparison.Ordinal))
            s["$ref"] = "#/$defs/" + r.GetValue<string>()["#/definitions/".Length..];
        if (s["nullable"] is JsonValue n && n.GetValue<bool>() && s["type"] is JsonValue t)
            s["type"] = new JsonArray(t.GetValue<string>(), "null");
        if (s["properties"] is JsonObject properties)
        {
            if (s["additionalProperties"] is null && s["x-kubernetes-preserve-unknown-fields"] is null)
                s["additionalProperties"] = false;
            foreach (var (_, p) in properties) Strict(p!);
        }
        if (s["additionalProperties"] is JsonObject additional) Strict(additional);
        if (s["items"] is JsonObject items) Strict(items);
        if (s["not"] is JsonObject not) Strict(not);
        foreach (var combined in new[] { "allOf", "anyOf", "oneOf" })
            foreach (var sub in s[combined]?.AsArray() ?? []) Strict(sub!);
    }
}
