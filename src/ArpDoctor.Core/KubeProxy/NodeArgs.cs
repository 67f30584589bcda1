using System.Text.Json;
using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.KubeProxy;

/// <summary>kube-proxy's flags on one node, as a k3s or RKE2 node's <c>node-args</c> annotation shows them.</summary>
/// <param name="Disabled">The node runs with <c>--disable-kube-proxy</c>: no kube-proxy at all.</param>
public sealed record NodeKubeProxy(string Node, KubeProxyFlags Flags, bool Disabled, string Evidence)
{
    /// <summary>What kube-proxy runs with on this node: its flags over kube-proxy's defaults (these platforms give it no file).</summary>
    public KubeProxySettings Settings => new(KubeProxyConfig.Defaults, Flags);
}

/// <summary>
/// Reads <c>k3s.io/node-args</c> / <c>rke2.io/node-args</c>: a JSON array of the service's command line after its
/// config files are merged, each <c>--key=value</c> split in two (k3s <c>pkg/nodeconfig/nodeconfig.go</c>).
/// kube-proxy's flags are the values after <c>--kube-proxy-arg</c>, written without dashes.
/// </summary>
public static class NodeArgs
{
    public static string Annotation(string program) => $"{program}.io/node-args";

    /// <summary>One entry per node that carries the annotation; a value that is not a JSON array of strings is left out.</summary>
    public static IReadOnlyList<NodeKubeProxy> Read(IReadOnlyList<NodeSnapshot> nodes, string program)
    {
        var key = Annotation(program);
        var result = new List<NodeKubeProxy>();
        foreach (var node in nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (!node.Annotations.TryGetValue(key, out var json) || !TryWords(json, out var words)) continue;
            var proxyArgs = new List<string>();
            bool disabled = false;
            for (int i = 0; i < words.Count; i++)
            {
                var w = words[i];
                if (w == "--kube-proxy-arg" && i + 1 < words.Count) proxyArgs.Add(words[++i]);
                else if (w.StartsWith("--kube-proxy-arg=", StringComparison.Ordinal)) proxyArgs.Add(w["--kube-proxy-arg=".Length..]);
                else if (w == "--disable-kube-proxy")
                    disabled = !(i + 1 < words.Count && words[i + 1] is "false" or "False") ;
            }
            var flags = KubeProxyFlags.ParseArgs(proxyArgs);
            var shown = proxyArgs.Count == 0 ? "no --kube-proxy-arg" : string.Join(" ", proxyArgs.Select(a => $"--kube-proxy-arg {a}"));
            result.Add(new NodeKubeProxy(node.Name, flags, disabled, $"node {node.Name} annotation {key}: {(disabled ? "--disable-kube-proxy, " : "")}{shown}"));
        }
        return result;
    }

    private static bool TryWords(string json, out List<string> words)
    {
        words = [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return false;
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String) return false;
                words.Add(e.GetString()!);
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
