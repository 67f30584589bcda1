using Xunit;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

public class CaptureAssemblerTests
{
    private static readonly MacAddress Client = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly Ipv4Address ClientIp = Ipv4Address.Parse("203.0.113.1");
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Requests_open_probes_and_replies_answer_them()
    {
        var analysis = new EvidenceAnalysis();
        var capture = new CaptureAssembler(analysis);
        for (int i = 0; i < 4; i++)
        {
            var t = T0.AddSeconds(i);
            capture.Observe(t, ArpFrame.Request(Client, ClientIp, Vip));
            capture.Observe(t.AddMilliseconds(1), ArpFrame.Reply(i < 2 ? Node1 : Node2, Vip, Client, ClientIp));
        }
        capture.End();
        var vip = Assert.Single(analysis.ToReport(Firewall).Vips);
        Assert.Equal(Verdict.Unstable, vip.Verdict);
        Assert.Equal((4L, 4L, 1L), (vip.ProbesSent, vip.ProbesAnswered, vip.WinnerChanges));
    }

    [Fact]
    public void Addresses_nobody_answers_for_are_not_reported_unless_asked_for()
    {
        var analysis = new EvidenceAnalysis();
        var capture = new CaptureAssembler(analysis);
        for (int i = 0; i < 1000; i++)
            capture.Observe(T0, ArpFrame.Request(Client, ClientIp, new Ipv4Address(Ipv4Address.Parse("198.51.100.0").Value + (uint)(i % 250))));
        capture.End();
        Assert.Empty(analysis.ToReport(Firewall).Vips);

        var only = new EvidenceAnalysis(Ipv4Address.Parse("198.51.100.7"));
        var asked = new CaptureAssembler(only);
        asked.Observe(T0, ArpFrame.Request(Client, ClientIp, Ipv4Address.Parse("198.51.100.7")));
        asked.Observe(T0.AddSeconds(1), ArpFrame.Request(Client, ClientIp, Ipv4Address.Parse("198.51.100.7")));
        asked.End();
        var vip = Assert.Single(only.ToReport(Firewall).Vips);
        Assert.Equal((Verdict.NoAnswer, 2L), (vip.Verdict, vip.ProbesSent));
    }

    [Fact]
    public void Gratuitous_arp_counts_as_an_announcement()
    {
        var analysis = new EvidenceAnalysis();
        var capture = new CaptureAssembler(analysis);
        capture.Observe(T0, ArpFrame.Announcement(Node2, Vip));
        var vip = Assert.Single(analysis.ToReport(Firewall).Vips);
        Assert.Equal(1, vip.Responders.Single().Announcements);
    }

    [Fact]
    public void Decodes_vlan_tagged_and_linux_cooked_frames()
    {
        var reply = ArpFrame.Reply(Node1, Vip, Client, ClientIp) with { VlanId = 42 };
        Assert.True(CapturedFrames.TryDecode((int)CaptureLinkType.Ethernet, ArpCodec.Encode(reply), out var tagged));
        Assert.Equal((ushort?)42, tagged.VlanId);

        var arp = ArpCodec.Encode(ArpFrame.Reply(Node1, Vip, Client, ClientIp))[14..42];
        byte[] sll = [
            0, 0,             // packet type: to us
            0, 1,             // ARPHRD_ETHER
            0, 6,             // address length
            2, 0, 0, 0, 1, 1, 0, 0, // source address, padded to 8
            0x08, 0x06,       // protocol: ARP
            .. arp];
        Assert.True(CapturedFrames.TryDecode((int)CaptureLinkType.LinuxSll, sll, out var cooked));
        Assert.Equal((Node1, Vip, Node1), (cooked.SenderMac, cooked.SenderIp, cooked.EthernetSource));
        byte[] sll2 = [
            0x08, 0x06,       // protocol: ARP
            0, 0,             // reserved
            0, 0, 0, 2,       // interface index
            0, 1,             // ARPHRD_ETHER
            1,                // packet type: broadcast
            6,                // address length
            2, 0, 0, 0, 1, 1, 0, 0, // source address, padded to 8
            .. arp];
        Assert.True(CapturedFrames.TryDecode((int)CaptureLinkType.LinuxSll2, sll2, out var cooked2));
        Assert.Equal((Node1, MacAddress.Broadcast), (cooked2.SenderMac, cooked2.EthernetDestination));
        Assert.False(CapturedFrames.TryDecode((int)CaptureLinkType.LinuxSll2, sll2[..30], out _));
        Assert.False(CapturedFrames.TryDecode(105, sll2, out _));
    }
}
