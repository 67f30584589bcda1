using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.History;

/// <summary>
/// The live histories of the VIPs a watch or the agent tracks, one <see cref="ResponderHistory"/> each; observations of
/// other addresses are ignored.
/// </summary>
public sealed class ResponderHistories
{
    private readonly Dictionary<Ipv4Address, ResponderHistory> _vips = [];
    private readonly MacAddress _ownMac;

    /// <param name="ownMac">Our own MAC: our own announcements are not evidence.</param>
    public ResponderHistories(IEnumerable<Ipv4Address> vips, MacAddress ownMac)
    {
        _ownMac = ownMac;
        foreach (var vip in vips) Track(vip);
    }

    public bool IsWatched(Ipv4Address vip) => _vips.ContainsKey(vip);

    /// <summary>Starts tracking <paramref name="vip"/> (a Service appeared); no effect when already tracked.</summary>
    public void Track(Ipv4Address vip)
    {
        if (!_vips.ContainsKey(vip)) _vips[vip] = new ResponderHistory(vip);
    }

    /// <summary>Stops tracking <paramref name="vip"/> (its Service went away) and forgets its history.</summary>
    public void Forget(Ipv4Address vip) => _vips.Remove(vip);

    /// <summary>The current winner of <paramref name="vip"/>, if any answered yet.</summary>
    public MacAddress? WinnerOf(Ipv4Address vip) => _vips.TryGetValue(vip, out var h) ? h.Winner : null;

    /// <summary>Folds one observation into its VIP's history; returns the events it causes (often none).</summary>
    public IReadOnlyList<WatchEvent> Add(Observation observation)
    {
        if (!_vips.TryGetValue(observation.Vip, out var history)) return [];
        if (observation is Announcement a && a.Mac == _ownMac) return [];
        return history.Add(observation);
    }

    /// <summary>The announcement a captured frame makes, when it announces a tracked VIP (not our own).</summary>
    public Announcement? AnnouncementIn(DateTimeOffset time, in ArpFrame frame) =>
        frame.IsGratuitous && frame.SenderMac != _ownMac && _vips.ContainsKey(frame.SenderIp)
            ? new Announcement(time, frame.SenderIp, frame.SenderMac)
            : null;

    /// <summary>The held connection to <paramref name="vip"/> broke.</summary>
    public WatchEvent ConnectionDropped(ConnectionDrop drop) =>
        _vips.TryGetValue(drop.Vip, out var history) ? history.Add(drop) : new ResponderHistory(drop.Vip).Add(drop);

    /// <summary>The changes still waiting for their window, said as they stand (no announcement yet: flaps); at the end.</summary>
    public IReadOnlyList<WatchEvent> Flush()
    {
        var events = new List<WatchEvent>();
        foreach (var history in _vips.Values)
            if (history.Flush() is { } waiting) events.Add(waiting);
        return events;
    }

    /// <summary>Carries on from an event of an earlier run (<c>--resume</c>).</summary>
    public void Restore(WatchEvent e)
    {
        if (_vips.TryGetValue(e.Vip, out var history)) history.Restore(e);
    }
}
