using System.Text.Json.Nodes;
using ArpDoctor.Kubernetes.Tests.Deploy;

namespace ArpDoctor.Kubernetes.Tests.Fakes;

/// <summary>The ClusterRoles of deploy/rbac/arpdoctor-cli.yaml, the least each verb needs, as documented.</summary>
public static class CliRoles
{
    public static readonly string File = Path.Combine(YamlDocs.RepoRoot, "deploy", "rbac", "arpdoctor-cli.yaml");

    public static JsonObject Role(string name) =>
        YamlDocs.Load(File).Single(d => d["metadata"]!["name"].Str() == name);

    /// <summary>Several roles bound to one user: their rules together.</summary>
    public static JsonObject Together(params string[] names) => new()
    {
        ["rules"] = new JsonArray([.. names.SelectMany(n => Role(n)["rules"]!.AsArray()).Select(r => r!.DeepClone())]),
    };

    /// <summary>Every <c>group/resource:verb</c> the role grants, as <see cref="FakeKubeApi.Used"/> names them.</summary>
    public static SortedSet<string> Granted(JsonObject role)
    {
        var granted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var rule in role["rules"]!.AsArray())
            foreach (var g in rule!["apiGroups"]!.AsArray())
                foreach (var r in rule["resources"]!.AsArray())
                    foreach (var v in rule["verbs"]!.AsArray())
                        granted.Add($"{g}/{r}:{v}");
        return granted;
    }
}
