using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Observations;

/// <summary>
/// An announcer saying in its log that a node took (or gave up) the VIP: MetalLB's speaker (<c>serviceAnnounced</c>,
/// <c>serviceWithdrawn</c>, the <c>nodeAssigned</c> Event), kube-vip's leader election. It names a node, not a MAC: which
/// MAC that node answers with is the node map's business. Two nodes claiming one VIP without a release between them
/// are two announcers.
/// </summary>
/// <param name="Time">When it was logged; null when the log line has no time.</param>
/// <param name="Node">The node that claimed the VIP; the announcer's pod name when the log does not say its node.</param>
/// <param name="Released">The node gave the VIP up (a withdrawal, lost leadership) rather than taking it.</param>
public sealed record Claim(DateTimeOffset? Time, Ipv4Address Vip, string Node, bool Released = false) : Observation(Time, Vip);
