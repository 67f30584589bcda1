using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Analysis;

/// <summary>
/// All VIPs seen in all evidence. Readers say what they read once (<see cref="Reading"/>) and hand over every
/// observation through <see cref="Add"/>; observations of VIPs filtered out (or beyond the VIP limit) are left out.
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
        if (onlyVip is { } v) _vips[v] = NewAccumulator(v);
    }

    private VipAccumulator NewAccumulator(Ipv4Address vip) =>
        new(vip, _timelineCapacity, Window, traitsNow: () => _traits, clock: StopsAtFirstClock ? Clock : null);

    private EvidenceTraits _traits;

    /// <summary>The kind of the evidence read from now on: it says how to read it (<see cref="EvidenceTraits"/>).</summary>
    public void Reading(Evidence.EvidenceKind kind) => _traits = TraitsOf(kind);

    /// <summary>How a kind of evidence is read.</summary>
    public static EvidenceTraits TraitsOf(Evidence.EvidenceKind kind) =>
        (Evidence.EvidenceKindNames.IsTimeSeries(kind) ? EvidenceTraits.TimeSeries : EvidenceTraits.None)
        | (kind is Evidence.EvidenceKind.WatchLog or Evidence.EvidenceKind.Arpwatch or Evidence.EvidenceKind.NeighbourCache
            ? EvidenceTraits.TimeShare : EvidenceTraits.None);

    /// <summary>Folds one observation into its VIP's figures; one of a VIP filtered out is left out.</summary>
    public void Add(Observations.Observation observation)
    {
        if (!Wants(observation.Vip)) return;
        For(observation.Vip)?.Add(observation);
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

    private void Clock(DateTimeOffset? time)
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
        return _vips[vip] = NewAccumulator(vip);
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
