using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Probing;

/// <summary>
/// Sends broadcast ARP probes for one VIP over an <see cref="IArpLink"/> and collects every reply.
/// Every probe is broadcast: unlike arping, which switches to unicast after the first reply and
/// then only ever hears that one host, so it misses the other responders.
/// </summary>
public sealed class Prober(IArpLink link, TimeProvider time)
{
    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default)
    {
        var tally = new ProbeTally(request.Vip, request.SourceMac);
        var probe = ArpFrame.Request(request.SourceMac, request.SourceIp, request.Vip);
        var started = time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collector = CollectAsync(tally, stop.Token);
        try
        {
            for (int i = 0; i < request.Count; i++)
            {
                var sentAt = link.Send(probe);
                lock (tally) tally.Sent(sentAt);
                var pause = i == request.Count - 1 ? request.Wait : request.Interval;
                if (pause > TimeSpan.Zero)
                    await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await collector.ConfigureAwait(false);
        }
        Drain(tally);
        lock (tally)
            return tally.ToResult(link.Name, request.SourceIp, time.GetElapsedTime(started));
    }

    private async Task CollectAsync(ProbeTally tally, CancellationToken stop)
    {
        try
        {
            while (await link.Received.WaitToReadAsync(stop).ConfigureAwait(false))
                Drain(tally);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Normal end: the caller stops collecting after the last wait.
        }
    }

    private void Drain(ProbeTally tally)
    {
        while (link.Received.TryRead(out var captured))
        {
            lock (tally) tally.Observe(captured.Time, captured.Frame);
        }
    }
}
