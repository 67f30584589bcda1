namespace ArpDoctor.Core.Scanning;

/// <summary>
/// How long a round keeps listening once every target has answered. Every responder that holds a VIP
/// answers the same broadcast, so the other responders of the target that answered last are due within
/// the reply spread of one probe: the time from a target's first reply to its last. The scan measures
/// that spread on every target it hears (capture timestamps), takes the largest, and after the last
/// target's first reply waits <c>max(<see cref="Floor"/>, <see cref="Factor"/> × largest spread)</c>,
/// never more than <c>--wait</c>. A reply that widens the spread during the settle extends it.
/// </summary>
/// <param name="Floor">The least settle, for scans whose spread is zero (one responder per VIP) or tiny.</param>
/// <param name="Factor">Margin over the largest spread seen: the target that answered last may be slower than the rest.</param>
public readonly record struct ScanSettle(TimeSpan Floor, double Factor)
{
    /// <summary>
    /// 5 ms and 3×: on a LAN every kernel answers a broadcast within a millisecond of the others (under
    /// 0.1 ms over 743 VIPs × 8 responders in the lab); the floor covers scans with one responder per VIP,
    /// and 3× the worst spread of many VIPs leaves room for a target slower than all the others. Our own
    /// scheduling is not in it: before the settle ends the scanner catches up with the capture
    /// (<see cref="Links.IArpLink.CatchUpAsync"/>), so a reply the kernel already had is always counted.
    /// </summary>
    public static readonly ScanSettle Default = new(TimeSpan.FromMilliseconds(5), 3);

    /// <summary>The settle for the largest spread seen so far, capped by <paramref name="wait"/>.</summary>
    public TimeSpan For(TimeSpan largestSpread, TimeSpan wait)
    {
        double scaled = Math.Ceiling(Math.Max(largestSpread.Ticks, 0) * Factor);
        var settle = scaled > Floor.Ticks ? (scaled >= wait.Ticks ? wait : TimeSpan.FromTicks((long)scaled)) : Floor;
        return settle < wait ? settle : wait;
    }
}
