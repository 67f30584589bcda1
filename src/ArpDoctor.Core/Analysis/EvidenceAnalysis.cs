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

    public EvidenceAnalysis(Ipv4Address? onlyVip = null, int timelineCapacity = BoundedTimeline.DefaultCapacity)
    {
        OnlyVip = onlyVip;
        _timelineCapacity = timelineCapacity;
        if (onlyVip is { } v) _vips[v] = new VipAccumulator(v, timelineCapacity);
    }

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
        return _vips[vip] = new VipAccumulator(vip, _timelineCapacity);
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
