using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Analysis;

/// <summary>What a timeline point shows.</summary>
public enum TimelineMark
{
    /// <summary>A reply that arrived after another MAC's reply to the same probe.</summary>
    Reply,
    /// <summary>The first reply to a probe: what a client re-resolving then would have used.</summary>
    Winner,
    /// <summary>A gratuitous ARP: a node announcing it holds the VIP (MetalLB does so on failover).</summary>
    Announcement,
}

/// <summary>One MAC answering at one moment. <paramref name="Time"/> is null where the evidence has no clock (plain arping text).</summary>
/// <param name="Probe">1-based probe ordinal within this VIP's evidence.</param>
public readonly record struct TimelinePoint(long Probe, DateTimeOffset? Time, MacAddress Mac, TimelineMark Mark);
