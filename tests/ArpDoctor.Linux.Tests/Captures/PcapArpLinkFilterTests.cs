using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.Lab;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Captures;

/// <summary>
/// The capture's kernel filter (<c>arp or (vlan and arp)</c>) on real frames: the client sends ARP with and
/// without an 802.1Q tag through the lab's bridge; a capture on a node gets both, the tagged one with its VLAN
/// id (the receiving kernel moves the tag out of the frame; the filter must still match it).
/// </summary>
public class PcapArpLinkFilterTests
{
    [SkippableFact]
    public async Task Tagged_and_untagged_ARP_pass_the_filter()
    {
        using var lab = Labs.Create(nodes: 1, LabMode.Strict);
        var (capture, error) = NamespaceLinks.Open(lab.Plan.NodeNamespace(1), "eth0");
        Assert.True(capture is not null, error?.Message);
        var (sender, senderError) = NamespaceLinks.Open(lab.Plan.ClientNamespace, "eth0");
        Assert.True(sender is not null, senderError?.Message);
        using (capture)
        using (sender)
        {
            var source = Ipv4Address.Parse("192.0.2.2");
            var untagged = ArpFrame.Request(sender.Mac, source, Ipv4Address.Parse("198.51.100.7"));
            var tagged = ArpFrame.Request(sender.Mac, source, Ipv4Address.Parse("198.51.100.8")) with { VlanId = 42 };
            sender.Send(untagged);
            sender.Send(tagged);

            var seen = await ReadUntilAsync(capture, frames => frames.Count(f => f.SenderMac == sender.Mac) >= 2);

            var mine = seen.Where(f => f.SenderMac == sender.Mac).ToList();
            Assert.Contains(mine, f => f.TargetIp == untagged.TargetIp && f.VlanId is null);
            Assert.Contains(mine, f => f.TargetIp == tagged.TargetIp && f.VlanId == 42);
        }
    }

    private static async Task<List<ArpFrame>> ReadUntilAsync(IArpLink link, Func<List<ArpFrame>, bool> done)
    {
        var frames = new List<ArpFrame>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!done(frames) && await link.Received.WaitToReadAsync(timeout.Token))
            while (link.Received.TryRead(out var captured)) frames.Add(captured.Frame);
        return frames;
    }
}
