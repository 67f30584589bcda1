using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Assembles rounds from evidence that shows a request and its replies apart (capture frames, addrwatch lines, the
/// replies of arpdoctor JSON): per VIP, a round is opened, answered and closed, and handed to the sink as one
/// <see cref="Round"/> when closed. A reply with no round open opens one (an unsolicited reply). Memory: the open
/// rounds only; beyond <see cref="MaxOpen"/> of them all are closed.
/// </summary>
/// <param name="sinkAddsAtOnce">
/// The sink is done with each round when <see cref="IObservationSink.Add"/> returns (an analysis' feed, which copies
/// what it keeps): the rounds then share one reply buffer per VIP, so a capture of millions of rounds allocates next
/// to nothing for them. Never for a sink that holds rounds (a reader's queue, a look-ahead).
/// </param>
public sealed class RoundRecorder(IObservationSink sink, bool sinkAddsAtOnce = false)
{
    /// <summary>Rounds held open at once.</summary>
    public const int MaxOpen = 65_536;

    private sealed class Open
    {
        public DateTimeOffset? Time;
        public bool Active;
        public List<Reply> Replies = [];
        public List<Announcement>? Announcements;
    }

    // With sinkAddsAtOnce, one per VIP seen (closed ones are reused); otherwise only the open ones.
    private readonly Dictionary<Ipv4Address, Open> _rounds = [];
    private int _active;

    /// <summary>Opens a round for <paramref name="vip"/> at <paramref name="time"/> (null: no clock), closing the one open.</summary>
    public void Begin(Ipv4Address vip, DateTimeOffset? time)
    {
        End(vip);
        if (_active >= MaxOpen) EndAll();
        if (!_rounds.TryGetValue(vip, out var open))
        {
            if (_rounds.Count >= MaxOpen) Forget();
            _rounds[vip] = open = new Open();
        }
        open.Time = time;
        open.Active = true;
        _active++;
    }

    /// <summary>A reply to the open round; opens one at the reply's time when none is.</summary>
    public void Reply(Ipv4Address vip, MacAddress mac, DateTimeOffset? time)
    {
        if (!_rounds.TryGetValue(vip, out var open) || !open.Active)
        {
            Begin(vip, time);
            open = _rounds[vip];
        }
        open.Replies.Add(new Reply(mac, time));
    }

    /// <summary>Whether a round is open for <paramref name="vip"/>, and since when.</summary>
    public bool IsOpen(Ipv4Address vip, out DateTimeOffset? since)
    {
        bool active = _rounds.TryGetValue(vip, out var open) && open.Active;
        since = active ? open!.Time : null;
        return active;
    }

    /// <summary>
    /// A MAC claims <paramref name="vip"/> unasked. While a round is open it is handed on just after that round (it came
    /// after the request), so what is handed on stays in time order.
    /// </summary>
    public void Announce(Ipv4Address vip, MacAddress mac, DateTimeOffset? time)
    {
        var announcement = new Announcement(time, vip, mac);
        if (_rounds.TryGetValue(vip, out var open) && open.Active) (open.Announcements ??= []).Add(announcement);
        else sink.Add(announcement);
    }

    /// <summary>Closes the round open for <paramref name="vip"/>, if any, and hands it on.</summary>
    public void End(Ipv4Address vip)
    {
        if (!_rounds.TryGetValue(vip, out var open) || !open.Active) return;
        open.Active = false;
        _active--;
        sink.Add(new Round(open.Time, vip, open.Replies));
        if (sinkAddsAtOnce) open.Replies.Clear();
        else
        {
            _rounds.Remove(vip);
            open.Replies = [];
        }
        if (open.Announcements is { } announcements)
        {
            open.Announcements = null;
            foreach (var a in announcements) sink.Add(a);
        }
    }

    /// <summary>Closes every open round (at the end of the evidence).</summary>
    public void EndAll()
    {
        foreach (var (vip, open) in _rounds.ToList())
            if (open.Active) End(vip);
    }

    /// <summary>Drops the reusable buffers of closed rounds.</summary>
    private void Forget()
    {
        foreach (var (vip, open) in _rounds.ToList())
            if (!open.Active) _rounds.Remove(vip);
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
