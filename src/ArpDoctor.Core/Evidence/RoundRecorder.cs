using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Assembles rounds from evidence that shows a request and its replies apart (capture frames, addrwatch lines, the
/// replies of arpdoctor JSON): per VIP, a round is opened, answered and closed, and handed to the sink as one
/// <see cref="Round"/> when closed. A reply with no round open opens one (an unsolicited reply). Memory: the open
/// rounds only; beyond <see cref="MaxOpen"/> of them all are closed.
/// </summary>
public sealed class RoundRecorder(IObservationSink sink)
{
    /// <summary>Rounds held open at once.</summary>
    public const int MaxOpen = 65_536;

    private sealed class Open(DateTimeOffset? time)
    {
        public readonly DateTimeOffset? Time = time;
        public readonly List<Reply> Replies = [];
        public List<Announcement>? Announcements;
    }

    private readonly Dictionary<Ipv4Address, Open> _open = [];

    /// <summary>Opens a round for <paramref name="vip"/> at <paramref name="time"/> (null: no clock), closing the one open.</summary>
    public void Begin(Ipv4Address vip, DateTimeOffset? time)
    {
        End(vip);
        if (_open.Count >= MaxOpen) EndAll();
        _open[vip] = new Open(time);
    }

    /// <summary>A reply to the open round; opens one at the reply's time when none is.</summary>
    public void Reply(Ipv4Address vip, MacAddress mac, DateTimeOffset? time)
    {
        if (!_open.TryGetValue(vip, out var open)) { Begin(vip, time); open = _open[vip]; }
        open.Replies.Add(new Reply(mac, time));
    }

    /// <summary>Whether a round is open for <paramref name="vip"/>, and since when.</summary>
    public bool IsOpen(Ipv4Address vip, out DateTimeOffset? since)
    {
        since = _open.TryGetValue(vip, out var open) ? open.Time : null;
        return open is not null;
    }

    /// <summary>
    /// A MAC claims <paramref name="vip"/> unasked. While a round is open it is handed on just after that round (it came
    /// after the request), so what is handed on stays in time order.
    /// </summary>
    public void Announce(Ipv4Address vip, MacAddress mac, DateTimeOffset? time)
    {
        var announcement = new Announcement(time, vip, mac);
        if (_open.TryGetValue(vip, out var open)) (open.Announcements ??= []).Add(announcement);
        else sink.Add(announcement);
    }

    /// <summary>Closes the round open for <paramref name="vip"/>, if any, and hands it on.</summary>
    public void End(Ipv4Address vip)
    {
        if (!_open.Remove(vip, out var open)) return;
        sink.Add(new Round(open.Time, vip, open.Replies));
        if (open.Announcements is { } announcements)
            foreach (var a in announcements) sink.Add(a);
    }

    /// <summary>Closes every open round (at the end of the evidence).</summary>
    public void EndAll()
    {
        foreach (var vip in _open.Keys.ToList()) End(vip);
    }

    /// <summary>The verbs of one VIP, for assemblers written per VIP.</summary>
    public VipRounds For(Ipv4Address vip) => new(this, vip);
}

/// <summary>One VIP's rounds in a <see cref="RoundRecorder"/>.</summary>
public readonly record struct VipRounds(RoundRecorder Recorder, Ipv4Address Vip)
{
    public void BeginProbe(DateTimeOffset? time) => Recorder.Begin(Vip, time);
    public void Reply(MacAddress mac, DateTimeOffset? time) => Recorder.Reply(Vip, mac, time);
    public void EndProbe() => Recorder.End(Vip);
}
