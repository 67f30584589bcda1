using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Scanning;

/// <summary>
/// Probes many VIPs at once over an <see cref="IArpLink"/> with the <see cref="ProbeEngine"/>: broadcast requests paced
/// at <see cref="ScanRequest.Rate"/>, every reply counted per target and MAC while the probes go out. Retry rounds
/// re-probe only the targets that are still silent.
/// </summary>
public sealed class Scanner(IArpLink link, TimeProvider time)
{
    /// <summary>How long a round keeps listening once every target has answered (see <see cref="ScanSettle"/>).</summary>
    public ScanSettle Settle { get; init; } = ScanSettle.Default;

    public async Task<ScanResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default)
    {
        var tally = new ScanTally(request.Targets, request.SourceMac);
        long? allAnsweredAt = null; // when the last silent target answered (a timestamp), null while some are silent
        var engine = new ProbeEngine(link, time, request.SourceMac, request.SourceIp, (in CapturedArp c, ArpFrameKind kind) =>
        {
            if (kind != ArpFrameKind.ReplyToUs) return;
            bool allBefore = tally.AnsweredCount == tally.Count;
            tally.Observe(c.Time, c.Frame, kind);
            if (!allBefore && tally.AnsweredCount == tally.Count) allAnsweredAt = time.GetTimestamp();
        });
        long started = time.GetTimestamp();
        int sent = 0, gaps = 0;
        TimeSpan sendTime = TimeSpan.Zero;
        for (int round = 0; round <= request.Retries; round++)
        {
            engine.Drain();
            var pending = new List<int>(tally.Count);
            for (int i = 0; i < tally.Count; i++)
                if (!tally.HasAnswered(i)) pending.Add(i);
            if (pending.Count == 0) break;
            var report = await engine.SendAsync(pending.Select(tally.Target).ToList(), request.Rate,
                (i, _) => tally.Sent(pending[i]), cancellationToken).ConfigureAwait(false);
            sent += report.Sent;
            gaps += report.Gaps;
            sendTime += report.SendTime;
            // Listen for the wait after the round's last probe or, once every target has answered, until the settle
            // after the last target's first reply (it can only grow with later replies), whichever comes first.
            await engine.ListenUntilAsync(engine.After(request.Wait),
                () => allAnsweredAt is { } at ? engine.After(at, Settle.For(tally.LargestSpread, request.Wait)) : null,
                cancellationToken).ConfigureAwait(false);
        }
        engine.Drain();
        return new ScanResult(link.Name, tally.Results(), sent, gaps, sendTime, time.GetElapsedTime(started));
    }
}
