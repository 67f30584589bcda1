using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.History;

/// <summary>
/// The one history of a VIP's responders: folds its <see cref="Round"/>s, <see cref="Announcement"/>s and
/// <see cref="ConnectionDrop"/>s, in the order they happened, into the live events <c>watch</c> and the agent log
/// (<see cref="WatchEvent"/>) and, when asked to keep them, the phases <c>analyze</c> reports. Pure: every observation
/// carries its own time, nothing is read from a clock.
/// </summary>
/// <remarks>
/// One set of rules serves both:
/// <list type="bullet">
/// <item>A change of winner is a <see cref="ChangeCause.Failover"/> when the new MAC announced the VIP
/// (<see cref="Announces"/>); a <see cref="ChangeCause.Fixed"/> when fewer MACs answer than in the round before and the
/// new winner was one of them (turning strictARP on: three responders become one); else a <see cref="ChangeCause.Flap"/>,
/// said once <see cref="FailoverWindow"/> has passed without an announcement. A change that waits for its window is
/// reported by a later observation, or by <see cref="Flush"/> at the end.</item>
/// <item>The answering set changed once <see cref="Confirm"/> rounds in a row show the new one: the end of a conflict
/// (<c>one-responder</c>) and a new phase alike; a lost reply is not a change.</item>
/// </list>
/// Live state is a handful of fields; phases are bounded by <see cref="MaxPhases"/>, so hours of rounds keep memory flat.
/// Rounds without a clock (arping without stamps) count towards phases only: the live rules are rules of time.
/// </remarks>
public sealed class ResponderHistory
{
    /// <summary>Announcements come in bursts (arping -U -c 2, MetalLB's repeats); one event per burst.</summary>
    public static readonly TimeSpan AnnouncementQuiet = TimeSpan.FromSeconds(5);

    /// <summary>How far from a winner change an announcement from the new winner still makes it a failover.</summary>
    public static readonly TimeSpan FailoverWindow = TimeSpan.FromSeconds(5);

    /// <summary>Rounds in a row that must show a new answering set before it counts (the end of a conflict, a new phase).</summary>
    public const int Confirm = 3;

    /// <summary>Phases kept per VIP; later changes are counted in the last one.</summary>
    public const int MaxPhases = 1000;

    /// <summary>
    /// The failover rule: an announcement from the new winner at <paramref name="announced"/> belongs to the change first
    /// seen at <paramref name="at"/> when it came no earlier than <see cref="FailoverWindow"/> before the last round that
    /// still saw the old answer (<paramref name="lastBefore"/>), no later than the window after the change, and not before
    /// the old winner took over (<paramref name="oldSince"/>; an announcement that answer already outlived excuses nothing).
    /// </summary>
    public static bool Announces(DateTimeOffset announced, DateTimeOffset? lastBefore, DateTimeOffset at, DateTimeOffset? oldSince = null) =>
        announced >= (lastBefore ?? at) - FailoverWindow && announced <= at + FailoverWindow && (oldSince is not { } since || announced >= since);

    private readonly PhaseBook? _phases;
    private readonly Dictionary<MacAddress, DateTimeOffset> _announced = [];
    private readonly List<RoundResponder> _replies = new(4);
    private DateTimeOffset? _winnerSince, _lastWinnerChange, _lastRound;
    private bool _silent;
    private MacAddress[] _lastMultiple = [];
    private MacAddress[] _lastResponders = [];
    private int _oneResponderRounds;   // rounds in a row one MAC alone answered since the last conflict
    private WatchEvent? _pending;      // a winner change waiting for its FailoverWindow
    private DateTimeOffset? _pendingLastBefore, _pendingOldSince;
    // The last cache record (a neighbour cache, arpwatch), to tell an entry kept from a fresh answer.
    private bool _cacheSeen;
    private MacAddress? _lastCached;

    /// <param name="keepsPhases">Whether to keep phases (analyze); the live loops only want events.</param>
    /// <param name="saysEvents">
    /// Whether rounds yield live events (watch, the agent); analyze, which reads only phases, saves their cost over
    /// millions of rounds (a winner that moves every round is an event every round).
    /// </param>
    public ResponderHistory(Ipv4Address vip, bool keepsPhases = false, bool saysEvents = true)
    {
        Vip = vip;
        if (keepsPhases) _phases = new PhaseBook();
        _saysEvents = saysEvents;
    }

    private readonly bool _saysEvents;

    public Ipv4Address Vip { get; }

    /// <summary>The MAC a client re-resolving now would use, as the last answered round said; null before any answer.</summary>
    public MacAddress? Winner { get; private set; }

    /// <summary>Rounds folded so far: the ordinal of the last one.</summary>
    public long Rounds { get; private set; }

