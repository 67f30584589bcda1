using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>What an announcer's log line says about a VIP.</summary>
public enum AnnouncerEvent
{
    /// <summary>This announcer (or the named node) took the VIPs and answers for them: MetalLB <c>serviceAnnounced</c>, kube-vip adding a VIP.</summary>
    Claimed,
    /// <summary>It gave them up: MetalLB <c>serviceWithdrawn</c>, kube-vip losing its lease.</summary>
    Released,
    /// <summary>A leader election named a winner (kube-vip <c>new leader elected</c>); no VIP on the line.</summary>
    LeaderElected,
    /// <summary>This announcer won its lease (<c>successfully acquired lease</c>); no VIP, no node on the line.</summary>
    LeaseAcquired,
    /// <summary>It sent a gratuitous ARP for a VIP from a MAC (kube-vip <c>Broadcasting ARP update for IP (MAC)</c>): an announcement.</summary>
    Broadcast,
    /// <summary>The controller gave the service its address (MetalLB <c>IPAllocated</c>: <c>Assigned IP ["IP"]</c>); who announces it is another line.</summary>
    Allocated,
    /// <summary>It answered a request for a VIP with a MAC (MetalLB's debug <c>got ARP request for service IP, sending response</c>): a reply.</summary>
    Answered,
    /// <summary>The name this announcer runs under (kube-vip <c>Using node name [X]</c>): who "this node" is in its later lines.</summary>
    Identity,
}

/// <summary>One announcer log line, read.</summary>
/// <param name="Announcer"><c>metallb</c> or <c>kube-vip</c>.</param>
/// <param name="Node">The node the line names (MetalLB's Event, a kube-vip election); null when it speaks of itself.</param>
/// <param name="Pod">The announcer's pod, from a <c>kubectl logs --prefix</c> or <c>stern</c> prefix; null without one.</param>
/// <param name="Mac">For <see cref="AnnouncerEvent.Broadcast"/> and <see cref="AnnouncerEvent.Answered"/>: the MAC the ARP carried.</param>
/// <param name="Service">The service (<c>namespace/name</c>) when the line names it.</param>
public readonly record struct AnnouncerLogLine(DateTimeOffset? Time, string Announcer, AnnouncerEvent Event, IReadOnlyList<Ipv4Address> Vips,
    string? Node = null, string? Pod = null, MacAddress? Mac = null, string? Service = null);
