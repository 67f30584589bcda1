using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Observations;

/// <summary>
/// What every source of ARP evidence yields, one at a time: live probing (the probe engine), every evidence reader
/// (captures, arping, arp-scan, tcpdump text, neighbour caches, watch logs) and the agent. The one history of
/// responders (<c>ResponderHistory</c>) folds them into events and phases.
/// </summary>
/// <param name="Time">When it happened; null when the evidence has no clock (arping without stamps).</param>
public abstract record Observation(DateTimeOffset? Time, Ipv4Address Vip);

/// <summary>One reply heard in a round.</summary>
/// <param name="Time">When it arrived; null without a clock.</param>
/// <param name="RoundTrip">From the request to this reply, when the evidence says.</param>
public readonly record struct Reply(MacAddress Mac, DateTimeOffset? Time = null, TimeSpan? RoundTrip = null);

/// <summary>How a round's answer was seen.</summary>
public enum RoundSource
{
    /// <summary>A broadcast request and every reply to it within the wait: a fresh answer.</summary>
    Request,
    /// <summary>
    /// A record of what clients resolve the VIP to (a neighbour-cache snapshot, an arpwatch line): one MAC at most, and
    /// the same entry seen again is not a fresh answer.
    /// </summary>
    Cache,
}

/// <summary>
/// One round for one VIP (README "Words"): a request and the replies to it, in arrival order; the first is the winner.
/// No replies: nobody answered.
/// </summary>
public sealed record Round(DateTimeOffset? Time, Ipv4Address Vip, IReadOnlyList<Reply> Replies, RoundSource Source = RoundSource.Request)
    : Observation(Time, Vip)
{
    /// <summary>The MAC a client re-resolving now would use; null when nobody answered.</summary>
    public MacAddress? Winner => Replies.Count > 0 ? Replies[0].Mac : null;
}

/// <summary>A MAC claimed the VIP unasked: a gratuitous ARP, or an announcer saying so in its log.</summary>
public sealed record Announcement(DateTimeOffset? Time, Ipv4Address Vip, MacAddress Mac) : Observation(Time, Vip);

/// <summary>The connection <c>watch --hold</c> keeps open to the VIP broke.</summary>
public sealed record ConnectionDrop(DateTimeOffset When, Ipv4Address Vip, string Reason) : Observation(When, Vip);
