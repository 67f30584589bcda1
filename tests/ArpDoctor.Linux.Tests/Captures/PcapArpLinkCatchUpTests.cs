using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.Lab;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Captures;

/// <summary>
/// <see cref="Capture.PcapArpLink.CatchUpAsync"/> on a real capture: once it returns, every frame the kernel had
/// captured is readable. A second capture on the same interface sends; the kernel hands its frames to the
/// first one's ring before the send returns, so each one must be readable after a catch-up, however late the
/// capture thread runs.
/// </summary>
public class PcapArpLinkCatchUpTests
{
    [SkippableFact]
    public async Task After_a_catch_up_every_frame_captured_so_far_is_readable()
    {
        using var lab = Labs.Create(nodes: 1, LabMode.Strict);
        var (link, error) = NamespaceLinks.Open(lab.Plan.ClientNamespace, "eth0");
        Assert.True(link is not null, error?.Message);
        var (sender, senderError) = NamespaceLinks.Open(lab.Plan.ClientNamespace, "eth0");
        Assert.True(sender is not null, senderError?.Message);
        using (link)
        using (sender)
        {
            var source = Ipv4Address.Parse("192.0.2.2");
            for (int round = 0; round < 300; round++)
            {
                var target = new Ipv4Address(Ipv4Address.Parse("198.51.100.1").Value + (uint)round);
                sender.Send(ArpFrame.Request(sender.Mac, source, target));
                await link.CatchUpAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

                var seen = new List<ArpFrame>();
                while (link.Received.TryRead(out var captured)) seen.Add(captured.Frame);
                Assert.True(seen.Any(f => f.Operation == ArpOperation.Request && f.TargetIp == target),
                    $"round {round}: the request for {target} was not readable after the catch-up ({seen.Count} other frames)");
            }
        }
    }

    [SkippableFact]
    public async Task A_catch_up_after_dispose_returns_at_once()
    {
        using var lab = Labs.Create(nodes: 1, LabMode.Strict);
        var (link, error) = NamespaceLinks.Open(lab.Plan.ClientNamespace, "eth0");
        Assert.True(link is not null, error?.Message);
        link.Dispose();

        await link.CatchUpAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(1));
    }
}
