using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Probing;

/// <summary>Hands each captured frame, classified once, to the loop that runs the engine.</summary>
public delegate void FrameObserver(in CapturedArp captured, ArpFrameKind kind);

/// <summary>How the engine waits between bursts and between rounds.</summary>
/// <param name="Tick">Between two bursts of probes: timers do not resolve below a millisecond, so the pacer sends what is due in a burst.</param>
/// <param name="WakeOnFrames">
/// true: a wait ends when a frame arrives (the CLI: replies are counted as they come). false: frames are drained on a
/// timer, every <see cref="Tick"/> while probing and every <see cref="IdleDrain"/> otherwise; each frame carries its
/// capture time, so when it is handled changes no result, and an idle agent wakes a few times a second, not per frame.
/// </param>
public sealed record EnginePacing(TimeSpan Tick, bool WakeOnFrames, TimeSpan IdleDrain)
{
    public static readonly EnginePacing Interactive = new(TimeSpan.FromMilliseconds(1), true, TimeSpan.FromMilliseconds(250));
    public static readonly EnginePacing Agent = new(TimeSpan.FromMilliseconds(10), false, TimeSpan.FromMilliseconds(250));
}

/// <summary>What a <see cref="ProbeEngine.SendAsync"/> took: the gaps between probes and the time from first to last.</summary>
public readonly record struct SendReport(int Sent, int Gaps, TimeSpan SendTime);

/// <summary>
/// The one send-and-collect loop every prober uses (probe, scan, watch, locate's neighbour resolution, the agent):
/// broadcast requests paced at a rate, every captured frame classified once (<see cref="ArpFrameKinds"/>) and handed to
/// the observer, listening that ends at a deadline or earlier when the caller says it has what it needs, after a
/// catch-up with the capture. Single-threaded: sending, draining and the observer all run on the caller's flow.
/// </summary>
public sealed class ProbeEngine(IArpLink link, TimeProvider time, MacAddress sourceMac, Ipv4Address sourceIp, FrameObserver observer,
    EnginePacing? pacing = null)
{
    private readonly EnginePacing _pacing = pacing ?? EnginePacing.Interactive;

    /// <summary>The capture ended (the interface went away): nothing more will arrive.</summary>
    private bool CaptureEnded => link.Received.Completion.IsCompleted;

    /// <summary>A timestamp <paramref name="span"/> after now, on <see cref="TimeProvider.GetTimestamp"/>'s clock.</summary>
    public long After(TimeSpan span) => After(time.GetTimestamp(), span);

    /// <summary>A timestamp <paramref name="span"/> after <paramref name="timestamp"/>.</summary>
    public long After(long timestamp, TimeSpan span) =>
        timestamp + (long)(span.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);

    /// <summary>
    /// Sends one broadcast request per target at <paramref name="rate"/> per second (the first at once), handing frames to
    /// the observer between bursts; <paramref name="sent"/> hears each probe's index and the time it left.
    /// </summary>
    public async Task<SendReport> SendAsync(IReadOnlyList<Ipv4Address> targets, int rate, Action<int, DateTimeOffset>? sent,
        CancellationToken cancellationToken)
    {
        var pacer = new RatePacer(rate);
        long start = time.GetTimestamp(), last = start;
        int next = 0;
        while (next < targets.Count)
        {
            for (int due = pacer.Due(time.GetElapsedTime(start), targets.Count); next < due; next++)
            {
                var at = link.Send(ArpFrame.Request(sourceMac, sourceIp, targets[next]));
                sent?.Invoke(next, at);
            }
            last = time.GetTimestamp();
            Drain();
            if (next < targets.Count)
                await WaitAsync(After(_pacing.Tick), probing: true, cancellationToken).ConfigureAwait(false);
        }
        return new SendReport(targets.Count, Math.Max(0, targets.Count - 1), time.GetElapsedTime(start, last));
    }

    /// <summary>Hands frames to the observer until <paramref name="span"/> has passed.</summary>
    public Task ListenAsync(TimeSpan span, CancellationToken cancellationToken) => ListenUntilAsync(After(span), null, cancellationToken);

    /// <summary>
    /// Hands frames to the observer until the timestamp <paramref name="until"/>, or until the earlier timestamp
    /// <paramref name="endsEarly"/> gives (asked again after every frame; null while it has no end to give). Before
    /// ending early it catches up with the capture and looks again, so a reply the kernel already had is counted even if
    /// the capture thread was slow to run.
    /// </summary>
    /// <exception cref="CaptureEndedException">The capture ended: silence from here on would be no evidence.</exception>
    public async Task ListenUntilAsync(long until, Func<long?>? endsEarly, CancellationToken cancellationToken)
    {
        bool caughtUp = false;
        while (true)
        {
            Drain();
            if (CaptureEnded) throw new CaptureEndedException(link.Name);
            long end = until;
            bool early = false;
            if (endsEarly?.Invoke() is { } e && e < until)
            {
                end = e;
                early = true;
            }
            if (time.GetTimestamp() >= end)
            {
                if (!early || caughtUp) return;
                await link.CatchUpAsync(cancellationToken).ConfigureAwait(false);
                caughtUp = true;
                continue;
            }
            caughtUp = false;
            await WaitAsync(end, probing: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Hands every frame captured so far to the observer.</summary>
    public void Drain()
    {
        var reader = link.Received;
        while (reader.TryRead(out var captured))
            observer(captured, ArpFrameKinds.Classify(captured.Frame, sourceMac));
    }

    /// <summary>Returns at the timestamp <paramref name="until"/>, or earlier when a frame arrives (if the pacing wakes on frames).</summary>
    private async Task WaitAsync(long until, bool probing, CancellationToken cancellationToken)
    {
        var delay = time.GetElapsedTime(time.GetTimestamp(), until);
        if (delay <= TimeSpan.Zero) return;
        if (!_pacing.WakeOnFrames)
        {
            var cap = probing ? _pacing.Tick : _pacing.IdleDrain;
            await Task.Delay(delay > cap ? cap : delay < _pacing.Tick ? _pacing.Tick : delay, time, cancellationToken).ConfigureAwait(false);
            return;
        }
        // The runtime's own timed CancellationTokenSource: its timer callback is harmless when it runs after disposal.
        using var expiry = new CancellationTokenSource(delay, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            await link.Received.WaitToReadAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The time is up: the caller looks at the clock again.
        }
    }
}
