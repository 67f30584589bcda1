using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Turns addrwatch lines into probes. addrwatch logs who answered, not who asked, and to the second: the replies for an
/// address within one second are taken as the answers to one probe, in the order logged. A request whose sender is an
/// address someone has answered for is that host claiming it (a gratuitous ARP, as a new speaker sends): an announcement.
/// Addresses that only ever asked (clients) are not reported.
/// </summary>
public sealed class AddrwatchAssembler(EvidenceAnalysis analysis)
{
    private readonly Dictionary<Ipv4Address, VipAccumulator> _answered = [];
    private DateTimeOffset? _last;

    public void Line(in AddrwatchLine line)
    {
        // For() would start tracking every client that ever asked: only addresses someone answered for are looked up.
        if (!analysis.Wants(line.Ip)) return;
        if (_last is null || line.Time > _last) _last = line.Time;
        switch (line.Origin)
        {
            case AddrwatchOrigin.Reply:
                if (analysis.For(line.Ip) is not { } acc) return;
                _answered.TryAdd(line.Ip, acc);
                if (!acc.ProbeOpen || acc.ProbeTime != line.Time) acc.BeginProbe(line.Time);
                acc.Reply(line.Mac, line.Time);
                break;
            case AddrwatchOrigin.Request:
                if (_answered.TryGetValue(line.Ip, out var claimed)) claimed.Announcement(line.Mac, line.Time);
                break;
        }
    }

    public void End()
    {
        foreach (var acc in _answered.Values) acc.EndOfEvidence(_last);
    }
}
