using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Scanning;

namespace ArpDoctor.Core.Watching;

/// <summary>
/// Re-resolves every VIP each interval with a broadcast request, as a firewall with a hard ARP timeout
/// does, and listens to every ARP frame in between, so announcements and replies to other hosts count too.
/// Ends after the duration or on cancellation, with a summary either way.
/// </summary>
public sealed class Watcher
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly IArpLink _link;
    private readonly TimeProvider _time;
    private readonly WatchRequest _request;
    private readonly WatchTracker _tracker;
    private readonly Dictionary<Ipv4Address, int> _index = [];
    private readonly List<MacAddress>[] _heard;
    private bool _collecting;

    public Watcher(IArpLink link, TimeProvider time, WatchRequest request)
    {
        _link = link;
        _time = time;
        _request = request;
        _tracker = new WatchTracker(request.Vips, request.SourceMac);
        Summary = new WatchSummaryBuilder(time.GetUtcNow());
        foreach (var vip in request.Vips)
            _index.TryAdd(vip, _index.Count);
        _heard = new List<MacAddress>[_index.Count];
        for (int i = 0; i < _heard.Length; i++) _heard[i] = new List<MacAddress>(4);
    }

    /// <summary>The running summary; read it for a live status line.</summary>
    public WatchSummaryBuilder Summary { get; }

    /// <summary>Carries on from an earlier run's events (<c>--resume</c>).</summary>
    public void Resume(IEnumerable<WatchEvent> earlier)
    {
        foreach (var e in earlier)
        {
            _tracker.Restore(e);
            Summary.AddEarlier(e);
        }
    }

    public async Task<WatchSummary> RunAsync(IWatchSink sink, IHeldConnection? connection, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var vips = _index.Keys.ToArray();
        var pacer = new RatePacer(_request.Rate);
        try
        {
            while (!cancellationToken.IsCancellationRequested && !DurationOver(started))
            {
                var roundTime = _time.GetUtcNow();
                long roundStart = _time.GetTimestamp();
                foreach (var list in _heard) list.Clear();
                _collecting = true;
                int next = 0;
                while (next < vips.Length)
                {
                    for (int due = pacer.Due(_time.GetElapsedTime(roundStart), vips.Length); next < due; next++)
                    {
                        _link.Send(ArpFrame.Request(_request.SourceMac, _request.SourceIp, vips[next]));
                        sink.Probed(vips[next]);
                    }
                    if (next < vips.Length) await PumpUntilAsync(_time.GetTimestamp() + Ticks(Tick), sink, cancellationToken).ConfigureAwait(false);
                }
                await PumpUntilAsync(_time.GetTimestamp() + Ticks(_request.Wait), sink, cancellationToken).ConfigureAwait(false);
                _collecting = false;
                for (int i = 0; i < vips.Length; i++)
                {
                    var resolution = new Resolution(roundTime, vips[i], [.. _heard[i]]);
                    Summary.AddResolution(resolution);
                    sink.Resolved(resolution);
                    foreach (var e in _tracker.Resolve(resolution))
                        Report(e, sink);
                }
                if (connection is not null)
                {
                    var status = await connection.CheckAsync(cancellationToken).ConfigureAwait(false);
                    if (status.State == HeldConnectionState.Dropped)
                        Report(_tracker.ConnectionDropped(status.Time, connection.Vip, status.Detail), sink);
                }
                long nextRound = roundStart + Ticks(_request.Interval);
                if (_request.Duration is { } duration) nextRound = Math.Min(nextRound, started + Ticks(duration));
                await PumpUntilAsync(nextRound, sink, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: a clean end, the summary follows.
        }
        return Summary.Build(_time.GetUtcNow());
    }

    private bool DurationOver(long started) =>
        _request.Duration is { } duration && _time.GetElapsedTime(started) >= duration;

    private long Ticks(TimeSpan span) => (long)(span.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);

    /// <summary>Handles captured frames until the timestamp <paramref name="until"/>.</summary>
    private async Task PumpUntilAsync(long until, IWatchSink sink, CancellationToken cancellationToken)
    {
        var reader = _link.Received;
        while (true)
        {
            while (reader.TryRead(out var captured))
                Handle(captured, sink);
            long left = until - _time.GetTimestamp();
            if (left <= 0) return;
            var delay = TimeSpan.FromTicks((long)(left * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency));
            using var timeout = new CancellationTokenSource(delay < Tick ? Tick : delay, _time);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                if (!await reader.WaitToReadAsync(both.Token).ConfigureAwait(false))
                    throw new InvalidOperationException($"the capture on {_link.Name} ended");
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The wait is over; loop once more to drain what came in meanwhile.
            }
        }
    }

    private void Handle(in CapturedArp captured, IWatchSink sink)
    {
        var frame = captured.Frame;
        if (frame.Operation == ArpOperation.Reply && _index.TryGetValue(frame.SenderIp, out int i))
        {
            bool toUs = frame.TargetMac == _request.SourceMac || frame.EthernetDestination == _request.SourceMac;
            if (!toUs)
                Summary.Heard(frame.SenderMac);   // a reply to another host: a responder all the same
            else if (_collecting && !_heard[i].Contains(frame.SenderMac))
                _heard[i].Add(frame.SenderMac);
        }
        if (_tracker.Observe(captured.Time, frame) is { } e)
            Report(e, sink);
    }

    private void Report(WatchEvent e, IWatchSink sink)
    {
        Summary.Add(e);
        sink.Event(e);
    }
}
