using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Feeds observations of the form "at this time, clients resolve this IP to this MAC" (arpwatch, neighbour-cache
/// snapshots) as a time series: a different MAC than the last one is a change of winner, a missing answer is no answer.
/// Memory: one accumulator per IP, which <see cref="EvidenceAnalysis"/> bounds.
/// </summary>
public sealed class ResolutionFeeder(EvidenceAnalysis analysis)
{
    private readonly HashSet<VipAccumulator> _touched = [];
    private DateTimeOffset? _last;

    /// <summary>Whether this IP has been observed before in this evidence.</summary>
    public bool Seen(Ipv4Address ip) => analysis.Wants(ip) && analysis.For(ip) is { } acc && _touched.Contains(acc);

    /// <summary>Clients resolve <paramref name="ip"/> to <paramref name="mac"/> from <paramref name="time"/> on (null: nobody answers).</summary>
    public void Observe(Ipv4Address ip, MacAddress? mac, DateTimeOffset? time)
    {
        if (!analysis.Wants(ip) || analysis.For(ip) is not { } acc) return;
        _touched.Add(acc);
        if (time is { } t && (_last is null || t > _last)) _last = t;
        // Records made on change or at intervals, not requests: a cache round (the same entry again is not a fresh answer).
        analysis.Add(new Round(time, ip, mac is { } m ? [new Reply(m, time)] : [], RoundSource.Cache));
    }

    /// <summary>Closes every IP's time share at the last observation's time.</summary>
    public void End()
    {
        foreach (var acc in _touched) acc.EndOfEvidence(_last);
    }
}
