using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Analysis;

/// <summary>
/// All VIPs seen in all evidence. Evidence readers call <see cref="For"/> and feed the accumulator it
/// gives; a <c>null</c> means the VIP is filtered out (or the VIP limit is reached) and the caller skips it.
/// </summary>
public sealed class EvidenceAnalysis
{
    /// <summary>Distinct VIPs tracked; beyond this a capture of a whole subnet is summarised by a warning, not by memory.</summary>
    public const int MaxVips = 4096;

    private readonly Dictionary<Ipv4Address, VipAccumulator> _vips = [];
    private readonly List<string> _warnings = [];
    private readonly int _timelineCapacity;
    private long _vipsDropped;

    public EvidenceAnalysis(Ipv4Address? onlyVip = null, int timelineCapacity = BoundedTimeline.DefaultCapacity, TimeWindow window = default)
        : this(onlyVip, timelineCapacity, window, stopsAtFirstClock: false)
    {
    }

    private EvidenceAnalysis(Ipv4Address? onlyVip, int timelineCapacity, TimeWindow window, bool stopsAtFirstClock)
    {
        StopsAtFirstClock = stopsAtFirstClock;
        OnlyVip = onlyVip;
        _timelineCapacity = timelineCapacity;
        Window = window;
        if (onlyVip is { } v) _vips[v] = new VipAccumulator(v, timelineCapacity, window, this);
    }

    /// <summary>
    /// An analysis that only looks for the evidence's first clock reading (to order several files by time): the first
    /// probe or announcement with a time throws <see cref="FirstClockReading"/> with it; so does (with null) the
    /// <see cref="ClocklessLimit"/>th one without.
    /// </summary>
    public static EvidenceAnalysis FirstClockFinder(Ipv4Address? onlyVip) => new(onlyVip, 2, default, stopsAtFirstClock: true);

    public const int ClocklessLimit = 10_000;
    public bool StopsAtFirstClock { get; }
    private long _clockless;

    internal void Clock(DateTimeOffset? time)
    {
        if (time is { } t) throw new FirstClockReading(t);
        if (++_clockless >= ClocklessLimit) throw new FirstClockReading(null);
    }

    /// <summary>Only evidence within this window counts (<c>--since</c>/<c>--until</c>).</summary>
    public TimeWindow Window { get; }

    /// <summary>The latest clock reading seen so far, in any VIP's evidence; null without a clock.</summary>
    public DateTimeOffset? Latest => _vips.Values.Select(v => v.Latest).Max();

    public Ipv4Address? OnlyVip { get; }

    /// <summary>True when evidence for <paramref name="vip"/> is wanted (cheap; for hot loops).</summary>
    public bool Wants(Ipv4Address vip) => OnlyVip is not { } only || only == vip;

    public VipAccumulator? For(Ipv4Address vip)
    {
        if (OnlyVip is { } only && only != vip) return null;
        if (_vips.TryGetValue(vip, out var acc)) return acc;
        if (_vips.Count >= MaxVips)
        {
            _vipsDropped++;
            return null;
        }
        return _vips[vip] = new VipAccumulator(vip, _timelineCapacity, Window, this);
    }

    public void Warn(string warning)
    {
        if (_warnings.Count < VipAccumulator.MaxWarnings) _warnings.Add(warning);
    }

    public AnalysisReport ToReport(TimeSpan firewallTimeout)
    {
        var warnings = _warnings.ToList();
        if (_vipsDropped > 0)
            warnings.Add($"more than {MaxVips} addresses in the evidence; evidence for the others ({_vipsDropped} items) was skipped, so the verdict is incomplete (use --vip)");
        var reports = _vips.Values.Select(v => v.ToReport(firewallTimeout))
            .OrderByDescending(r => AnalysisReport.Severity(r.Verdict)).ThenBy(r => r.Vip)
            .ToList();
        return new AnalysisReport(reports, warnings, _vipsDropped);
    }
}

/// <summary>Thrown by a <see cref="EvidenceAnalysis.FirstClockFinder"/> to stop reading: the first time in the evidence, or null when it has none early on.</summary>
public sealed class FirstClockReading(DateTimeOffset? time) : Exception("first clock reading found")
{
    public DateTimeOffset? Time { get; } = time;
}
