using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Watching;

/// <summary>
/// The watch state machine: turns resolutions, passively captured frames and connection drops into
/// <see cref="WatchEvent"/>s. Pure: every input carries its own time, nothing is read from a clock.
/// </summary>
/// <remarks>
/// A change of winner is decided on the evidence, not on packet order:
/// <list type="bullet">
/// <item>a <see cref="ChangeCause.Failover"/> when the new MAC announced the VIP with a gratuitous ARP since the old winner
/// took over, or within <see cref="FailoverWindow"/> after the change (an announcement that arrives just after the round
/// that saw the change);</item>
/// <item>a <see cref="ChangeCause.Fix"/> when fewer MACs answer than in the round before and the new winner was one of them
/// (turning strictARP on: three responders become one);</item>
/// <item>else a <see cref="ChangeCause.Flap"/>, said once the window has passed without an announcement.</item>
/// </list>
/// A change that waits for its window is reported by a later call: <see cref="Resolve"/>, <see cref="Observe"/>, or
/// <see cref="Flush"/> at the end. State per VIP is a handful of fields, so hours of resolutions keep memory flat.
/// </remarks>
public sealed class WatchTracker
{
    /// <summary>Announcements come in bursts (arping -U -c 2, MetalLB's repeats); one event per burst.</summary>
    public static readonly TimeSpan GratuitousQuiet = TimeSpan.FromSeconds(5);

    /// <summary>How long after a winner change an announcement from the new winner still makes it a failover.</summary>
    public static readonly TimeSpan FailoverWindow = TimeSpan.FromSeconds(5);
    /// <summary>Rounds in a row one MAC must answer alone, after a conflict, before the conflict counts as over.</summary>
    public const int ConflictEndRounds = 3;

    private readonly Dictionary<Ipv4Address, VipState> _vips = [];
    private readonly MacAddress _ownMac;

    public WatchTracker(IEnumerable<Ipv4Address> vips, MacAddress ownMac)
    {
        _ownMac = ownMac;
        foreach (var vip in vips)
            _vips.TryAdd(vip, new VipState());
    }

    private sealed class VipState
    {
        public MacAddress? Winner;
        public DateTimeOffset WinnerSince;
        public DateTimeOffset? LastWinnerChange;
        public bool Silent;
        public MacAddress[] LastMultiple = [];
        public int OneResponderRounds;   // rounds in a row one MAC alone answered since the last conflict
        public MacAddress[] LastResponders = [];
        public WatchEvent? Pending;   // a winner change waiting for its FailoverWindow
        public readonly Dictionary<MacAddress, DateTimeOffset> Announced = [];
    }

    public bool IsWatched(Ipv4Address vip) => _vips.ContainsKey(vip);

    /// <summary>Starts tracking <paramref name="vip"/> (a Service appeared); no effect when already tracked.</summary>
    public void Track(Ipv4Address vip) => _vips.TryAdd(vip, new VipState());

    /// <summary>Stops tracking <paramref name="vip"/> (its Service went away) and forgets its state.</summary>
    public void Forget(Ipv4Address vip) => _vips.Remove(vip);

    /// <summary>The current winner of <paramref name="vip"/>, if any answered yet.</summary>
    public MacAddress? WinnerOf(Ipv4Address vip) => _vips.TryGetValue(vip, out var s) ? s.Winner : null;

    /// <summary>Feeds one re-resolution; returns the events it causes (often none).</summary>
    public IReadOnlyList<WatchEvent> Resolve(Resolution resolution)
    {
        if (!_vips.TryGetValue(resolution.Vip, out var state)) return [];
        var time = resolution.Time;
        var responders = resolution.Responders;
        List<WatchEvent>? events = null;
        if (state.Pending is { } waiting && time - waiting.Time > FailoverWindow)
        {
            (events ??= []).Add(waiting);   // no announcement came: a flap
            state.Pending = null;
        }
        var before = state.LastResponders;
        state.LastResponders = [.. responders.Distinct().Order()];
        if (responders.Count == 0)
        {
            if (state.Silent) return events ?? (IReadOnlyList<WatchEvent>)[];
            state.Silent = true;
            (events ??= []).Add(new WatchEvent(time, resolution.Vip, WatchEventKind.NoAnswer, null, state.Winner, responders));
            return events;
        }

        var winner = responders[0];
        var previous = state.Winner;
        if (state.Silent)
        {
            state.Silent = false;
            if (previous is not null)
                (events ??= []).Add(new WatchEvent(time, resolution.Vip, WatchEventKind.Recovered, winner, previous, responders));
        }
        if (previous is null)
        {
            (events ??= []).Add(new WatchEvent(time, resolution.Vip, WatchEventKind.FirstSeen, winner, null, responders));
            state.Winner = winner;
            state.WinnerSince = time;
        }
        else if (previous != winner)
        {
            if (state.Pending is { } superseded)
            {
                (events ??= []).Add(superseded);   // the winner moved on before anyone announced it: that one was a flap
                state.Pending = null;
            }
            ChangeCause? cause =
                state.Announced.TryGetValue(winner, out var announced) && announced >= state.WinnerSince ? ChangeCause.Failover
                : state.LastResponders.Length < before.Length && Array.BinarySearch(before, winner) >= 0 ? ChangeCause.Fix
                : null;
            var change = new WatchEvent(time, resolution.Vip, WatchEventKind.WinnerChanged, winner, previous, responders, cause ?? ChangeCause.Flap);
            if (cause is null) state.Pending = change;
            else (events ??= []).Add(change);
            state.Winner = winner;
            state.WinnerSince = time;
            state.LastWinnerChange = time;
        }
        if (responders.Count > 1 && !SameSet(state.LastMultiple, responders))
        {
            state.LastMultiple = [.. responders.Distinct().Order()];
            (events ??= []).Add(new WatchEvent(time, resolution.Vip, WatchEventKind.Conflict, winner, previous, responders));
        }
        // The end of a conflict is logged too, once one MAC has answered alone for a few rounds (lost replies are not an
        // end): a log across the fix then shows it even when the winner stayed the same MAC.
        if (state.LastMultiple.Length > 0 && state.LastResponders.Length == 1)
        {
            if (++state.OneResponderRounds >= ConflictEndRounds)
            {
                (events ??= []).Add(new WatchEvent(time, resolution.Vip, WatchEventKind.OneResponder, winner, null, [winner]));
                state.LastMultiple = [];
                state.OneResponderRounds = 0;
            }
        }
        else state.OneResponderRounds = 0;
        return events ?? (IReadOnlyList<WatchEvent>)[];
    }

