using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Notices where a source's clock goes back: an observation more than <see cref="Tolerance"/> before the latest one of
/// its VIP in the same run (<c>cat arping.log arping.log.1</c>, newest first). Judged per VIP because a reader may yield
/// one VIP's probe after later probes of another (a capture's probe stays open until that VIP's next request).
/// </summary>
internal sealed class ClockSteps
{
    /// <summary>
    /// A step back this small is not a new run: tcpdump <c>-i any</c> and merged captures put frames milliseconds out of
    /// order, and a reader yields a probe up to its reply window (1 s) after an announcement heard meanwhile.
    /// </summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(2);

    private readonly Dictionary<Ipv4Address, DateTimeOffset> _latest = [];

    /// <summary>
    /// When <paramref name="observation"/> goes back: the latest time of its VIP before it (and a new run starts with
    /// it); otherwise null.
    /// </summary>
    public DateTimeOffset? Back(Observation observation)
    {
        if (observation.Time is not { } t) return null;
        if (_latest.TryGetValue(observation.Vip, out var latest))
        {
            if (t < latest - Tolerance)
            {
                _latest.Clear();
                _latest[observation.Vip] = t;
                return latest;
            }
            if (t > latest) _latest[observation.Vip] = t;
        }
        else if (_latest.Count < EvidenceAnalysis.MaxVips) _latest[observation.Vip] = t;
        return null;
    }

    /// <summary><c>the clock goes back from 23:00:05 to 21:00:00 UTC</c> (with dates when the days differ).</summary>
    public static string Words(DateTimeOffset from, DateTimeOffset to)
    {
        var (a, b) = (from.UtcDateTime, to.UtcDateTime);
        return a.Date == b.Date
            ? FormattableString.Invariant($"the clock goes back from {a:HH:mm:ss} to {b:HH:mm:ss} UTC")
            : FormattableString.Invariant($"the clock goes back from {a:yyyy-MM-dd HH:mm:ss} to {b:yyyy-MM-dd HH:mm:ss} UTC");
    }
}
