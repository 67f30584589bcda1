using System.Runtime.CompilerServices;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Agent.Tests;

/// <summary>An in-memory cluster for the probe loop: a fixed Service list, a watch that waits, Nodes, and the warnings recorded.</summary>
internal sealed class InMemoryAgentCluster : IAgentCluster
{
    public List<ServiceSnapshot> Services { get; } = [];
    public List<NodeSnapshot> Nodes { get; } = [];
    public List<VipWarning> Warnings { get; } = [];
    public bool FailWarnings { get; set; }
    public string Server => "memory";

    /// <summary>Every watch ends at once with 410 Gone, as a server whose history is always compacted past the list.</summary>
    public bool ExpireEveryWatch { get; set; }

    private int _lists;

    /// <summary>How many Service lists were served.</summary>
    public int Lists => Volatile.Read(ref _lists);

    public Task<ServiceListing> ListServicesAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _lists);
        return Task.FromResult(new ServiceListing([.. Services], "1"));
    }

    public async IAsyncEnumerable<ServiceChange> WatchServicesAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken ct)
    {
        if (ExpireEveryWatch)
        {
            yield return new ServiceChange(ServiceChangeKind.Expired, null, "");
            yield break;
        }
        await Task.Delay(Timeout.Infinite, ct);
        yield break;
    }

    public Task<IReadOnlyList<NodeSnapshot>> ListNodesAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<NodeSnapshot>>([.. Nodes]);

    public List<ServiceL2StatusSnapshot> L2Statuses { get; } = [];
    public Task<IReadOnlyList<ServiceL2StatusSnapshot>> ListServiceL2StatusesAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ServiceL2StatusSnapshot>>([.. L2Statuses]);

    public Task RecordWarningAsync(VipWarning warning, string reportingNode, CancellationToken ct)
    {
        if (FailWarnings) throw new ClusterApiException("create event shop/web: HTTP 503");
        lock (Warnings) Warnings.Add(warning);
        return Task.CompletedTask;
    }
}

/// <summary>A node whose state the test sets.</summary>
internal sealed class FixedNodeNetwork(NodeArpState state) : INodeNetwork
{
    public NodeArpState State { get; set; } = state;
    public List<InterfaceNetwork> Interfaces { get; } = [];
    public (NodeArpState? State, string? Error) Read(string node, string interfaceName) => (State, null);
    public IReadOnlyList<InterfaceNetwork> Networks() => [.. Interfaces];
}
