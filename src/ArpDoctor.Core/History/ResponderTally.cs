using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.History;

/// <summary>One MAC's replies in one round, and when the first and last of them came.</summary>
public record struct RoundResponder(MacAddress Mac, int Count, DateTimeOffset? First, DateTimeOffset? Last);

/// <summary>
/// The figures of a stretch of closed probes, per MAC: replies, wins, probes answered (more than once),
/// announcements and, for watch logs, the time each MAC was the one clients resolved to. The whole evidence
/// of a VIP is one tally, and so is each of its phases.
/// </summary>
public sealed class ResponderTally
{
    private sealed class Counters
    {
        public long Replies, Wins, ProbesAnswered, ProbesAnsweredMoreThanOnce, Announcements, ShareTicks;
        public DateTimeOffset? FirstSeen, LastSeen;

        public void Seen(DateTimeOffset? time)
        {
            if (time is not { } t) return;
            if (FirstSeen is null || t < FirstSeen) FirstSeen = t;
            if (LastSeen is null || t > LastSeen) LastSeen = t;
        }
    }

    private readonly Dictionary<MacAddress, Counters> _macs = [];
    private MacAddress? _lastWinner, _lastKnownWinner;
    private DateTimeOffset? _lastWinnerTime;

    public long ProbesSent { get; private set; }
    public long ProbesAnswered { get; private set; }
    public long Replies { get; private set; }
    /// <summary>Times the winner of a probe differed from the previous answered probe's.</summary>
    public long WinnerChanges { get; private set; }
    /// <summary>Probes answered by more than one MAC.</summary>
    public long ContestedProbes { get; private set; }
    /// <summary>Ordinal (within the VIP's evidence) of the first and last probe counted here; 0 when none.</summary>
    public long FirstProbe { get; private set; }
    public long LastProbe { get; private set; }
    /// <summary>The earliest and latest clock reading of the probes, replies and announcements counted here.</summary>
    public DateTimeOffset? From { get; private set; }
    public DateTimeOffset? To { get; private set; }

    /// <summary>
    /// Counts one closed probe; <paramref name="replies"/> in the order the MACs first answered (the first won).
    /// <paramref name="silenceObserved"/>: an unanswered probe is an observation that nobody answers (a watch log's
    /// no-answer), which ends the last winner's time share.
    /// </summary>
    public void AddProbe(long ordinal, DateTimeOffset? time, ReadOnlySpan<RoundResponder> replies, bool silenceObserved = false)
    {
        ProbesSent++;
        if (FirstProbe == 0) FirstProbe = ordinal;
        LastProbe = ordinal;
        Stretch(time);
        if (replies.IsEmpty)
        {
            if (silenceObserved) ObserveWinner(null, time);
            return;
        }
        ProbesAnswered++;
        if (replies.Length > 1) ContestedProbes++;
        foreach (var reply in replies)
        {
            var c = CountersOf(reply.Mac);
            c.Replies += reply.Count;
            Replies += reply.Count;
            c.ProbesAnswered++;
            if (reply.Count > 1) c.ProbesAnsweredMoreThanOnce++;
            c.Seen(reply.First);
            c.Seen(reply.Last);
            Stretch(reply.Last);
        }
        CountersOf(replies[0].Mac).Wins++;
        ObserveWinner(replies[0].Mac, time);
    }

    /// <summary>A gratuitous ARP from <paramref name="mac"/> claiming the VIP.</summary>
    public void Announcement(MacAddress mac, DateTimeOffset? time)
    {
        var c = CountersOf(mac);
        c.Announcements++;
        c.Seen(time);
        Stretch(time);
    }

    /// <summary>Closes the last winner's time share at <paramref name="time"/> (the end of the evidence, or of the phase).</summary>
    public void Close(DateTimeOffset? time)
    {
        if (_lastWinner is { } last && _lastWinnerTime is { } since && time is { } t && t > since)
        {
            _macs[last].ShareTicks += (t - since).Ticks;
            _lastWinnerTime = t;
        }
    }

    /// <summary>MACs that answered at least one probe here.</summary>
    public IEnumerable<MacAddress> Answering => _macs.Where(kv => kv.Value.Replies > 0).Select(kv => kv.Key);

    /// <summary>Each MAC's figures, the most winning first; shares by time when <paramref name="byTime"/> and time was measured.</summary>
    public IReadOnlyList<ResponderStats> Responders(bool byTime, out ShareBasis basis)
    {
        long totalTicks = _macs.Values.Sum(c => c.ShareTicks);
        byTime = byTime && totalTicks > 0;
        basis = byTime ? ShareBasis.Time : ShareBasis.Probes;
        long totalWins = _macs.Values.Sum(c => c.Wins);
        bool time = byTime;
        return _macs
            .Select(kv => new ResponderStats(kv.Key, kv.Value.Replies, kv.Value.Wins, kv.Value.ProbesAnswered,
                kv.Value.ProbesAnsweredMoreThanOnce, kv.Value.Announcements,
                time ? (double)kv.Value.ShareTicks / totalTicks : totalWins == 0 ? 0 : (double)kv.Value.Wins / totalWins,
                kv.Value.FirstSeen, kv.Value.LastSeen))
            .OrderByDescending(r => r.WinShare).ThenByDescending(r => r.Replies).ThenBy(r => r.Mac)
            .ToList();
    }

    private void ObserveWinner(MacAddress? winner, DateTimeOffset? time)
    {
        // A change is counted against the last MAC seen, even across a spell of no answers.
        if (_lastKnownWinner is { } last && winner is { } now && last != now) WinnerChanges++;
        if (_lastWinner is { } previous && _lastWinnerTime is { } since && time is { } t && t > since)
            _macs[previous].ShareTicks += (t - since).Ticks;
        _lastWinner = winner;
        if (winner is not null) _lastKnownWinner = winner;
        _lastWinnerTime = time;
    }

    private Counters CountersOf(MacAddress mac)
    {
        if (!_macs.TryGetValue(mac, out var c)) _macs[mac] = c = new Counters();
        return c;
    }

    private void Stretch(DateTimeOffset? time)
    {
        if (time is not { } t) return;
        if (From is null || t < From) From = t;
        if (To is null || t > To) To = t;
    }
}
