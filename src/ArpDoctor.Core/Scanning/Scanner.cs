using System.Threading.Channels;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Scanning;

/// <summary>
/// Probes many VIPs at once over an <see cref="IArpLink"/>: broadcast requests paced at
/// <see cref="ScanRequest.Rate"/>, every reply counted per target and MAC while the probes go out.
/// Retry rounds re-probe only the targets that are still silent.
/// </summary>
/// <remarks>
/// One loop sends, reads the capture and decides when to stop, so the decision to end a round is always
/// taken with every frame captured so far counted (a separate collector could still hold a late reply).
/// </remarks>
public sealed class Scanner(IArpLink link, TimeProvider time)
{
    // Below a millisecond timers do not resolve; the pacer makes up for late wake-ups with bursts.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>How long a round keeps listening once every target has answered (see <see cref="ScanSettle"/>).</summary>
    public ScanSettle Settle { get; init; } = ScanSettle.Default;

    // When the last silent target answered (a TimeProvider timestamp), 0 while some are silent.
    private long _allAnsweredAt;

    public async Task<ScanResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default)
    {
        var tally = new ScanTally(request.Targets, request.SourceMac);
        _allAnsweredAt = 0;
        long started = time.GetTimestamp();
        int sent = 0, gaps = 0;
        TimeSpan sendTime = TimeSpan.Zero;
        var pacer = new RatePacer(request.Rate);
        for (int round = 0; round <= request.Retries; round++)
        {
            Drain(tally);
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
                Drain(tally);
                if (next < pending.Count)
                    await Task.Delay(Tick, time, cancellationToken).ConfigureAwait(false);
            }
            gaps += pending.Count - 1;
            sendTime += time.GetElapsedTime(roundStart, lastSend);
            await WaitForRepliesAsync(tally, request.Wait, cancellationToken).ConfigureAwait(false);
        }
        Drain(tally);
        return new ScanResult(link.Name, tally.Results(), sent, gaps, sendTime, time.GetElapsedTime(started));
    }

    /// <summary>
    /// Listens for <paramref name="wait"/> after a round's last probe, or, once every target has answered,
    /// until the settle after the last target's first reply has passed (whichever comes first). Before it
    /// ends on the settle it catches up with the capture, so a reply the kernel already had is counted
    /// (and may widen the spread, and so the settle) even if the capture thread was slow to run.
    /// </summary>
    private async Task WaitForRepliesAsync(ScanTally tally, TimeSpan wait, CancellationToken cancellationToken)
    {
        long start = time.GetTimestamp();
        bool caughtUp = false;
        while (true)
        {
            Drain(tally);
            var left = wait - time.GetElapsedTime(start);
            bool settling = false;
            if (_allAnsweredAt != 0)
            {
                var settleLeft = Settle.For(tally.LargestSpread, wait) - time.GetElapsedTime(_allAnsweredAt);
                if (settleLeft < left)
                {
                    left = settleLeft;
                    settling = true;
                }
            }
            if (left <= TimeSpan.Zero)
            {
                if (!settling || caughtUp) return;
                await link.CatchUpAsync(cancellationToken).ConfigureAwait(false);
                caughtUp = true;
                continue;
            }
            caughtUp = false;
            if (_allAnsweredAt != 0)
            {
                // Every target answered: the settle can only grow with later replies, so sleep to its end and look again.
                await Task.Delay(left, time, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WaitForFramesAsync(left, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Returns when a frame is ready to read or after <paramref name="timeout"/>.</summary>
    private async Task WaitForFramesAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The runtime's own timed CancellationTokenSource, as Watcher and NeighbourResolver use: its timer
        // callback is harmless when it runs after disposal (a thread-pool timer can deliver late).
        using var expiry = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            if (!await link.Received.WaitToReadAsync(either.Token).ConfigureAwait(false))
                await Task.Delay(timeout, time, cancellationToken).ConfigureAwait(false); // the capture ended: nothing more will come
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: the caller looks at the clock again.
        }
    }

    /// <summary>Counts every frame captured so far.</summary>
    private void Drain(ScanTally tally)
    {
        ChannelReader<CapturedArp> reader = link.Received;
        bool allBefore = tally.AnsweredCount == tally.Count;
        while (reader.TryRead(out var captured))
            tally.Observe(captured.Time, captured.Frame);
        if (!allBefore && tally.AnsweredCount == tally.Count)
            _allAnsweredAt = time.GetTimestamp();
    }
}
