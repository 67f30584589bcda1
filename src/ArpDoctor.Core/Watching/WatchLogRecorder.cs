using ArpDoctor.Core.History;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Watching;

/// <summary>
/// What a watch writes to its log: every event, and its rounds as <see cref="RoundRun"/> records, so analyze can replay
/// the rounds through the same history instead of guessing them back from the events. Rounds that repeat the VIP's last
/// answer (the same MACs in the same order) are only counted; the run is written before any other line of that VIP (so
/// the log keeps the order the history saw), when the answer changes, after <see cref="LongestRun"/>, and at the end.
/// Pure: observations in, lines out. Memory: one run per VIP.
/// </summary>
/// <remarks>
/// Size: a VIP whose answer never changes costs one line (~120 bytes) an hour; one that changes every round costs one
/// line per round, about as much as the <c>winner-changed</c> events it causes anyway.
/// </remarks>
public sealed class WatchLogRecorder
{
    /// <summary>A run is written at least this often, so a watch killed without its end loses at most this much.</summary>
    public static readonly TimeSpan LongestRun = TimeSpan.FromHours(1);

    private sealed class Run(DateTimeOffset time, MacAddress[] responders)
    {
        public readonly DateTimeOffset Time = time;
        public readonly MacAddress[] Responders = responders;
        public DateTimeOffset Until = time;
        public long Count = 1;
    }

    private readonly Dictionary<Ipv4Address, Run> _runs = [];
    private readonly List<byte[]> _lines = [];

    /// <summary>A round ended: the lines to write now (often none).</summary>
    public IReadOnlyList<byte[]> Round(Round round)
    {
        _lines.Clear();
        var time = round.Time ?? throw new ArgumentException("a watch round has a time", nameof(round));
        var responders = new MacAddress[round.Replies.Count];
        for (int i = 0; i < responders.Length; i++) responders[i] = round.Replies[i].Mac;
        if (_runs.TryGetValue(round.Vip, out var run) && run.Responders.AsSpan().SequenceEqual(responders) && time - run.Time < LongestRun)
        {
            run.Count++;
            run.Until = time;
            return _lines;
        }
        if (run is not null) _lines.Add(Close(round.Vip, run));
        _runs[round.Vip] = new Run(time, responders);
        return _lines;
    }

    /// <summary>An event: the VIP's run so far, then the event.</summary>
    public IReadOnlyList<byte[]> Event(WatchEvent e)
    {
        _lines.Clear();
        if (_runs.TryGetValue(e.Vip, out var run)) _lines.Add(Close(e.Vip, run));
        _lines.Add(WatchLogFormat.ToLine(e));
        return _lines;
    }

    /// <summary>The end of the watch: every run still open.</summary>
    public IReadOnlyList<byte[]> End()
    {
        _lines.Clear();
        foreach (var (vip, run) in _runs.ToList()) _lines.Add(Close(vip, run));
        return _lines;
    }

    private byte[] Close(Ipv4Address vip, Run run)
    {
        _runs.Remove(vip);
        return WatchLogFormat.ToLine(new RoundRun(run.Time, run.Until, vip, run.Responders, run.Count));
    }
}
