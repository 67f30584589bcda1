using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Probing;

/// <summary>
/// Sends broadcast ARP probes for one VIP over an <see cref="IArpLink"/> with the <see cref="ProbeEngine"/> and collects
/// every reply. Every probe is broadcast: unlike arping, which switches to unicast after the first reply and then only
/// ever hears that one host, so it misses the other responders.
/// </summary>
public sealed class Prober(IArpLink link, TimeProvider time)
{
    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default)
    {
        var tally = new ProbeTally(request.Vip, request.SourceMac);
        var engine = new ProbeEngine(link, time, request.SourceMac, request.SourceIp,
            (in CapturedArp c, ArpFrameKind kind) => tally.Observe(c.Time, c.Frame, kind));
        Ipv4Address[] vip = [request.Vip];
        var started = time.GetTimestamp();
        for (int i = 0; i < request.Count; i++)
        {
            long sentAt = time.GetTimestamp();
            await engine.SendAsync(vip, 1, (_, at) => tally.Sent(at), cancellationToken).ConfigureAwait(false);
            var pause = i == request.Count - 1 ? request.Wait : request.Interval;
            // The next probe is due an interval after this one left, whatever the listening cost.
            await engine.ListenUntilAsync(engine.After(sentAt, pause), null, cancellationToken).ConfigureAwait(false);
        }
        engine.Drain();
        return tally.ToResult(link.Name, request.SourceIp, time.GetElapsedTime(started));
    }
}
