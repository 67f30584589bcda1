using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Doctoring;
using k8s;

namespace ArpDoctor.Kubernetes;

/// <summary>
/// Reads an installed agent's <c>/metrics</c> through the API server's proxy to its Pod
/// (<c>GET /api/v1/namespaces/NS/pods/NAME:PORT/proxy/metrics</c>): no port-forward, nothing but the API server reached
/// from the client; it needs <c>get pods/proxy</c> in the agents' namespace.
/// </summary>
public sealed class KubernetesAgentMetrics(IKubernetes client, string server)
{
    /// <summary>The agents of the cluster behind <paramref name="api"/>; <c>null</c> when it is not a Kubernetes connection.</summary>
    public static KubernetesAgentMetrics? Of(IClusterApi api) => api is KubernetesCluster k ? new KubernetesAgentMetrics(k.Client, k.Server) : null;

    /// <summary>The permission reading an agent's metrics needs, as <c>kubectl auth can-i</c> asks it.</summary>
    public static string Permission(string ns) => Permissions.CanI("get", "pods/proxy", ns);

    /// <summary>The agent's metrics text; a failure (a refusal, the agent's own error passed back by the proxy, a timeout) is a <see cref="ClusterApiException"/>.</summary>
    public async Task<string> ReadAsync(AgentPod agent, CancellationToken ct)
    {
        try
        {
            using var stream = await client.CoreV1.ConnectGetNamespacedPodProxyWithPathAsync($"{agent.Name}:{agent.Port}", agent.Namespace, "metrics", cancellationToken: ct)
                .ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe($"get pods/proxy of {agent.Namespace}/{agent.Name}:{agent.Port} (/metrics)", server, e, permission: Permission(agent.Namespace));
        }
    }
}
