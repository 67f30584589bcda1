using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Watching;

namespace ArpDoctor.Core.Evidence;

/// <summary>Turns watch-log events (<see cref="WatchLogFormat"/>) into observations: what clients resolved the VIP to, and when.</summary>
public sealed class WatchLogFeeder(EvidenceAnalysis analysis)
{
    private readonly HashSet<VipAccumulator> _touched = [];
    private DateTimeOffset? _last;

    public void Event(WatchEvent e)
    {
        if (analysis.For(e.Vip) is not { } acc) return;
        _touched.Add(acc);
        acc.IsTimeSeries = true;
        acc.UsesTimeShare = true;
        if (_last is null || e.Time > _last) _last = e.Time;
        switch (e.Kind)
        {
            case WatchEventKind.FirstSeen or WatchEventKind.WinnerChanged or WatchEventKind.Recovered:
                // The event names everyone who answered that round: a new winner among several is still a conflict.
                if (e.Mac is { } mac && e.Responders.Count > 1) acc.ObservedResponders([mac, .. e.Responders.Where(r => r != mac)], e.Time);
                else if (e.Mac is { } only) acc.ObservedResolution(only, e.Time);
                break;
            case WatchEventKind.NoAnswer:
                acc.ObservedResolution(null, e.Time);
                break;
            case WatchEventKind.Gratuitous:
                if (e.Mac is { } announcer) acc.Announcement(announcer, e.Time);
                break;
            case WatchEventKind.OneResponder:
                // The watch saw one MAC alone for several rounds: a phase of one MAC begins here, no further proof needed.
                if (e.Mac is { } alone) acc.ObservedResolution(alone, e.Time, confirmed: true);
                break;
            case WatchEventKind.Conflict:
                var responders = e.Mac is { } winner ? [winner, .. e.Responders.Where(r => r != winner)] : e.Responders.ToList();
                acc.ObservedResponders(responders, e.Time);
                break;
            case WatchEventKind.ConnectionDropped:
                acc.ConnectionDropped();
                break;
        }
    }

    /// <summary>Closes every VIP's time share at the last event's time.</summary>
    public void End()
    {
        foreach (var acc in _touched) acc.EndOfEvidence(_last);
    }
}
