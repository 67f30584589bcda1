namespace ArpDoctor.Core.Cluster;

/// <summary>
/// The Kubernetes API as ArpDoctor's check, fix and locate need it, and no more. A missing object is
/// <c>null</c>, a stale write is <see cref="WriteOutcome.Conflict"/>; anything else that fails
/// (unreachable, TLS, forbidden) is a <see cref="ClusterApiException"/> with a one-line message.
/// </summary>
public interface IClusterApi
{
    /// <summary>The API server's address, for messages.</summary>
    string Server { get; }

    /// <summary>The kubeconfig context in use, as <c>kubectl config current-context</c> names it; empty in a pod (service account).</summary>
    string Context { get; }

    Task<ConfigMapSnapshot?> GetConfigMapAsync(string ns, string name, CancellationToken ct);

    /// <summary>Changes the ConfigMap's data to <paramref name="data"/> (only the keys that differ are sent), on condition that it is still at <paramref name="basedOn"/>'s resourceVersion.</summary>
    Task<WriteOutcome> PatchConfigMapDataAsync(ConfigMapSnapshot basedOn, IReadOnlyDictionary<string, string> data, CancellationToken ct);

    Task<DaemonSetSnapshot?> GetDaemonSetAsync(string ns, string name, CancellationToken ct);

    Task<IReadOnlyList<DaemonSetSnapshot>> ListDaemonSetsAsync(CancellationToken ct);

    /// <summary>What <c>kubectl rollout restart</c> does: sets the pod template's <c>kubectl.kubernetes.io/restartedAt</c> annotation, leaving the others.</summary>
    Task RestartDaemonSetAsync(string ns, string name, DateTimeOffset at, CancellationToken ct);

    Task<IReadOnlyList<NodeSnapshot>> ListNodesAsync(CancellationToken ct);

    /// <summary>Every Pod in all namespaces (kube-proxy's, mirror pods included, and the announcers'); <c>null</c> when the credentials may not list them.</summary>
    Task<IReadOnlyList<PodSnapshot>?> ListPodsAsync(CancellationToken ct);

    Task<IReadOnlyList<ServiceSnapshot>> ListLoadBalancerServicesAsync(CancellationToken ct);

    /// <param name="legacyConfigName">The pre-0.13 ConfigMap the speaker reads (its <c>--config</c> flag, default <c>config</c>).</param>
    Task<MetalLbResources> GetMetalLbResourcesAsync(string metalLbNamespace, string legacyConfigName, CancellationToken ct);

    /// <summary>Every Lease (coordination.k8s.io).</summary>
    Task<IReadOnlyList<LeaseSnapshot>> ListLeasesAsync(CancellationToken ct);

    /// <summary>OpenELB's <c>Eip</c> objects (network.kubesphere.io/v1alpha2): name and <c>spec.protocol</c>; <c>null</c> when the CRD is not installed.</summary>
    Task<IReadOnlyList<(string Name, string Protocol)>?> ListOpenElbEipsAsync(CancellationToken ct);

    /// <summary>Every <c>ServiceL2Status</c>; empty when the CRD is not installed.</summary>
    Task<IReadOnlyList<ServiceL2StatusSnapshot>> ListServiceL2StatusesAsync(CancellationToken ct);

    /// <summary>MetalLB's <c>nodeAssigned</c> events on Services.</summary>
    Task<IReadOnlyList<AnnouncementEvent>> ListAnnouncementEventsAsync(CancellationToken ct);
}

/// <summary>Why the API server refused a call, where that is a fact a caller can work around: a read it may do without.</summary>
public enum ApiRefusal
{
    /// <summary>Any other failure: unreachable, TLS, a timeout, 5xx, a local bug.</summary>
    None,
    /// <summary>403: the credentials may not do this (RBAC).</summary>
    Forbidden,
    /// <summary>404: the resource or its API is not served.</summary>
    NotFound,
}

/// <summary>
/// A Kubernetes API call failed for a reason other than NotFound or Conflict. The message is one line: the call and the cause.
/// <see cref="Local"/> says the failure happened on this side before or after the exchange (a request that could not be
/// encoded, an answer that could not be decoded), not in the API server or on the way to it.
/// </summary>
public sealed class ClusterApiException(string message, Exception? inner = null, bool local = false,
    ApiRefusal refusal = ApiRefusal.None, string? permission = null) : Exception(message, inner)
{
    public bool Local { get; } = local;

    /// <summary>Forbidden or NotFound, when the server answered so.</summary>
    public ApiRefusal Refusal { get; } = refusal;

    /// <summary>The permission the call needs, as <c>kubectl auth can-i</c> asks for it, e.g. <c>kubectl auth can-i list nodes</c>.</summary>
    public string? Permission { get; } = permission;
}
