using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Packets;
using k8s;
using k8s.Models;

namespace ArpDoctor.Kubernetes;

/// <summary>The <see cref="IAgentCluster"/> adapter: list+watch of Services, Nodes, and Warning Events on Services.</summary>
/// <param name="watchTimeoutSeconds">How long the server keeps one watch open before closing it (it is resumed at once); the client gives up a little later (a half-open connection).</param>
/// <param name="requestTimeout">Named in "did not answer in time" messages (the client enforces it).</param>
public sealed class KubernetesAgentCluster(IKubernetes client, string server, int watchTimeoutSeconds = KubernetesAgentCluster.DefaultWatchTimeoutSeconds,
    TimeSpan? requestTimeout = null) : IAgentCluster
{
    public const string Component = "arpdoctor-agent";

    public const int DefaultWatchTimeoutSeconds = 300;

    public string Server { get; } = server;

    /// <param name="requestTimeout">The longest wait for one list or write (<c>--request-timeout</c>); watches are streams and keep their own deadline.</param>
    public static (IAgentCluster? Cluster, ConnectionError? Error) Connect(string? kubeconfig, string? context, int watchTimeoutSeconds = DefaultWatchTimeoutSeconds,
        TimeSpan? requestTimeout = null, KubeconfigSelection? select = null, CancellationToken ct = default)
    {
        var (api, error) = ClusterConnection.Connect(kubeconfig, context, requestTimeout: requestTimeout, select: select, cancellationToken: ct);
        if (api is not KubernetesCluster k) return (null, error);
        return (new KubernetesAgentCluster(k.Client, k.Server, watchTimeoutSeconds, requestTimeout ?? ClusterConnection.DefaultRequestTimeout), null);
    }

    private string Timeout => requestTimeout is { } t && t != System.Threading.Timeout.InfiniteTimeSpan ? $" (--request-timeout {Core.Text.Durations.Format(t)})" : "";

    public async Task<ServiceListing> ListServicesAsync(CancellationToken ct)
    {
        try
        {
            var list = await client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false);
            return new ServiceListing(list.Items.Where(IsLoadBalancer).Select(ToSnapshot).ToList(), list.Metadata?.ResourceVersion ?? "");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe("list services in all namespaces", Server, e, Timeout, Permissions.CanI("list", "services"));
        }
    }

    public async IAsyncEnumerable<ServiceChange> WatchServicesAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken ct)
    {
        // An ERROR event comes as a KubernetesException: 410 (Expired/Gone) means list again; anything else is a failure.
        await using var e = ServiceWatch.ReadAsync(client, resourceVersion, watchTimeoutSeconds, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            ServiceChange? change;
            try
            {
                if (!await e.MoveNextAsync().ConfigureAwait(false)) yield break;
                change = ToChange(e.Current);
            }
            catch (Exception x) when (IsGone(x))
            {
                change = new ServiceChange(ServiceChangeKind.Expired, null, "");
            }
            catch (Exception x) when (x is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                throw ApiErrors.Describe("watch services in all namespaces", Server, x, Timeout, Permissions.CanI("watch", "services"));
            }
            if (change is not null) yield return change;
            if (change?.Kind == ServiceChangeKind.Expired) yield break;
        }
    }

    public async Task<IReadOnlyList<NodeSnapshot>> ListNodesAsync(CancellationToken ct)
    {
        try
        {
            return (await client.CoreV1.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false)).Items.Select(KubernetesCluster.ToSnapshot).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe("list nodes", Server, e, Timeout, Permissions.CanI("list", "nodes", clusterScoped: true));
        }
    }

    public Task<IReadOnlyList<ServiceL2StatusSnapshot>> ListServiceL2StatusesAsync(CancellationToken ct) =>
        new KubernetesCluster(client, Server, requestTimeout).ListServiceL2StatusesAsync(ct);

    public async Task RecordWarningAsync(VipWarning warning, string reportingNode, CancellationToken ct)
    {
        var ns = warning.Service.Namespace;
        var call = $"create event {ns}/{warning.EventName}";
        try
        {
            var time = warning.Time.UtcDateTime;
            var ev = new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = warning.EventName, NamespaceProperty = ns },
                // Complete, uid included: kubectl describe service selects the Service's Events by involvedObject.uid.
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = "v1", Kind = "Service", Name = warning.Service.Name, NamespaceProperty = ns,
                    Uid = warning.Identity?.Uid, ResourceVersion = warning.Identity?.ResourceVersion,
                },
                Type = "Warning",
                Reason = VipWarning.Reason,
                Message = warning.Message,
                Count = warning.Count,
                FirstTimestamp = time,
                LastTimestamp = time,
                Source = new V1EventSource { Component = Component, Host = reportingNode },
                ReportingComponent = Component,
                ReportingInstance = reportingNode,
            };
            try
            {
                await client.CoreV1.CreateNamespacedEventAsync(ev, ns, cancellationToken: ct).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (ApiErrors.IsStatus(e, HttpStatusCode.Conflict))
            {
                // Posted before (by this agent or another node's): raise its count instead.
            }
            call = $"patch event {ns}/{warning.EventName}";
            var patch = new Dictionary<string, object>
            {
                ["count"] = warning.Count,
                ["message"] = warning.Message,
                ["lastTimestamp"] = warning.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            };
            await client.CoreV1.PatchNamespacedEventAsync(new V1Patch(JsonSerializer.Serialize(patch, PatchJson.Default.DictionaryStringObject), V1Patch.PatchType.StrategicMergePatch),
                warning.EventName, ns, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe(call, Server, e, Timeout);
        }
    }

    private static bool IsGone(Exception e) =>
        ApiErrors.IsStatus(e, HttpStatusCode.Gone) || e is KubernetesException { Status.Code: 410 };

    private static ServiceChange? ToChange(ServiceWatchEvent e)
    {
        var service = e.Service;
        var rv = service?.Metadata?.ResourceVersion ?? "";
        return e.Type switch
        {
            "ADDED" or "MODIFIED" when service is not null =>
                // A Service that stopped being a LoadBalancer is, for the agent, one that has no VIPs.
                new ServiceChange(e.Type == "ADDED" ? ServiceChangeKind.Added : ServiceChangeKind.Modified,
                    IsLoadBalancer(service) ? ToSnapshot(service) : ToSnapshot(service) with { Vips = [] }, rv),
            "DELETED" when service is not null => new ServiceChange(ServiceChangeKind.Deleted, ToSnapshot(service), rv),
            "BOOKMARK" => new ServiceChange(ServiceChangeKind.Bookmark, null, rv),
            _ => null,
        };
    }

    private static bool IsLoadBalancer(V1Service s) => s.Spec?.Type == "LoadBalancer";

    private static ServiceSnapshot ToSnapshot(V1Service s) =>
        new(s.Metadata.NamespaceProperty ?? "", s.Metadata.Name,
            (s.Status?.LoadBalancer?.Ingress ?? []).Select(i => i.Ip).Where(ip => ip is not null && VipAddresses.TryParse(ip, out _)).Select(ip => ip!).ToList(),
            Uid: s.Metadata.Uid, ResourceVersion: s.Metadata.ResourceVersion);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, object>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class PatchJson : System.Text.Json.Serialization.JsonSerializerContext;
