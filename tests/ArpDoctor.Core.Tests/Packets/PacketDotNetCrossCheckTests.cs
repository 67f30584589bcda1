using System.Net;
using System.Net.NetworkInformation;
using ArpDoctor.Core.Packets;
using CsCheck;
using PacketDotNet;
using ArpOperation = ArpDoctor.Core.Packets.ArpOperation;
using Xunit;

namespace ArpDoctor.Core.Tests.Packets;

/// <summary>Our codec and PacketDotNet must agree on every field, both ways, for any frame.</summary>
public class PacketDotNetCrossCheckTests
{
    private static readonly Gen<ArpFrame> Frames =
        Gen.Select(Gen.Long[0, 0xFFFF_FFFF_FFFF], Gen.Long[0, 0xFFFF_FFFF_FFFF], Gen.UInt, Gen.UInt, Gen.Bool,
            Gen.Long[0, 0xFFFF_FFFF_FFFF],
            (sender, target, sip, tip, reply, ethDst) => new ArpFrame(
                new MacAddress((ulong)ethDst), new MacAddress((ulong)sender), null,
                reply ? ArpOperation.Reply : ArpOperation.Request,
                new MacAddress((ulong)sender), new Ipv4Address(sip), new MacAddress((ulong)target), new Ipv4Address(tip)));

    [Fact]
    public void PacketDotNet_reads_what_we_write()
    {
        Frames.Sample(frame =>
        {
            var parsed = Packet.ParsePacket(LinkLayers.Ethernet, ArpCodec.Encode(frame));
            var eth = Assert.IsType<EthernetPacket>(parsed);
            var arp = eth.Extract<ArpPacket>();
            Assert.NotNull(arp);
            Assert.Equal(frame.EthernetDestination.ToBytes(), eth.DestinationHardwareAddress.GetAddressBytes());
            Assert.Equal(frame.EthernetSource.ToBytes(), eth.SourceHardwareAddress.GetAddressBytes());
            Assert.Equal((ushort)frame.Operation, (ushort)arp.Operation);
            Assert.Equal(frame.SenderMac.ToBytes(), arp.SenderHardwareAddress.GetAddressBytes());
            Assert.Equal(frame.SenderIp.ToIPAddress(), arp.SenderProtocolAddress);
            Assert.Equal(frame.TargetMac.ToBytes(), arp.TargetHardwareAddress.GetAddressBytes());
            Assert.Equal(frame.TargetIp.ToIPAddress(), arp.TargetProtocolAddress);
        }, iter: 2000);
    }

    [Fact]
    public void We_read_what_PacketDotNet_writes()
    {
        Frames.Sample(frame =>
        {
            var arp = new ArpPacket(
                frame.Operation == ArpOperation.Reply ? global::PacketDotNet.ArpOperation.Response : global::PacketDotNet.ArpOperation.Request,
                new PhysicalAddress(frame.TargetMac.ToBytes()), frame.TargetIp.ToIPAddress(),
                new PhysicalAddress(frame.SenderMac.ToBytes()), frame.SenderIp.ToIPAddress());
            var eth = new EthernetPacket(new PhysicalAddress(frame.EthernetSource.ToBytes()),
                new PhysicalAddress(frame.EthernetDestination.ToBytes()), EthernetType.Arp) { PayloadPacket = arp };
            Assert.True(ArpCodec.TryDecode(eth.Bytes, out var decoded));
            Assert.Equal(frame, decoded);
        }, iter: 2000);
    }

    [Fact]
    public void Both_agree_on_a_tagged_frame()
    {
        var frame = ArpFrame.Reply(MacAddress.Parse("02:00:00:00:00:11"), Ipv4Address.Parse("203.0.113.10"),
            MacAddress.Parse("aa:bb:cc:00:00:02"), Ipv4Address.Parse("192.0.2.2")) with { VlanId = 100 };
        var eth = Assert.IsType<EthernetPacket>(Packet.ParsePacket(LinkLayers.Ethernet, ArpCodec.Encode(frame)));
        var vlan = eth.Extract<Ieee8021QPacket>();
        Assert.Equal(100, vlan.VlanIdentifier);
        var arp = eth.Extract<ArpPacket>();
        Assert.Equal(IPAddress.Parse("203.0.113.10"), arp.SenderProtocolAddress);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            if (ArpCodec.TryDecode(bytes, out var arp))
                Assert.True(arp.Operation is ArpOperation.Request or ArpOperation.Reply);
        }, iter: 20000);
    }
}
