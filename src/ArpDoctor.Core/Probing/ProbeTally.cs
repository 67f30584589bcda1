using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Probing;

/// <summary>
/// Attributes captured ARP frames to the broadcast probes sent for one VIP. Pure bookkeeping:
/// the caller says when each probe left and feeds every captured frame with its capture time.
/// </summary>
/// <remarks>
/// A reply belongs to the latest probe sent before it arrived. When the capture also shows our own
/// request leaving (libpcap sees outgoing frames), that kernel timestamp replaces the send time the
/// caller gave, so round trips are measured on one clock.
/// </remarks>
public sealed class ProbeTally
{
    private readonly Ipv4Address _vip;
    private readonly MacAddress _sourceMac;
    private readonly List<DateTimeOffset> _sent = [];
    private readonly List<DateTimeOffset> _echoes = [];
    private readonly List<(DateTimeOffset Time, MacAddress Mac, Ipv4Address Ip)> _replies = [];

    public ProbeTally(Ipv4Address vip, MacAddress sourceMac)
    {
        _vip = vip;
        _sourceMac = sourceMac;
    }

    public int ProbesSent => _sent.Count;

    /// <summary>Records that the next probe left at <paramref name="time"/>; returns its 1-based number.</summary>
    public int Sent(DateTimeOffset time)
    {
        _sent.Add(time);
        return _sent.Count;
    }

    /// <summary>Feeds one captured frame; returns true when it is a reply for the VIP addressed to us.</summary>
    public bool Observe(DateTimeOffset time, in ArpFrame frame) => Observe(time, frame, ArpFrameKinds.Classify(frame, _sourceMac));

    /// <summary>Feeds one frame the engine has classified as <paramref name="kind"/>.</summary>
    public bool Observe(DateTimeOffset time, in ArpFrame frame, ArpFrameKind kind)
    {
        if (kind == ArpFrameKind.OurRequest && frame.TargetIp == _vip)
        {
            _echoes.Add(time);
            return false;
        }
        if (kind != ArpFrameKind.ReplyToUs || frame.SenderIp != _vip) return false;
        _replies.Add((time, frame.SenderMac, frame.SenderIp));
        return true;
    }

    /// <summary>When probe <paramref name="index"/> (0-based) left: its captured echo when seen, else what the caller said.</summary>
    private DateTimeOffset SendTime(int index) =>
        _echoes.Count == _sent.Count ? _echoes[index] : _sent[index];

    /// <summary>Replies attributed to probes, ordered by arrival; replies before the first probe are dropped.</summary>
    public IReadOnlyList<ProbeReply> Replies()
    {
        var result = new List<ProbeReply>(_replies.Count);
        foreach (var (time, mac, ip) in _replies.OrderBy(r => r.Time))
        {
            int probe = ProbeBefore(time);
            if (probe == 0) continue;
            result.Add(new ProbeReply(probe, mac, ip, time - SendTime(probe - 1), time));
        }
        return result;
    }

    private int ProbeBefore(DateTimeOffset time)
    {
        for (int i = _sent.Count - 1; i >= 0; i--)
            if (SendTime(i) <= time) return i + 1;
        return 0;
    }

    /// <summary>Replies grouped by MAC, most first replies first, then most replies, then MAC.</summary>
    public static IReadOnlyList<ResponderSummary> Summarise(IReadOnlyList<ProbeReply> replies)
    {
        var winnerByProbe = new Dictionary<int, MacAddress>();
        foreach (var r in replies)
            winnerByProbe.TryAdd(r.Probe, r.Mac);
        return replies
            .GroupBy(r => r.Mac)
            .Select(g => new ResponderSummary(g.Key, g.Count(), winnerByProbe.Values.Count(m => m == g.Key)))
            .OrderByDescending(s => s.Wins)
            .ThenByDescending(s => s.Replies)
            .ThenBy(s => s.Mac)
            .ToList();
    }

    public ProbeResult ToResult(string interfaceName, Ipv4Address sourceIp, TimeSpan elapsed)
    {
        var replies = Replies();
        return new ProbeResult(_vip, interfaceName, _sourceMac, sourceIp, _sent.Count, replies, Summarise(replies), elapsed);
    }
}
