using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Collects one arping run (iputils or Habets: header, replies, timeouts, summary), infers its probes and
/// makes them rounds for the sink. Runs end at the next header, at a complete summary, or at the end.
/// A run is held in memory only up to <see cref="MaxRunReplies"/> replies; longer runs are fed in parts.
/// </summary>
/// <param name="onlyVip">The VIP asked for; runs for others are skipped.</param>
public sealed class ArpingRunAssembler(IObservationSink sink, EvidenceKind kind, Ipv4Address? onlyVip = null)
{
    public const int MaxRunReplies = 100_000;
    /// <summary>Both arpings send one probe a second unless told otherwise.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly List<(MacAddress Mac, TimeSpan? RoundTrip, DateTimeOffset? Time)> _replies = [];
    private readonly List<int> _timeoutsBefore = [];
    private Ipv4Address? _vip;
    private long _runLine;
    private DateTimeOffset? _stamp;
    private int? _sent, _received, _broadcasts;
    private int _repliesInRun;
    private bool _open;

    public void Line(in EvidenceLine line, long number)
    {
        switch (line.Kind)
        {
            case LineKind.Stamp:
                if (_open && (_replies.Count > 0 || _timeoutsBefore.Count > 0 || _sent is not null)) Flush(number);
                _stamp = line.Time;
                break;
            case LineKind.RunStart:
                if (_open) Flush(number);
                Open(line.Ip == Ipv4Address.Any ? null : line.Ip, number);
                break;
            case LineKind.Reply:
                if (!_open || (_vip is { } v && v != line.Ip)) { if (_open) Flush(number); Open(line.Ip, number); }
                _vip ??= line.Ip;
                if (_stamp is null && line.Time is { } t) _stamp = t;
                _replies.Add((line.Mac, line.RoundTrip, line.Time));
                _repliesInRun++;
                if (_replies.Count >= MaxRunReplies) Feed(partial: true);
                break;
            case LineKind.Timeout:
                if (!_open) Open(null, number);
                _timeoutsBefore.Add(_replies.Count);
                break;
            case LineKind.Summary:
                if (!_open) Open(null, number);
                _sent = line.Sent ?? _sent;
                _received = line.Received ?? _received;
                _broadcasts = line.Broadcasts ?? _broadcasts;
                if (_sent is not null && _received is not null) Flush(number);
                break;
        }
    }

    public void End(long lastLine)
    {
        if (_open) Flush(lastLine);
    }

    private bool Wants(Ipv4Address vip) => onlyVip is not { } only || only == vip;

    private void Open(Ipv4Address? vip, long number)
    {
        _open = true;
        _vip = vip;
        _runLine = number;
        _sent = _received = _broadcasts = null;
        _repliesInRun = 0;
    }

    private void Flush(long number)
    {
        Feed(partial: false);
        if (_vip is { } vip && Wants(vip))
        {
            if (_received is { } received && received != _repliesInRun && kind == EvidenceKind.IputilsArping)
                sink.Warn($"line {number}: summary says {Words.Count(received, "response")} but the run from line {_runLine} has {Words.Count(_repliesInRun, "reply line")}", vip);
            if (_received is { } r2 && r2 != _repliesInRun && kind == EvidenceKind.HabetsArping)
                sink.Warn($"line {number}: summary says {Words.Count(r2, "packet")} received but the run from line {_runLine} has {Words.Count(_repliesInRun, "reply line")}", vip);
            if (_broadcasts is { } b && _sent is { } s && b < s && _repliesInRun > 0)
                sink.Warn($"line {number}: only {b} of {s} probes were broadcast (arping without -b goes unicast after the first reply, so it only hears that MAC again; other responders stay hidden)", vip);
        }
        _open = false;
        _stamp = null;
    }

    /// <summary>
    /// arping without <c>-b</c> ("Sent N probes (1 broadcast(s))"): the first probe is broadcast and may be answered by
    /// several MACs; every later probe is unicast to the first one and answered once. So the last N-1 replies are one
    /// probe each and the rest belong to the first. <c>null</c> when the run is not of that shape.
    /// </summary>
    private (List<int> Starts, bool Guess)? UnicastAfterFirst(int replies, int timeouts, int? probes)
    {
        if (_broadcasts != 1 || probes is not { } n || n < 2 || timeouts > 0 || replies < n) return null;
        var starts = new List<int> { 0 };
        for (int k = n - 1; k >= 1; k--) starts.Add(replies - k);
        return (starts, false);
    }

    private void Feed(bool partial)
    {
        if (_vip is not { } vip || !Wants(vip))
        {
            _replies.Clear();
            _timeoutsBefore.Clear();
            return;
        }
        int? probes = partial ? null : _sent;
        // Timeouts are probes nobody answered; they split the replies into independent segments.
        int timeouts = _timeoutsBefore.Count;
        int segmentStart = 0;
        long probeIndex = 0;
        var cuts = _timeoutsBefore.Append(_replies.Count).ToList();
        bool uncertain = false;
        for (int c = 0; c < cuts.Count; c++)
        {
            int segmentEnd = cuts[c];
            var segment = _replies.GetRange(segmentStart, segmentEnd - segmentStart)
                .Select(r => (r.Mac, r.RoundTrip)).ToList();
            int? segmentProbes = timeouts == 0 ? probes : null;
            var (starts, guess) = UnicastAfterFirst(segment.Count, timeouts, probes) ?? ProbeBoundaries.Infer(segment, segmentProbes);
            uncertain |= guess;
            for (int g = 0; g < starts.Count; g++)
            {
                int from = segmentStart + starts[g];
                int to = segmentStart + (g + 1 < starts.Count ? starts[g + 1] : segment.Count);
                var probeTime = _stamp + ProbeInterval * probeIndex++;
                var replies = new Reply[to - from];
                for (int i = from; i < to; i++)
                    replies[i - from] = new Reply(_replies[i].Mac, _replies[i].Time ?? probeTime + _replies[i].RoundTrip, _replies[i].RoundTrip);
                sink.Add(new Round(_replies[from].Time ?? probeTime, vip, replies));
            }
            if (c < cuts.Count - 1)
                sink.Add(new Round(_stamp + ProbeInterval * probeIndex++, vip, []));
            segmentStart = segmentEnd;
        }
        // Probes the summary counts beyond the answered groups went unanswered (iputils prints nothing for them).
        if (probes is { } n)
            for (long k = probeIndex; k < n; k++) sink.Add(new Round(_stamp + ProbeInterval * k, vip, []));
        if (uncertain)
            sink.Warn($"run from line {_runLine}: which replies answer which probe is a guess (round trips do not show the boundaries and the summary does not settle them)", vip);
        if (_stamp is { } s) _stamp = s + ProbeInterval * Math.Max(probeIndex, probes ?? 0);
        _replies.Clear();
        _timeoutsBefore.Clear();
    }
}
