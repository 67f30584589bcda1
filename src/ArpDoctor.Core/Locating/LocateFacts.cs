using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Locating;

/// <summary>
/// What <c>locate</c> reads from the cluster for one VIP, and no more: the nodes (whose InternalIPs are resolved to
/// MACs), the Service holding the VIP, and the node its announcer names.
/// </summary>
/// <param name="Service">The LoadBalancer Service whose status holds the VIP; <c>null</c> when none does (or Services may not be listed).</param>
/// <param name="Announcer">The node the announcer says answers for the VIP; <c>null</c> when no announcer says.</param>
/// <param name="Unread">Refused optional reads: each only leaves a label unknown.</param>
public sealed record LocateFacts(IReadOnlyList<NodeSnapshot> Nodes, ServiceSnapshot? Service, string? Announcer, IReadOnlyList<UnreadFact> Unread)
{
    /// <summary>
    /// Reads the nodes (needed: a refusal propagates as <see cref="ClusterApiException"/>), then the Services, then only
    /// as much of the announcers' records as it takes to name the announcing node (<see cref="Announcers.ReadNodeOfAsync"/>).
    /// </summary>
    public static async Task<LocateFacts> ReadAsync(IClusterApi api, Ipv4Address vip, CancellationToken ct)
    {
        var read = new PartialRead();
        var nodes = await api.ListNodesAsync(ct).ConfigureAwait(false);
        var service = (await read.OptionalAsync("services", "the Service holding the VIP is not named", (IReadOnlyList<ServiceSnapshot>)[],
            () => api.ListLoadBalancerServicesAsync(ct)).ConfigureAwait(false)).FirstOrDefault(s => s.Vips.Contains(vip.ToString()));
        var announcer = service is null ? null : await Announcers.ReadNodeOfAsync(api, service, read, ct).ConfigureAwait(false);
        return new LocateFacts(nodes, service, announcer, read.Unread);
    }
}
