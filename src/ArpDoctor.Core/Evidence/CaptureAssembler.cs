using System.Runtime.CompilerServices;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Turns captured ARP frames into probes: a request for an IP opens a probe, replies from that IP
/// within <see cref="ReplyWindow"/> answer it, a gratuitous ARP is an announcement. Addresses only
/// ever asked for (dead hosts in a firewall's capture) cost a counter, not a report, until someone
/// answers for them.
/// </summary>
public sealed class CaptureAssembler(EvidenceAnalysis analysis)
{
    /// <summary>Replies later than this after a request are not counted as answering it.</summary>
    public static readonly TimeSpan ReplyWindow = TimeSpan.FromSeconds(1);
    /// <summary>Unanswered addresses remembered at once; beyond this the table starts over.</summary>
    public const int MaxPending = 65_536;

    // A capture's traits (pcap, pcapng and tcpdump text alike): given once, here.
    private readonly bool _reading = Read(analysis);
    private readonly Dictionary<Ipv4Address, (DateTimeOffset Last, long Count)> _pending = [];

    private static bool Read(EvidenceAnalysis analysis)
    {
        analysis.Reading(EvidenceKind.Pcap);
        return true;
    }
    private readonly Dictionary<Ipv4Address, VipAccumulator> _known = [];
    private VipAccumulator? _lastAccumulator;

    public long Frames { get; private set; }
    public long ArpFrames { get; private set; }
    public DateTimeOffset? LastTime { get; private set; }

    /// <summary>Counts a frame that was not ARP (or not decodable).</summary>
    public void Skipped() => Frames++;

    // Runs once per captured frame: compiled fully optimised at once rather than through the tiers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Observe(DateTimeOffset time, in ArpFrame frame)
    {
        Frames++;
        ArpFrames++;
        LastTime = time;
        if (frame.IsGratuitous)
        {
            if (analysis.Wants(frame.SenderIp) && Accumulator(frame.SenderIp) is { } announced)
                announced.Announcement(frame.SenderMac, time);
            return;
        }
        if (frame.Operation == ArpOperation.Request)
        {
            var ip = frame.TargetIp;
            if (!analysis.Wants(ip)) return;
            if ((_lastAccumulator is { } last && last.Vip == ip ? last : _known.GetValueOrDefault(ip)) is { } acc)
            {
                _lastAccumulator = acc;
                acc.BeginProbe(time);
                return;
            }
            if (_pending.Count >= MaxPending && !_pending.ContainsKey(ip)) _pending.Clear();
            _pending[ip] = _pending.TryGetValue(ip, out var p) ? (time, p.Count + 1) : (time, 1);
            return;
        }
        var vip = frame.SenderIp;
        if (!analysis.Wants(vip) || Accumulator(vip) is not { } target) return;
        if (target.ProbeOpen && target.ProbeTime is { } opened && time - opened > ReplyWindow) target.EndProbe();
        target.Reply(frame.SenderMac, time);
    }

    /// <summary>The accumulator for an IP someone answered for; requests seen before are replayed as probes.</summary>
    private VipAccumulator? Accumulator(Ipv4Address ip)
    {
        if (_lastAccumulator is { } last && last.Vip == ip) return last;
        if (_known.TryGetValue(ip, out var acc)) return _lastAccumulator = acc;
        acc = analysis.For(ip);
        if (acc is null) return null;
        _known[ip] = acc;
        _lastAccumulator = acc;
        if (_pending.Remove(ip, out var p))
        {
            for (long i = 1; i < p.Count; i++)
            {
                acc.BeginProbe(null);
                acc.EndProbe();
            }
            acc.BeginProbe(p.Last);
        }
        return acc;
    }

    /// <summary>At the end: with <c>--vip</c>, requests nobody answered still count as unanswered probes.</summary>
    public void End()
    {
        foreach (var (ip, p) in _pending)
        {
            if (analysis.OnlyVip != ip || analysis.For(ip) is not { } acc) continue;
            for (long i = 0; i < p.Count; i++)
            {
                acc.BeginProbe(i == p.Count - 1 ? p.Last : null);
                acc.EndProbe();
            }
        }
        _pending.Clear();
    }
}