    /// <summary>
    /// Feeds one passively captured frame; returns a <c>gratuitous</c> event when it announces a watched VIP, followed by
    /// the winner change it turns into a failover when the new winner announced itself within the window.
    /// </summary>
    public IReadOnlyList<WatchEvent> Observe(DateTimeOffset time, in ArpFrame frame)
    {
        if (!frame.IsGratuitous || frame.SenderMac == _ownMac) return [];
        if (!_vips.TryGetValue(frame.SenderIp, out var state)) return [];
        var mac = frame.SenderMac;
        bool burst = state.Announced.TryGetValue(mac, out var last) && time - last < GratuitousQuiet && time >= last;
        state.Announced[mac] = time;
        List<WatchEvent>? events = null;
        if (!burst) (events ??= []).Add(new WatchEvent(time, frame.SenderIp, WatchEventKind.Gratuitous, mac, state.Winner, [mac]));
        if (state.Pending is { } waiting && waiting.Mac == mac && time - waiting.Time <= FailoverWindow)
        {
            (events ??= []).Add(waiting with { Cause = ChangeCause.Failover });
            state.Pending = null;
        }
        return events ?? (IReadOnlyList<WatchEvent>)[];
    }

    /// <summary>The changes still waiting for their window, said as they stand (no announcement yet: flaps); at the end of a watch.</summary>
    public IReadOnlyList<WatchEvent> Flush()
    {
        var events = new List<WatchEvent>();
        foreach (var state in _vips.Values)
        {
            if (state.Pending is { } waiting) events.Add(waiting);
            state.Pending = null;
        }
        return events;
    }

    /// <summary>The held connection to <paramref name="vip"/> broke at <paramref name="time"/>.</summary>
    public WatchEvent ConnectionDropped(DateTimeOffset time, Ipv4Address vip, string reason)
    {
        _vips.TryGetValue(vip, out var state);
        TimeSpan? since = state?.LastWinnerChange is { } changed ? time - changed : null;
        return new WatchEvent(time, vip, WatchEventKind.ConnectionDropped, state?.Winner, null, [], null, since, reason);
    }

    /// <summary>Replays events of an earlier run (from its log), so a restarted watch carries on where it stopped.</summary>
    public void Restore(WatchEvent e)
    {
        if (!_vips.TryGetValue(e.Vip, out var state)) return;
        switch (e.Kind)
        {
            case WatchEventKind.FirstSeen:
            case WatchEventKind.WinnerChanged:
                state.Winner = e.Mac;
                state.WinnerSince = e.Time;
                state.Silent = false;
                if (e.Kind == WatchEventKind.WinnerChanged) state.LastWinnerChange = e.Time;
                break;
            case WatchEventKind.Recovered:
                state.Silent = false;
                break;
            case WatchEventKind.NoAnswer:
                state.Silent = true;
                break;
            case WatchEventKind.Gratuitous when e.Mac is { } announcer:
                state.Announced[announcer] = e.Time;
                break;
            case WatchEventKind.Conflict:
                state.LastMultiple = [.. e.Responders.Distinct().Order()];
                break;
            case WatchEventKind.OneResponder:
                state.LastMultiple = [];
                break;
        }
    }

    private static bool SameSet(MacAddress[] sorted, IReadOnlyList<MacAddress> responders)
    {
        int distinct = 0;
        for (int i = 0; i < responders.Count; i++)
        {
            if (Array.BinarySearch(sorted, responders[i]) < 0) return false;
            bool repeat = false;
            for (int j = 0; j < i && !repeat; j++) repeat = responders[j] == responders[i];
            if (!repeat) distinct++;
        }
        return distinct == sorted.Length;
    }
}
