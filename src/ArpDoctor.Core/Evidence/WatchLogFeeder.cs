using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.History;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Reads a watch log (<see cref="WatchLogFormat"/>) as observations. A log with round records is replayed: its rounds,
/// announcements and connection drops go through the same <see cref="ResponderHistory"/> the watch used, so analyze
/// finds what the watch found; its other events are what the history says again, and are not read twice.
/// </summary>
/// <remarks>
/// A log written before round records (or the part of one before a VIP's first round record) names states, not rounds:
/// an event with one MAC (or none) is a record of what clients resolve the VIP to (<see cref="RoundSource.Cache"/>), an
/// event naming several MACs is one round they answered, and a <c>conflict</c> or <c>one-responder</c> stands for the
/// <see cref="ResponderHistory.Confirm"/> rounds that make an answering set a state.
/// </remarks>
public sealed class WatchLogFeeder
{
    private readonly EvidenceReading _reading;
    private readonly EvidenceFeed? _feed;
    private readonly HashSet<Ipv4Address> _replayed = [];

    /// <summary>Lines into observations the reader of <paramref name="reading"/> yields.</summary>
    public WatchLogFeeder(EvidenceReading reading) => _reading = reading;

    /// <summary>Lines straight into <paramref name="analysis"/>, as one watch-log source (<see cref="End"/> ends it).</summary>
    public WatchLogFeeder(EvidenceAnalysis analysis)
    {
        _feed = analysis.Begin(EvidenceFormats.ResolutionTraits);
        _reading = EvidenceReading.OfLines(EvidenceRegistry.Default.Find(EvidenceKind.WatchLog)!, [], _feed, new EvidenceOptions(analysis.OnlyVip));
    }

    /// <summary>One line of the log.</summary>
    public void Record(WatchLogRecord record)
    {
        foreach (var observation in Observations(record)) _reading.Add(observation);
        if (_feed is not null)
            while (_reading.TryTake(out var observation)) _feed.Add(observation);
    }

    /// <summary>One event of the log.</summary>
    public void Event(WatchEvent e) => Record(new WatchLogRecord(e, null));

    /// <summary>With an analysis: every VIP holds its last state until the last line's time.</summary>
    public void End() => _feed?.End(_reading.LastTime);

    /// <summary>What one line of the log stands for, in order; VIPs not wanted give nothing.</summary>
    public IEnumerable<Observation> Observations(WatchLogRecord record)
    {
        if (record.Rounds is { } run)
        {
            if (!_reading.Wants(run.Vip)) return [];
            _replayed.Add(run.Vip);
            _reading.Clock(run.Until);
            return Replay(run);
        }
        if (record.Event is not { } e || !_reading.Wants(e.Vip)) return [];
        _reading.Clock(e.Time);
        switch (e.Kind)
        {
            case WatchEventKind.Announcement:
                return e.Mac is { } announcer ? [new Announcement(e.Time, e.Vip, announcer)] : [];
            case WatchEventKind.ConnectionDropped:
                return [new ConnectionDrop(e.Time, e.Vip, e.Reason ?? "")];
        }
        return _replayed.Contains(e.Vip) ? [] : RoundsOf(e);   // with round records, the rounds say it
    }

    /// <summary>A run of identical rounds: replayed one by one, spread evenly from its first to its last.</summary>
    private static IEnumerable<Round> Replay(RoundRun run)
    {
        var step = run.Count > 1 ? (run.Until - run.Time) / (run.Count - 1) : TimeSpan.Zero;
        for (long i = 0; i < run.Count; i++)
        {
            var time = i == run.Count - 1 ? run.Until : run.Time + step * i;
            var replies = new Reply[run.Responders.Count];
            for (int r = 0; r < replies.Length; r++) replies[r] = new Reply(run.Responders[r], time);
            yield return new Round(time, run.Vip, replies);
        }
    }

    /// <summary>The rounds an event of a log without round records stands for.</summary>
    public static IEnumerable<Round> RoundsOf(WatchEvent e)
    {
        // The winner first, then everyone else who answered.
        var responders = e.Mac is { } winner ? [winner, .. e.Responders.Where(r => r != winner)] : e.Responders.ToList();
        var replies = responders.Select(mac => new Reply(mac, e.Time)).ToArray();
        switch (e.Kind)
        {
            case WatchEventKind.FirstSeen or WatchEventKind.WinnerChanged or WatchEventKind.Recovered when replies.Length > 0:
                yield return new Round(e.Time, e.Vip, replies, replies.Length > 1 ? RoundSource.Request : RoundSource.Cache);
                break;
            case WatchEventKind.NoAnswer:
                yield return new Round(e.Time, e.Vip, [], RoundSource.Cache);
                break;
            case WatchEventKind.Conflict or WatchEventKind.OneResponder when replies.Length > 0:
                for (int i = 0; i < ResponderHistory.Confirm; i++) yield return new Round(e.Time, e.Vip, replies);
                break;
        }
    }
}
