using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Packets;

public class ArpCodecTests
{
    // A broadcast who-has 203.0.113.10 from 192.0.2.2 (aa:bb:cc:00:00:02), as arping -b sends it.
    private static readonly byte[] Request =
    [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // Ethernet destination: broadcast
        0xaa, 0xbb, 0xcc, 0x00, 0x00, 0x02, // Ethernet source
        0x08, 0x06,                         // EtherType: ARP
        0x00, 0x01,                         // ar$hrd: Ethernet
        0x08, 0x00,                         // ar$pro: IPv4
        0x06, 0x04,                         // ar$hln, ar$pln
        0x00, 0x01,                         // ar$op: request
        0xaa, 0xbb, 0xcc, 0x00, 0x00, 0x02, // ar$sha
        192, 0, 2, 2,                       // ar$spa
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // ar$tha: unknown
        203, 0, 113, 10,                    // ar$tpa: the VIP
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // padding to 60 bytes
    ];

    // The reply of node 1 (02:00:00:00:00:11): 203.0.113.10 is-at 02:00:00:00:00:11, unicast to the asker.
    private static readonly byte[] Reply =
    [
        0xaa, 0xbb, 0xcc, 0x00, 0x00, 0x02, // Ethernet destination: the asker
        0x02, 0x00, 0x00, 0x00, 0x00, 0x11, // Ethernet source: node 1
        0x08, 0x06,                         // EtherType: ARP
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, // Ethernet / IPv4 / 6 / 4
        0x00, 0x02,                         // ar$op: reply
        0x02, 0x00, 0x00, 0x00, 0x00, 0x11, // ar$sha: node 1
        203, 0, 113, 10,                    // ar$spa: the VIP
        0xaa, 0xbb, 0xcc, 0x00, 0x00, 0x02, // ar$tha: the asker
        192, 0, 2, 2,                       // ar$tpa
    ];

    // A gratuitous request from a new MetalLB speaker, tagged with VLAN 42.
    private static readonly byte[] TaggedGratuitous =
    [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // Ethernet destination: broadcast
        0x02, 0x00, 0x00, 0x00, 0x00, 0x12, // Ethernet source: node 2
        0x81, 0x00, 0x00, 0x2a,             // 802.1Q tag, PCP 0, VLAN 42
        0x08, 0x06,                         // EtherType: ARP
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, // Ethernet / IPv4 / 6 / 4
        0x00, 0x01,                         // ar$op: request
        0x02, 0x00, 0x00, 0x00, 0x00, 0x12, // ar$sha: node 2
        203, 0, 113, 10,                    // ar$spa: the VIP
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // ar$tha (arping -U puts broadcast here)
        203, 0, 113, 10,                    // ar$tpa: the VIP again
    ];

    [Fact]
    public void Decodes_a_broadcast_request()
    {
        Assert.True(ArpCodec.TryDecode(Request, out var arp));
        Assert.Equal(ArpOperation.Request, arp.Operation);
        Assert.Equal(MacAddress.Broadcast, arp.EthernetDestination);
        Assert.Equal("aa:bb:cc:00:00:02", arp.SenderMac.ToString());
        Assert.Equal("192.0.2.2", arp.SenderIp.ToString());
        Assert.Equal(MacAddress.Zero, arp.TargetMac);
        Assert.Equal("203.0.113.10", arp.TargetIp.ToString());
        Assert.Null(arp.VlanId);
        Assert.False(arp.IsGratuitous);
    }

    [Fact]
    public void Decodes_an_unpadded_reply()
    {
        Assert.True(ArpCodec.TryDecode(Reply, out var arp));
        Assert.Equal(ArpOperation.Reply, arp.Operation);
        Assert.Equal("02:00:00:00:00:11", arp.SenderMac.ToString());
        Assert.Equal("203.0.113.10", arp.SenderIp.ToString());
        Assert.Equal("aa:bb:cc:00:00:02", arp.TargetMac.ToString());
    }

    [Fact]
    public void Decodes_a_tagged_gratuitous_request()
    {
        Assert.True(ArpCodec.TryDecode(TaggedGratuitous, out var arp));
        Assert.Equal((ushort)42, arp.VlanId);
        Assert.True(arp.IsGratuitous);
        Assert.Equal("02:00:00:00:00:12", arp.SenderMac.ToString());
    }

    [Fact]
    public void Encodes_a_request_byte_for_byte_as_arping_sends_it()
    {
        var frame = ArpFrame.Request(MacAddress.Parse("aa:bb:cc:00:00:02"), Ipv4Address.Parse("192.0.2.2"), Ipv4Address.Parse("203.0.113.10"));
        Assert.Equal(Request, ArpCodec.Encode(frame));
    }

    [Fact]
    public void Encodes_a_tagged_frame_and_decodes_it_back()
    {
        var frame = ArpFrame.Announcement(MacAddress.Parse("02:00:00:00:00:12"), Ipv4Address.Parse("203.0.113.10")) with { VlanId = 42 };
        var bytes = ArpCodec.Encode(frame);
        Assert.Equal(ArpCodec.MinimumFrameLength, bytes.Length);
        Assert.True(ArpCodec.TryDecode(bytes, out var back));
        Assert.Equal(frame, back);
    }

    public static TheoryData<string, byte[]> Rejected => new()
    {
        { "empty", [] },
        { "cut in the ARP header", Request[..30] },
        { "one byte short", Reply[..^1] },
        { "IPv4 EtherType", With(Request, 12, 0x08, 0x00) },
        { "token ring hardware", With(Request, 15, 0x06) },
        { "IPv6 protocol", With(Request, 16, 0x86, 0xdd) },
        { "hardware length 8", With(Request, 18, 8) },
        { "RARP opcode 3", With(Request, 21, 3) },
        { "opcode 0", With(Request, 21, 0) },
        { "tag with nothing after it", TaggedGratuitous[..20] },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects_frames_that_are_not_IPv4_Ethernet_ARP(string why, byte[] frame)
    {
        Assert.False(ArpCodec.TryDecode(frame, out _), why);
    }

    private static byte[] With(byte[] frame, int offset, params byte[] bytes)
    {
        var copy = frame.ToArray();
        bytes.CopyTo(copy, offset);
        return copy;
    }
}
