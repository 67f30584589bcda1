using ArpDoctor.Core.History;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Watching;

/// <summary>What a watch saw, over this run and, with <c>--resume</c>, the earlier runs in the same log.</summary>
/// <param name="Rounds">Rounds made by this run.</param>
/// <param name="LongestStable">The longest time one VIP kept the same winner.</param>
/// <param name="LongestStableVip">The VIP it belongs to.</param>
/// <param name="Responders">Every MAC that answered or announced any watched VIP.</param>
/// <param name="EarlierEvents">Events taken from earlier runs in the log.</param>
public sealed record WatchSummary(
    DateTimeOffset Start,
    DateTimeOffset End,
    long Rounds,
    int Flaps,
    int Failovers,
    int Announcements,
    int Conflict,
    int NoAnswers,
    int ConnectionDrops,
    TimeSpan LongestStable,
    Ipv4Address? LongestStableVip,
    IReadOnlyList<MacAddress> Responders,
    int EarlierEvents)
{
    public int WinnerChanges => Flaps + Failovers;

    /// <summary>
    /// Did the MAC a client would resolve stay put? <see cref="Verdict.Healthy"/>: no flap, no second responder, no silence,
    /// no dropped connection (announced failovers are fine); <see cref="Verdict.Unstable"/>: one of those happened;
    /// <see cref="Verdict.NoEvidence"/>: not a single round.
    /// </summary>
    public Verdict Verdict =>
        !(Flaps == 0 && Conflict == 0 && NoAnswers == 0 && ConnectionDrops == 0) ? Verdict.Unstable
        : Rounds == 0 && EarlierEvents == 0 ? Verdict.NoEvidence
        : Verdict.Healthy;
}

/// <summary>Folds events and rounds into a <see cref="WatchSummary"/>. State is bounded by VIPs and MACs.</summary>
public sealed class WatchSummaryBuilder(DateTimeOffset start)
{
    private readonly Dictionary<Ipv4Address, DateTimeOffset> _stableSince = [];
    private readonly HashSet<MacAddress> _responders = [];
    private DateTimeOffset _start = start;
    private long _rounds;
    private int _flaps, _failovers, _announcements, _multiple, _noAnswers, _drops, _earlier;
    private TimeSpan _longest;
    private Ipv4Address? _longestVip;

    public long Rounds => _rounds;
    public int Flaps => _flaps;
    public int Failovers => _failovers;

    public void AddRound(Round round)
    {
        _rounds++;
        foreach (var reply in round.Replies)
            _responders.Add(reply.Mac);
    }

    /// <summary>A MAC heard answering for a watched VIP outside our own rounds (a reply to another host).</summary>
    public void Heard(MacAddress mac) => _responders.Add(mac);

    /// <summary>Adds an event of an earlier run; the summary then starts at the earliest one.</summary>
    public void AddEarlier(WatchEvent e)
    {
        if (e.Time < _start) _start = e.Time;
        _earlier++;
        Add(e);
        foreach (var mac in e.Responders)
            _responders.Add(mac);
    }

    public void Add(WatchEvent e)
    {
        switch (e.Kind)
        {
            case WatchEventKind.FirstSeen:
                _stableSince[e.Vip] = e.Time;
                break;
            case WatchEventKind.WinnerChanged:
                if (e.Cause == ChangeCause.Failover) _failovers++;
                else _flaps++;
                if (_stableSince.TryGetValue(e.Vip, out var since)) Longest(e.Vip, e.Time - since);
                _stableSince[e.Vip] = e.Time;
                break;
            case WatchEventKind.Announcement:
                _announcements++;
                if (e.Mac is { } announcer) _responders.Add(announcer);
                break;
            case WatchEventKind.Conflict: _multiple++; break;
            case WatchEventKind.NoAnswer: _noAnswers++; break;
            case WatchEventKind.ConnectionDropped: _drops++; break;
        }
    }

    private void Longest(Ipv4Address vip, TimeSpan period)
    {
        if (period <= _longest && _longestVip is not null) return;
        _longest = period;
        _longestVip = vip;
    }

    public WatchSummary Build(DateTimeOffset end)
    {
        var longest = _longest;
        var longestVip = _longestVip;
        foreach (var (vip, since) in _stableSince)
        {
            if (end - since > longest || longestVip is null)
            {
                longest = end - since;
                longestVip = vip;
            }
        }
        return new WatchSummary(_start, end, _rounds, _flaps, _failovers, _announcements, _multiple, _noAnswers, _drops,
            longest, longestVip, [.. _responders.Order()], _earlier);
    }
}
