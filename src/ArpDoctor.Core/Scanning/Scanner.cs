using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Scanning;

/// <summary>
/// Probes many VIPs at once over an <see cref="IArpLink"/>: broadcast requests paced at
/// <see cref="ScanRequest.Rate"/>, every reply counted per target and MAC while the probes go out.
/// Retry rounds re-probe only the targets that are still silent.
/// </summary>
public sealed class Scanner(IArpLink link, TimeProvider time)
{
    // Below a millisecond timers do not resolve; the pacer makes up for late wake-ups with bursts.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Once every target has answered, the wait ends after this much silence: all responders of a LAN
    /// answer within milliseconds of each other, so waiting out the rest of <see cref="ScanRequest.Wait"/>
    /// would only add time (arp-scan stops the same way when every host has answered).
    /// </summary>
    public static readonly TimeSpan QuietEnd = TimeSpan.FromMilliseconds(50);

    private long _lastReply;

    public async Task<ScanResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default)
    {
        var tally = new ScanTally(request.Targets, request.SourceMac);
        _lastReply = 0;
        long started = time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collector = Task.Run(() => CollectAsync(tally, stop.Token), CancellationToken.None);
        int sent = 0, gaps = 0;
        TimeSpan sendTime = TimeSpan.Zero;
        try
        {
            var pacer = new RatePacer(request.Rate);
            for (int round = 0; round <= request.Retries; round++)
            {
                var pending = new List<int>(tally.Count);
                for (int i = 0; i < tally.Count; i++)
                    if (!tally.HasAnswered(i)) pending.Add(i);
                if (pending.Count == 0) break;
                // The round's clock starts at its first probe, so a slow start does not turn into a burst.
                long roundStart = time.GetTimestamp(), lastSend = roundStart;
                int next = 0;
                while (next < pending.Count)
                {
                    int due = pacer.Due(time.GetElapsedTime(roundStart), pending.Count);
                    for (; next < due; next++)
                    {
                        int target = pending[next];
                        link.Send(ArpFrame.Request(request.SourceMac, request.SourceIp, tally.Target(target)));
                        tally.Sent(target);
                        sent++;
                    }
                    lastSend = time.GetTimestamp();
                    if (next < pending.Count)
                        await Task.Delay(Tick, time, cancellationToken).ConfigureAwait(false);
                }
                gaps += pending.Count - 1;
                sendTime += time.GetElapsedTime(roundStart, lastSend);
                await WaitForRepliesAsync(tally, request.Wait, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await collector.ConfigureAwait(false);
        }
        while (link.Received.TryRead(out var late))
            tally.Observe(late.Frame);
        return new ScanResult(link.Name, tally.Results(), sent, gaps, sendTime, time.GetElapsedTime(started));
    }

    /// <summary>Waits <paramref name="wait"/> after a round, or less once every target answered and the segment went quiet.</summary>
    private async Task WaitForRepliesAsync(ScanTally tally, TimeSpan wait, CancellationToken cancellationToken)
    {
        long start = time.GetTimestamp();
        var step = TimeSpan.FromMilliseconds(10);
        while (time.GetElapsedTime(start) < wait)
        {
            if (tally.AnsweredCount == tally.Count && time.GetElapsedTime(Math.Max(start, Volatile.Read(ref _lastReply))) >= QuietEnd)
                return;
            var left = wait - time.GetElapsedTime(start);
            await Task.Delay(left < step ? left : step, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CollectAsync(ScanTally tally, CancellationToken stop)
    {
        var reader = link.Received;
        try
        {
            while (await reader.WaitToReadAsync(stop).ConfigureAwait(false))
                while (reader.TryRead(out var captured))
                    if (tally.Observe(captured.Frame))
                        Volatile.Write(ref _lastReply, time.GetTimestamp());
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Normal end: the scan stops collecting after the last wait; what is still queued is drained by the caller.
        }
    }
}