    /// <summary>Folds one observation of this VIP; returns the events it causes (often none).</summary>
    public IReadOnlyList<WatchEvent> Add(Observation observation) => observation switch
    {
        Round round => Add(round),
        Announcement announcement => Add(announcement),
        ConnectionDrop drop => [Add(drop)],
        _ => [],
    };

    /// <summary>Folds one round.</summary>
    public IReadOnlyList<WatchEvent> Add(Round round)
    {
        Rounds++;
        var replies = Collect(round);
        bool cache = round.Source == RoundSource.Cache;
        // A cache that still holds the same entry is not a fresh answer: it neither confirms nor breaks a phase.
        bool repeat = cache && _cacheSeen && _lastCached == round.Winner;
        _cacheSeen = cache;
        _lastCached = round.Winner;
        _phases?.Probe(Rounds, round.Time, replies, silenceObserved: cache && replies.IsEmpty, repeat);
        if (round.Time is not { } time || !_saysEvents) return [];
        var events = Live(time, replies);
        _lastRound = time;
        return events;
    }

    /// <summary>The last round's responders, as <see cref="Add(Round)"/> collected them; valid until the next round.</summary>
    public ReadOnlySpan<RoundResponder> LastRound => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_replies);

    /// <summary>Each MAC's replies in the round, in the order the MACs first answered (the first won).</summary>
    private ReadOnlySpan<RoundResponder> Collect(Round round)
    {
        _replies.Clear();
        // Indexed, not foreach: an IReadOnlyList's enumerator is an allocation per round.
        var all = round.Replies;
        for (int n = 0; n < all.Count; n++)
        {
            var reply = all[n];
            int index = -1;
            for (int i = 0; i < _replies.Count; i++)
                if (_replies[i].Mac == reply.Mac) { index = i; break; }
            var time = reply.Time ?? round.Time;
            if (index < 0) _replies.Add(new RoundResponder(reply.Mac, 1, time, time));
            else _replies[index] = _replies[index] with { Count = _replies[index].Count + 1, Last = time ?? _replies[index].Last };
        }
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_replies);
    }

    private IReadOnlyList<WatchEvent> Live(DateTimeOffset time, ReadOnlySpan<RoundResponder> replies)
    {
        List<WatchEvent>? events = null;
        if (_pending is { } waiting && time - waiting.Time > FailoverWindow)
        {
            (events ??= []).Add(waiting);   // no announcement came: a flap
            _pending = null;
        }
        // Steady rounds allocate nothing (analyze folds millions): the sorted set is kept while it is the same, and the
        // responders in arrival order are made only for an event that names them.
        var responders = replies.Length == _arrival.Length && SameOrder(replies, _arrival) ? _arrival : Arrival(replies);
        var before = _lastResponders;
        _lastResponders = SortedSet(responders, before);
        if (responders.Length == 0)
        {
            if (_silent) return events ?? (IReadOnlyList<WatchEvent>)[];
            _silent = true;
            (events ??= []).Add(new WatchEvent(time, Vip, WatchEventKind.NoAnswer, null, Winner, responders));
            return events;
        }

        var winner = responders[0];
        var previous = Winner;
        if (_silent)
        {
            _silent = false;
            if (previous is not null)
                (events ??= []).Add(new WatchEvent(time, Vip, WatchEventKind.Recovered, winner, previous, responders));
        }
        if (previous is null)
        {
            (events ??= []).Add(new WatchEvent(time, Vip, WatchEventKind.FirstSeen, winner, null, responders));
            Winner = winner;
            _winnerSince = time;
        }
        else if (previous != winner)
        {
            if (_pending is { } superseded)
            {
                (events ??= []).Add(superseded);   // the winner moved on before anyone announced it: that one was a flap
                _pending = null;
            }
            ChangeCause? cause =
                _announced.TryGetValue(winner, out var announced) && Announces(announced, _lastRound, time, _winnerSince) ? ChangeCause.Failover
                : _lastResponders.Length < before.Length && Array.BinarySearch(before, winner) >= 0 ? ChangeCause.Fixed
                : null;
            var change = new WatchEvent(time, Vip, WatchEventKind.WinnerChanged, winner, previous, responders, cause ?? ChangeCause.Flap);
            if (cause is null)
            {
                _pending = change;
                _pendingLastBefore = _lastRound;
                _pendingOldSince = _winnerSince;
            }
            else (events ??= []).Add(change);
            Winner = winner;
            _winnerSince = time;
            _lastWinnerChange = time;
        }
        if (responders.Length > 1 && !_lastMultiple.AsSpan().SequenceEqual(_lastResponders))
        {
            _lastMultiple = _lastResponders;
            (events ??= []).Add(new WatchEvent(time, Vip, WatchEventKind.Conflict, winner, previous, responders));
        }
        // The end of a conflict is logged too, once one MAC has answered alone for Confirm rounds (lost replies are not an
        // end): a log across the fix then shows it even when the winner stayed the same MAC.
        if (_lastMultiple.Length > 0 && _lastResponders.Length == 1)
        {
            if (++_oneResponderRounds >= Confirm)
            {
                (events ??= []).Add(new WatchEvent(time, Vip, WatchEventKind.OneResponder, winner, null, [winner]));
                _lastMultiple = [];
                _oneResponderRounds = 0;
            }
        }
        else _oneResponderRounds = 0;
        return events ?? (IReadOnlyList<WatchEvent>)[];
    }

    private MacAddress[] _arrival = [];

    private static bool SameOrder(ReadOnlySpan<RoundResponder> replies, MacAddress[] macs)
    {
        for (int i = 0; i < replies.Length; i++)
            if (replies[i].Mac != macs[i]) return false;
        return true;
    }

    private MacAddress[] Arrival(ReadOnlySpan<RoundResponder> replies)
    {
        var macs = new MacAddress[replies.Length];
        for (int i = 0; i < replies.Length; i++) macs[i] = replies[i].Mac;
        return _arrival = macs;
    }

    /// <summary>The responders sorted; <paramref name="before"/> itself when it holds the same MACs.</summary>
    private static MacAddress[] SortedSet(MacAddress[] responders, MacAddress[] before)
    {
        if (responders.Length == before.Length)
        {
            bool same = true;
            foreach (var mac in responders)
                if (Array.BinarySearch(before, mac) < 0) { same = false; break; }
            if (same) return before;
        }
        return [.. responders.Order()];
    }

    /// <summary>
    /// Folds one announcement; returns an <c>announcement</c> event at the start of a burst, followed by the winner change
    /// it turns into a failover when the new winner announced itself within the window.
    /// </summary>
    public IReadOnlyList<WatchEvent> Add(Announcement announcement)
    {
        var mac = announcement.Mac;
        _phases?.Announcement(mac, Rounds, announcement.Time);
        if (announcement.Time is not { } time) return [];
        bool burst = _announced.TryGetValue(mac, out var last) && time - last < AnnouncementQuiet && time >= last;
        _announced[mac] = time;
        List<WatchEvent>? events = null;
        if (!burst) (events ??= []).Add(new WatchEvent(time, Vip, WatchEventKind.Announcement, mac, Winner, [mac]));
        if (_pending is { } waiting && waiting.Mac == mac && Announces(time, _pendingLastBefore, waiting.Time, _pendingOldSince))
        {
            (events ??= []).Add(waiting with { Cause = ChangeCause.Failover });
            _pending = null;
        }
        return events ?? (IReadOnlyList<WatchEvent>)[];
    }

    /// <summary>The held connection to the VIP broke.</summary>
    public WatchEvent Add(ConnectionDrop drop)
    {
        TimeSpan? since = _lastWinnerChange is { } changed ? drop.When - changed : null;
        return new WatchEvent(drop.When, Vip, WatchEventKind.ConnectionDropped, Winner, null, [], null, since, drop.Reason);
    }

    /// <summary>The change still waiting for its window, said as it stands (no announcement yet: a flap); at the end.</summary>
    public WatchEvent? Flush()
    {
        var waiting = _pending;
        _pending = null;
        return waiting;
    }

    /// <summary>Carries on from an event of an earlier run (from its log), so a restarted watch goes on where it stopped.</summary>
    public void Restore(WatchEvent e)
    {
        switch (e.Kind)
        {
            case WatchEventKind.FirstSeen:
            case WatchEventKind.WinnerChanged:
                Winner = e.Mac;
                _winnerSince = e.Time;
                _silent = false;
                if (e.Kind == WatchEventKind.WinnerChanged) _lastWinnerChange = e.Time;
                break;
            case WatchEventKind.Recovered:
                _silent = false;
                break;
            case WatchEventKind.NoAnswer:
                _silent = true;
                break;
            case WatchEventKind.Announcement when e.Mac is { } announcer:
                _announced[announcer] = e.Time;
                break;
            case WatchEventKind.Conflict:
                _lastMultiple = [.. e.Responders.Distinct().Order()];
                break;
            case WatchEventKind.OneResponder:
                _lastMultiple = [];
                break;
        }
    }

    /// <summary>At the end of the evidence: rounds still waiting are too few to be a phase and join the last one.</summary>
    public void End(DateTimeOffset? time) => _phases?.End(time);

    /// <summary>The changes between phases so far (empty unless phases are kept).</summary>
    public IReadOnlyList<PhaseChange> Changes => _phases?.Changes ?? [];

    /// <summary>The phases' tallies in order (call <see cref="End"/> first).</summary>
    public IEnumerable<ResponderTally> Phases => _phases?.Tallies ?? [];

    /// <summary>More than <see cref="MaxPhases"/> phases: later changes were folded into the last one.</summary>
    public bool PhasesTruncated => _phases?.Truncated ?? false;
}
