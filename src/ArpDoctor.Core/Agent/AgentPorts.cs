using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.Agent;

/// <summary>
/// The Kubernetes API as the agent needs it: list and watch Services, list Nodes, post Warning Events.
/// Failures are <see cref="ClusterApiException"/>s with one-line messages; an expired resourceVersion is a
/// value (<see cref="ServiceChangeKind.Expired"/>), not an exception.
/// </summary>
public interface IAgentCluster
{
    string Server { get; }

    /// <summary>Every LoadBalancer Service with its IPv4 VIPs, and the list's resourceVersion.</summary>
    Task<ServiceListing> ListServicesAsync(CancellationToken ct);

    /// <summary>Changes since <paramref name="resourceVersion"/>; ends when the server closes the watch.</summary>
    IAsyncEnumerable<ServiceChange> WatchServicesAsync(string resourceVersion, CancellationToken ct);

    Task<IReadOnlyList<NodeSnapshot>> ListNodesAsync(CancellationToken ct);

    /// <summary>MetalLB's <c>ServiceL2Status</c>es (which node announces which Service); empty when the CRD is not installed.</summary>
    Task<IReadOnlyList<ServiceL2StatusSnapshot>> ListServiceL2StatusesAsync(CancellationToken ct);

    /// <summary>Creates the Warning Event, or when it exists raises its count and updates its message.</summary>
    Task RecordWarningAsync(VipWarning warning, string reportingNode, CancellationToken ct);
}

/// <summary>The node's own network state: ARP sysctls and local addresses, read fresh on each call.</summary>
public interface INodeNetwork
{
    /// <summary>The facts for <paramref name="interfaceName"/>; <c>null</c> with a reason when they cannot be read.</summary>
    (NodeArpState? State, string? Error) Read(string node, string interfaceName);

    /// <summary>Every IPv4 network on the node's interfaces that are up: which interface reaches which VIP.</summary>
    IReadOnlyList<InterfaceNetwork> Networks();
}
