using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Linux.Lab;

/// <summary>
/// A user-space ARP responder for the lab: answers requests for its VIPs from the link's own MAC after a
/// random delay, like the jittery virtual network of the original case where "first reply wins" picked a
/// different node from time to time. Run it in a node whose kernel does not answer (strict mode).
/// </summary>
public sealed class JitteryResponder(IArpLink link, IReadOnlyCollection<Ipv4Address> vips, TimeSpan minDelay, TimeSpan maxDelay, int? seed = null)
{
    private readonly HashSet<Ipv4Address> _vips = [.. vips];
    private readonly Random _random = seed is { } s ? new Random(s) : new Random();

    public int Answered { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var pending = new List<Task>();
        try
        {
            await foreach (var captured in link.Received.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var frame = captured.Frame;
                if (frame.Operation != ArpOperation.Request || frame.IsGratuitous || frame.IsAddressProbe) continue;
                if (frame.SenderMac == link.Mac || !_vips.Contains(frame.TargetIp)) continue;
                var delay = minDelay + (maxDelay - minDelay) * _random.NextDouble();
                pending.RemoveAll(t => t.IsCompleted);
                pending.Add(ReplyLaterAsync(frame, delay, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task ReplyLaterAsync(ArpFrame request, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            link.Send(ArpFrame.Reply(link.Mac, request.TargetIp, request.SenderMac, request.SenderIp));
            Answered++;
        }
        catch (OperationCanceledException)
        {
            // Stopped before the reply was due.
        }
    }
}
