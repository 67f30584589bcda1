using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.Lab;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Captures;

/// <summary>
/// <see cref="LiveCapture.PcapArpLink"/> on real interfaces of a lab. A second capture on the client sends: the
/// kernel hands its frames to every other capture on the segment (its own socket excepted).
/// </summary>
public class PcapArpLinkLabTests
{
    private static readonly Ipv4Address Client = Ipv4Address.Parse("192.0.2.2");

    private static IArpLink Open(string netns)
    {
        var (link, error) = NamespaceLinks.Open(netns, "eth0");
        Assert.True(link is not null, error?.Message);
        return link;
    }

    /// <summary>
    /// <see cref="IArpLink.CatchUpAsync"/>: once it returns, every frame the kernel had captured is readable.
    /// The sender's frame is in the capture's ring before the send returns, so it must be readable after a
    /// catch-up, however late the capture thread runs.
    /// </summary>
    [SkippableFact]
    public async Task After_a_catch_up_every_frame_captured_so_far_is_readable()
    {
        using var lab = Labs.Create(nodes: 1, LabMode.Strict);
        using var link = Open(lab.Plan.ClientNamespace);
        using var sender = Open(lab.Plan.ClientNamespace);
        for (int round = 0; round < 300; round++)
        {
            var target = new Ipv4Address(Ipv4Address.Parse("198.51.100.1").Value + (uint)round);
            sender.Send(ArpFrame.Request(sender.Mac, Client, target));
            await link.CatchUpAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

            var seen = new List<ArpFrame>();
            while (link.Received.TryRead(out var captured)) seen.Add(captured.Frame);
            Assert.True(seen.Any(f => f.Operation == ArpOperation.Request && f.TargetIp == target),
                $"round {round}: the request for {target} was not readable after the catch-up ({seen.Count} other frames)");
        }
    }

    [SkippableFact]
    public async Task A_catch_up_after_dispose_returns_at_once()
    {
        using var lab = Labs.Create(nodes: 1, LabMode.Strict);
        var link = Open(lab.Plan.ClientNamespace);
        link.Dispose();

        await link.CatchUpAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The kernel filter (<c>arp or (vlan and arp)</c>): ARP with and without an 802.1Q tag crosses the lab's
    /// bridge to a node; its capture gets both, the tagged one with its VLAN id (the receiving kernel moves the
    /// tag out of the frame; the filter must still match it).
    /// </summary>
    [SkippableFact]
    public async Task Tagged_and_untagged_ARP_pass_the_filter()
    {
        using var lab = Labs.Create(nodes: 1, LabMode.Strict);
        using var capture = Open(lab.Plan.NodeNamespace(1));
        using var sender = Open(lab.Plan.ClientNamespace);
        var untagged = ArpFrame.Request(sender.Mac, Client, Ipv4Address.Parse("198.51.100.7"));
        var tagged = ArpFrame.Request(sender.Mac, Client, Ipv4Address.Parse("198.51.100.8")) with { VlanId = 42 };
        sender.Send(untagged);
        sender.Send(tagged);

        var mine = new List<ArpFrame>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (mine.Count < 2 && await capture.Received.WaitToReadAsync(timeout.Token))
            while (capture.Received.TryRead(out var captured))
                if (captured.Frame.SenderMac == sender.Mac) mine.Add(captured.Frame);

        Assert.Contains(mine, f => f.TargetIp == untagged.TargetIp && f.VlanId is null);
        Assert.Contains(mine, f => f.TargetIp == tagged.TargetIp && f.VlanId == 42);
    }
}
