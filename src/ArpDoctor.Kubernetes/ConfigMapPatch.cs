using System.Text.Json.Nodes;
using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Kubernetes;

/// <summary>The JSON merge patch (RFC 7386) that turns a ConfigMap's data into new data, guarded by its resourceVersion.</summary>
internal static class ConfigMapPatch
{
    /// <summary>
    /// <c>{"metadata":{"resourceVersion":RV},"data":{changed keys, removed keys as null}}</c>: keys whose value is
    /// unchanged are left out, so a concurrent writer's other keys are neither sent nor touched.
    /// </summary>
    public static string MergePatch(ConfigMapSnapshot basedOn, IReadOnlyDictionary<string, string> data)
    {
        var changes = new JsonObject();
        foreach (var (key, value) in data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (basedOn.Data.TryGetValue(key, out var old) && old == value) continue;
            changes[key] = value;
        }
        foreach (var key in basedOn.Data.Keys.Where(k => !data.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal))
            changes[key] = null;
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = basedOn.ResourceVersion },
            ["data"] = changes,
        }.ToJsonString();
    }
}
