using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Analysis;

/// <summary>
/// All VIPs seen in all evidence. Each source is begun once with its traits (<see cref="Begin"/>) and its observations
/// added through the feed that gives; a VIP filtered out (or beyond the VIP limit) is skipped there.
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
    {
        OnlyVip = onlyVip;
        _timelineCapacity = timelineCapacity;
        Window = window;
        if (onlyVip is { } v) _vips[v] = new VipAccumulator(v, timelineCapacity, window);
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
        return _vips[vip] = new VipAccumulator(vip, _timelineCapacity, Window);
    }

    /// <summary>Starts one source of evidence: its observations go to the feed this returns, judged by <paramref name="traits"/>.</summary>
    /// <param name="name">The source's name: each of its warnings begins with it (<c>FILE: line 11: ...</c>).</param>
    public EvidenceFeed Begin(SourceTraits traits, string? name = null) => new(this, traits, name);

    /// <summary>The one place observations meet the per-VIP bookkeeping: each goes to its VIP's fold with its source's traits.</summary>
    internal void Add(Observation observation, EvidenceFeed from)
    {
        if (For(observation.Vip) is not { } acc) return;
        from.Touched(acc);
        acc.Add(observation, from.Traits);
    }

    /// <summary>The end of a source: with <see cref="SourceTraits.HoldsToEnd"/>, every VIP it touched holds its last state until <paramref name="lastTime"/>.</summary>
    internal void End(EvidenceFeed from, IEnumerable<VipAccumulator> touched, DateTimeOffset? lastTime)
    {
        // A source of several blocks is one source: a VIP touched before a later block widened its traits is judged by them too.
        foreach (var acc in touched) acc.JudgeAs(from.Traits);
        if ((from.Traits & SourceTraits.HoldsToEnd) == 0) return;
        foreach (var acc in touched) acc.EndOfEvidence(lastTime);
    }

    /// <summary>Damaged lines an input's reading counted and left out: the verdict is incomplete.</summary>
    public long SkippedLines { get; private set; }

    public void SkipLines(long lines) => SkippedLines += lines;

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
            .OrderByDescending(r => VerdictRules.Severity(r.Verdict)).ThenBy(r => r.Vip)
            .ToList();
        return new AnalysisReport(reports, warnings, _vipsDropped, SkippedLines);
    }
}

/// <summary>
/// One source's way into an <see cref="EvidenceAnalysis"/>: every observation of the source is added here, and the
/// source's traits, given once, say how they are judged.
/// </summary>
public sealed class EvidenceFeed : IObservationSink
{
    private readonly EvidenceAnalysis _analysis;
    private readonly List<VipAccumulator> _touched = [];
    private readonly HashSet<VipAccumulator> _seen = [];
    private bool _ended;

    internal EvidenceFeed(EvidenceAnalysis analysis, SourceTraits traits, string? name)
    {
        _analysis = analysis;
        Traits = traits;
        Name = name;
    }

    /// <summary>How the source's observations are judged: its format's traits, with those of every later block of it.</summary>
    public SourceTraits Traits { get; private set; }

    /// <summary>The source's name, which begins each of its warnings; null: none.</summary>
    public string? Name { get; }

    public void Add(Observation observation) => _analysis.Add(observation, this);

    /// <summary>Widens <see cref="Traits"/>; every VIP the source touches is judged by the widest at its end.</summary>
    public void AddTraits(SourceTraits traits) => Traits |= traits;

    /// <summary>
    /// A warning about the source, named after it (<c>FILE: line 11: ...</c>, as errors are); with a VIP, about that
    /// VIP's evidence (skipped when the VIP is not analysed).
    /// </summary>
    public void Warn(string warning, Ipv4Address? vip = null)
    {
        if (Name is { } name) warning = $"{name}: {warning}";
        if (vip is { } v) _analysis.For(v)?.Warn(warning);
        else _analysis.Warn(warning);
    }

    /// <summary>The source has ended at <paramref name="lastTime"/> (its last clock reading, when it has one). Once.</summary>
    public void End(DateTimeOffset? lastTime)
    {
        if (_ended) return;
        _ended = true;
        _analysis.End(this, _touched, lastTime);
    }

    internal void Touched(VipAccumulator acc)
    {
        if (_seen.Add(acc)) _touched.Add(acc);
    }
}
