using ArpDoctor.Core.History;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Watching;

/// <summary>
/// Re-resolves every VIP each interval with a broadcast request, as a firewall with a hard ARP timeout
/// does, and listens to every ARP frame in between, so announcements and replies to other hosts count too.
/// Ends after the duration or on cancellation, with a summary either way.
/// </summary>
public sealed class Watcher
{
    private readonly TimeProvider _time;
    private readonly WatchRequest _request;
    private readonly ResponderHistories _histories;
    private readonly ProbeEngine _engine;
    private readonly Dictionary<Ipv4Address, int> _index = [];
    private readonly List<Reply>[] _heard;
    private bool _collecting;
    private IWatchSink? _sink;

    public Watcher(IArpLink link, TimeProvider time, WatchRequest request)
    {
        _time = time;
        _request = request;
        _histories = new ResponderHistories(request.Vips, request.SourceMac);
        _engine = new ProbeEngine(link, time, request.SourceMac, request.SourceIp, Handle);
        Summary = new WatchSummaryBuilder(time.GetUtcNow());
        foreach (var vip in request.Vips)
            _index.TryAdd(vip, _index.Count);
        _heard = new List<Reply>[_index.Count];
        for (int i = 0; i < _heard.Length; i++) _heard[i] = new List<Reply>(4);
    }

    /// <summary>The running summary; read it for a live status line.</summary>
    public WatchSummaryBuilder Summary { get; }

    /// <summary>Carries on from an earlier run's events (<c>--resume</c>).</summary>
    public void Resume(IEnumerable<WatchEvent> earlier)
    {
        foreach (var e in earlier)
        {
            _histories.Restore(e);
            Summary.AddEarlier(e);
        }
    }

    public async Task<WatchSummary> RunAsync(IWatchSink sink, IHeldConnection? connection, CancellationToken cancellationToken)
    {
        _sink = sink;
        var started = _time.GetTimestamp();
        var vips = _index.Keys.ToArray();
        try
        {
            while (!cancellationToken.IsCancellationRequested && !DurationOver(started))
            {
                var roundTime = _time.GetUtcNow();
                long roundStart = _time.GetTimestamp();
                foreach (var list in _heard) list.Clear();
                _collecting = true;
                await _engine.SendAsync(vips, _request.Rate, (i, _) => sink.Probed(vips[i]), cancellationToken).ConfigureAwait(false);
                await ListenAsync(_engine.After(_request.Wait), cancellationToken).ConfigureAwait(false);
                _collecting = false;
                for (int i = 0; i < vips.Length; i++)
                {
                    var round = new Round(roundTime, vips[i], [.. _heard[i]]);
                    Summary.AddRound(round);
                    sink.RoundEnded(round);
                    foreach (var e in _histories.Add(round))
                        Report(e);
                }
                if (connection is not null)
                {
                    var status = await connection.CheckAsync(cancellationToken).ConfigureAwait(false);
                    if (status.State == HeldConnectionState.Dropped)
                        Report(_histories.ConnectionDropped(new ConnectionDrop(status.Time, connection.Vip, status.Detail)));
                }
                long nextRound = _engine.After(roundStart, _request.Interval);
                if (_request.Duration is { } duration) nextRound = Math.Min(nextRound, _engine.After(started, duration));
                await ListenAsync(nextRound, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: a clean end, the summary follows.
        }
        foreach (var e in _histories.Flush())
            Report(e);
        sink.Ended();
        return Summary.Build(_time.GetUtcNow());
    }

    private Task ListenAsync(long until, CancellationToken cancellationToken) => _engine.ListenUntilAsync(until, null, cancellationToken);

    private bool DurationOver(long started) =>
        _request.Duration is { } duration && _time.GetElapsedTime(started) >= duration;

    private void Handle(in CapturedArp captured, ArpFrameKind kind)
    {
        var frame = captured.Frame;
        if (_index.TryGetValue(frame.SenderIp, out int i))
        {
            if (kind == ArpFrameKind.ReplyToOther)
                Summary.Heard(frame.SenderMac);   // a reply to another host: a responder all the same
            else if (kind == ArpFrameKind.ReplyToUs && _collecting && !Heard(_heard[i], frame.SenderMac))
                _heard[i].Add(new Reply(frame.SenderMac, captured.Time));
        }
        if (_histories.AnnouncementIn(captured.Time, frame) is { } announcement)
        {
            foreach (var e in _histories.Add(announcement))
                Report(e);
        }
    }

    private static bool Heard(List<Reply> replies, MacAddress mac)
    {
        foreach (var r in replies)
            if (r.Mac == mac) return true;
        return false;
    }

    private void Report(WatchEvent e)
    {
        Summary.Add(e);
        _sink!.Event(e);
    }
}
