using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Watching;

/// <summary>
/// The watch state machine: turns resolutions, passively captured frames and connection drops into
/// <see cref="WatchEvent"/>s. Pure: every input carries its own time, nothing is read from a clock.
/// </summary>
/// <remarks>
/// A change of winner is a <see cref="ChangeCause.Failover"/> when the new MAC announced the VIP with a
/// gratuitous ARP after the old winner took over; otherwise it is a <see cref="ChangeCause.Flap"/>.
/// State per VIP is a handful of fields, so hours of resolutions keep memory flat.
/// </remarks>
public sealed class WatchTracker
{
    /// <summary>Announcements come in bursts (arping -U -c 2, MetalLB's repeats); one event per burst.</summary>
    public static readonly TimeSpan GratuitousQuiet = TimeSpan.FromSeconds(5);

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
        if (responders.Count == 0)
        {
            if (state.Silent) return [];
            state.Silent = true;
            return [new WatchEvent(time, resolution.Vip, WatchEventKind.NoAnswer, null, state.Winner, responders)];
        }

        List<WatchEvent>? events = null;
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
            var cause = state.Announced.TryGetValue(winner, out var announced) && announced >= state.WinnerSince
                ? ChangeCause.Failover
                : ChangeCause.Flap;
            (events ??= []).Add(new WatchEvent(time, resolution.Vip, WatchEventKind.WinnerChanged, winner, previous, responders, cause));
            state.Winner = winner;
            state.WinnerSince = time;
            state.LastWinnerChange = time;
        }
        if (responders.Count > 1 && !SameSet(state.LastMultiple, responders))
        {
            state.LastMultiple = [.. responders.Distinct().Order()];
            (events ??= []).Add(new WatchEvent(time, resolution.Vip, WatchEventKind.Conflict, winner, previous, responders));
        }
        return events ?? (IReadOnlyList<WatchEvent>)[];
    }

    /// <summary>Feeds one passively captured frame; returns a <c>gratuitous</c> event when it announces a watched VIP.</summary>
    public WatchEvent? Observe(DateTimeOffset time, in ArpFrame frame)
    {
        if (!frame.IsGratuitous || frame.SenderMac == _ownMac) return null;
        if (!_vips.TryGetValue(frame.SenderIp, out var state)) return null;
        var mac = frame.SenderMac;
        bool burst = state.Announced.TryGetValue(mac, out var last) && time - last < GratuitousQuiet && time >= last;
        state.Announced[mac] = time;
        if (burst) return null;
        return new WatchEvent(time, frame.SenderIp, WatchEventKind.Gratuitous, mac, state.Winner, [mac]);
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
