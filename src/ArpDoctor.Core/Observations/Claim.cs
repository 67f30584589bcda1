using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Observations;

/// <summary>
/// An announcer saying in its log that a node took (or gave up) the VIP: MetalLB's speaker (<c>serviceAnnounced</c>,
/// <c>serviceWithdrawn</c>, the <c>nodeAssigned</c> Event), kube-vip's leader election, keepalived entering MASTER state
/// and sending gratuitous ARPs. It names a node, not a MAC: which MAC that node answers with is the node map's business.
/// Two nodes claiming one VIP without a release between them are two announcers.
/// </summary>
/// <param name="Time">When it was logged; null when the log line has no time.</param>
/// <param name="Node">The node that claimed the VIP; the announcer's pod name when the log does not say its node;
/// <see cref="ThisAnnouncer"/> when the log never says who wrote it.</param>
/// <param name="Released">The node gave the VIP up (a withdrawal, lost leadership, a VRRP instance leaving MASTER) rather than taking it.</param>
/// <param name="Lease">Taken through a lease changing hands (a leader election): whoever held the VIP before gave it up here.</param>
public sealed record Claim(DateTimeOffset? Time, Ipv4Address Vip, string Node, bool Released = false, bool Lease = false) : Observation(Time, Vip)
{
    /// <summary>Who "this node" is when a log never says: its lines are still one announcer's, perhaps a node named elsewhere.</summary>
    public const string ThisAnnouncer = "the announcer whose log this is";

    /// <summary>The claim names no node: it cannot be a second announcer beside a named one.</summary>
    public bool Anonymous => Node == ThisAnnouncer;
}
