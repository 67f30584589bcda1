using System.Runtime.CompilerServices;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Turns captured ARP frames into rounds: a request for an IP opens a round, replies from that IP within
/// <see cref="ReplyWindow"/> answer it, a gratuitous ARP is an announcement, and so is a reply that follows no request
/// within its window (an unsolicited reply). Addresses only ever asked for (dead hosts
/// in a firewall's capture) cost a counter, not a report, until someone answers for them.
/// </summary>
public sealed class CaptureAssembler
{
    /// <summary>Replies later than this after a request are not counted as answering it.</summary>
    public static readonly TimeSpan ReplyWindow = TimeSpan.FromSeconds(1);
    /// <summary>Unanswered addresses remembered at once; beyond this the table starts over.</summary>
    public const int MaxPending = 65_536;
    /// <summary>Addresses remembered as answered for; beyond this, requests for further ones only count as unanswered.</summary>
    public const int MaxKnown = 65_536;

    private readonly IObservationSink _sink;
    private readonly EvidenceFeed? _feed;
    private readonly Ipv4Address? _onlyVip;
    private readonly RoundRecorder _rounds;
    private readonly Dictionary<Ipv4Address, (DateTimeOffset Last, long Count)> _pending = [];
    private readonly HashSet<Ipv4Address> _known = [];

    /// <summary>Frames into rounds and announcements for <paramref name="sink"/>.</summary>
    /// <param name="onlyVip">The VIP asked for: requests nobody answered still count for it; others are skipped.</param>
    public CaptureAssembler(IObservationSink sink, Ipv4Address? onlyVip = null) : this(sink, onlyVip, null)
    {
    }

    /// <summary>Frames straight into <paramref name="analysis"/>, as one capture source.</summary>
    public CaptureAssembler(EvidenceAnalysis analysis) : this(null, analysis.OnlyVip, analysis.Begin(EvidenceFormats.CaptureTraits))
    {
    }

    private CaptureAssembler(IObservationSink? sink, Ipv4Address? onlyVip, EvidenceFeed? feed)
    {
        _feed = feed;
        _sink = sink ?? feed!;
        _onlyVip = onlyVip;
        // A feed adds each round before the next frame is read: the rounds can share their reply buffers.
        _rounds = new RoundRecorder(_sink, sinkAddsAtOnce: feed is not null);
    }

    public long Frames { get; private set; }
    public long ArpFrames { get; private set; }
    public DateTimeOffset? LastTime { get; private set; }

    /// <summary>Counts a frame that was not ARP (or not decodable).</summary>
    public void Skipped() => Frames++;

    private bool Wants(Ipv4Address ip) => _onlyVip is not { } only || only == ip;

    // Runs once per captured frame: compiled fully optimised at once rather than through the tiers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Observe(DateTimeOffset time, in ArpFrame frame)
    {
        Frames++;
        ArpFrames++;
        LastTime = time;
        if (frame.IsGratuitous)
        {
            if (!Wants(frame.SenderIp)) return;
            Answered(frame.SenderIp);
            _rounds.Announce(frame.SenderIp, frame.SenderMac, time);
            return;
        }
        if (frame.Operation == ArpOperation.Request)
        {
            var ip = frame.TargetIp;
            if (!Wants(ip)) return;
            if (_known.Contains(ip))
            {
                _rounds.Begin(ip, time);
                return;
            }
            if (_pending.Count >= MaxPending && !_pending.ContainsKey(ip)) _pending.Clear();
            _pending[ip] = _pending.TryGetValue(ip, out var p) ? (time, p.Count + 1) : (time, 1);
            return;
        }
        var vip = frame.SenderIp;
        if (!Wants(vip)) return;
        Answered(vip);
        if (_rounds.IsOpen(vip, out var opened) && opened is { } since && time - since > ReplyWindow) _rounds.End(vip);
        // A reply answers a request only within the request's window; one nobody asked for (before any request, or
        // after the window) claims the address unasked, like a gratuitous ARP: it answers no later request.
        if (_rounds.IsOpen(vip, out _)) _rounds.Reply(vip, frame.SenderMac, time);
        else _rounds.Announce(vip, frame.SenderMac, time);
    }

    /// <summary>Someone answers for <paramref name="ip"/>: requests for it seen before are replayed as rounds, the last left open.</summary>
    private void Answered(Ipv4Address ip)
    {
        if (_known.Contains(ip) || _known.Count >= MaxKnown) return;
        _known.Add(ip);
        if (_pending.Remove(ip, out var p))
        {
            for (long i = 1; i < p.Count; i++) _sink.Add(new Round(null, ip, []));
            _rounds.Begin(ip, p.Last);
        }
    }

    /// <summary>At the end: open rounds are closed; with a VIP asked for, requests nobody answered still count as unanswered rounds.</summary>
    public void End()
    {
        _rounds.EndAll();
        foreach (var (ip, p) in _pending)
        {
            if (_onlyVip != ip) continue;
            for (long i = 0; i < p.Count; i++) _sink.Add(new Round(i == p.Count - 1 ? p.Last : null, ip, []));
        }
        _pending.Clear();
        _feed?.End(LastTime);
    }
}
