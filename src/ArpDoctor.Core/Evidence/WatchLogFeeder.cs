using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Watching;

namespace ArpDoctor.Core.Evidence;

/// <summary>Turns watch-log events (<see cref="WatchLogFormat"/>) into observations: what clients resolved the VIP to, and when.</summary>
public sealed class WatchLogFeeder
{
    private readonly EvidenceReading _reading;
    private readonly EvidenceFeed? _feed;

    /// <summary>Events into observations the reader of <paramref name="reading"/> yields.</summary>
    public WatchLogFeeder(EvidenceReading reading) => _reading = reading;

    /// <summary>Events straight into <paramref name="analysis"/>, as one watch-log source (<see cref="End"/> ends it).</summary>
    public WatchLogFeeder(EvidenceAnalysis analysis)
    {
        _feed = analysis.Begin(EvidenceFormats.ResolutionTraits);
        _reading = EvidenceReading.OfLines(EvidenceRegistry.Default.Find(EvidenceKind.WatchLog)!, [], _feed, new EvidenceOptions(analysis.OnlyVip));
    }

    public void Event(WatchEvent e)
    {
        Translate(e);
        if (_feed is not null)
            while (_reading.TryTake(out var observation)) _feed.Add(observation);
    }

    /// <summary>With an analysis: every VIP holds its last state until the last event's time.</summary>
    public void End() => _feed?.End(_reading.LastTime);

    private void Translate(WatchEvent e)
    {
        if (!_reading.Wants(e.Vip)) return;
        _reading.Clock(e.Time);
        switch (e.Kind)
        {
            case WatchEventKind.FirstSeen or WatchEventKind.WinnerChanged or WatchEventKind.Recovered:
                // The event names everyone who answered that round: a new winner among several is still a conflict.
                if (e.Mac is { } mac && e.Responders.Count > 1) Seen(e, [mac, .. e.Responders.Where(r => r != mac)]);
                else if (e.Mac is { } only) Seen(e, [only]);
                break;
            case WatchEventKind.NoAnswer:
                Seen(e, []);
                break;
            case WatchEventKind.Gratuitous:
                if (e.Mac is { } announcer) _reading.Add(new Announcement(e.Time, e.Vip, announcer));
                break;
            case WatchEventKind.OneResponder:
                // The watch saw one MAC alone for several rounds: a phase of one MAC begins here, no further proof needed.
                if (e.Mac is { } alone) _reading.Add(new SettledRound(e.Time, e.Vip, alone));
                break;
            case WatchEventKind.Conflict:
                var responders = e.Mac is { } winner ? [winner, .. e.Responders.Where(r => r != winner)] : e.Responders.ToList();
                if (responders.Count > 0) Seen(e, responders);
                break;
            case WatchEventKind.ConnectionDropped:
                _reading.Add(new ConnectionDrop(e.Time, e.Vip, e.Reason ?? "connection dropped"));
                break;
        }
    }

    /// <summary>What clients resolved the VIP to: a cache round; several MACs at once are a conflict the watch saw.</summary>
    private void Seen(WatchEvent e, List<Packets.MacAddress> responders) =>
        _reading.Add(new Round(e.Time, e.Vip, [.. responders.Select(m => new Reply(m, e.Time))], RoundSource.Cache));
}
