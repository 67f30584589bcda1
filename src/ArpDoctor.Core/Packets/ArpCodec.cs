using System.Buffers.Binary;

namespace ArpDoctor.Core.Packets;

/// <summary>
/// Decodes and encodes Ethernet II frames carrying IPv4-over-Ethernet ARP (RFC 826), with up to two
/// 802.1Q/802.1ad tags. Decoding never throws: anything short, foreign or malformed is <c>false</c>.
/// </summary>
public static class ArpCodec
{
    public const ushort EtherTypeArp = 0x0806;
    public const ushort EtherTypeVlan = 0x8100;
    public const ushort EtherTypeQinQ = 0x88A8;

    public const int EthernetHeaderLength = 14;
    public const int VlanTagLength = 4;
    public const int ArpLength = 28;
    /// <summary>Minimum Ethernet frame without FCS; shorter frames are padded with zeros on encode.</summary>
    public const int MinimumFrameLength = 60;

    // RFC 826 field offsets, relative to the start of the ARP packet.
    private const int HardwareTypeOffset = 0;     // ar$hrd
    private const int ProtocolTypeOffset = 2;     // ar$pro
    private const int HardwareLengthOffset = 4;   // ar$hln
    private const int ProtocolLengthOffset = 5;   // ar$pln
    private const int OperationOffset = 6;        // ar$op
    private const int SenderMacOffset = 8;        // ar$sha
    private const int SenderIpOffset = 14;        // ar$spa
    private const int TargetMacOffset = 18;       // ar$tha
    private const int TargetIpOffset = 24;        // ar$tpa

    private const ushort HardwareEthernet = 1;
    private const ushort ProtocolIPv4 = 0x0800;

    /// <summary>Decodes an Ethernet frame; <c>false</c> unless it is a well-formed IPv4/Ethernet ARP request or reply.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, out ArpFrame arp)
    {
        arp = default;
        if (frame.Length < EthernetHeaderLength + ArpLength) return false;
        var destination = MacAddress.Read(frame);
        var source = MacAddress.Read(frame[6..]);
        int offset = 12;
        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        ushort? vlan = null;
        for (int tags = 0; (etherType == EtherTypeVlan || etherType == EtherTypeQinQ) && tags < 2; tags++)
        {
            if (frame.Length < offset + VlanTagLength + 2 + ArpLength) return false;
            vlan ??= (ushort)(BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]) & 0x0FFF);
            offset += VlanTagLength;
            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        }
        if (etherType != EtherTypeArp) return false;
        return TryDecodeArp(frame[(offset + 2)..], destination, source, vlan, out arp);
    }

    /// <summary>Decodes a bare ARP packet (no link header), as found after a Linux cooked-capture header.</summary>
    public static bool TryDecodeArp(ReadOnlySpan<byte> packet, MacAddress ethernetDestination, MacAddress ethernetSource,
        ushort? vlanId, out ArpFrame arp)
    {
        arp = default;
        if (packet.Length < ArpLength) return false;
        if (BinaryPrimitives.ReadUInt16BigEndian(packet[HardwareTypeOffset..]) != HardwareEthernet) return false;
        if (BinaryPrimitives.ReadUInt16BigEndian(packet[ProtocolTypeOffset..]) != ProtocolIPv4) return false;
        if (packet[HardwareLengthOffset] != MacAddress.Length || packet[ProtocolLengthOffset] != Ipv4Address.Length) return false;
        var op = BinaryPrimitives.ReadUInt16BigEndian(packet[OperationOffset..]);
        if (op is not ((ushort)ArpOperation.Request or (ushort)ArpOperation.Reply)) return false;
        arp = new ArpFrame(
            ethernetDestination,
            ethernetSource,
            vlanId,
            (ArpOperation)op,
            MacAddress.Read(packet[SenderMacOffset..]),
            Ipv4Address.Read(packet[SenderIpOffset..]),
            MacAddress.Read(packet[TargetMacOffset..]),
            Ipv4Address.Read(packet[TargetIpOffset..]));
        return true;
    }

    /// <summary>Bytes <see cref="Encode"/> writes for this frame.</summary>
    public static int EncodedLength(in ArpFrame arp) =>
        Math.Max(MinimumFrameLength, EthernetHeaderLength + (arp.VlanId is null ? 0 : VlanTagLength) + ArpLength);

    /// <summary>Writes the frame, padded to 60 bytes; returns the number of bytes written.</summary>
    public static int Encode(in ArpFrame arp, Span<byte> destination)
    {
        int length = EncodedLength(arp);
        if (destination.Length < length)
            throw new ArgumentException($"need {length} bytes, have {destination.Length}", nameof(destination));
        destination[..length].Clear();
        arp.EthernetDestination.Write(destination);
        arp.EthernetSource.Write(destination[6..]);
        int offset = 12;
        if (arp.VlanId is { } vlan)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], EtherTypeVlan);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(vlan & 0x0FFF));
            offset += VlanTagLength;
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], EtherTypeArp);
        var packet = destination[(offset + 2)..];
        BinaryPrimitives.WriteUInt16BigEndian(packet[HardwareTypeOffset..], HardwareEthernet);
        BinaryPrimitives.WriteUInt16BigEndian(packet[ProtocolTypeOffset..], ProtocolIPv4);
        packet[HardwareLengthOffset] = MacAddress.Length;
        packet[ProtocolLengthOffset] = Ipv4Address.Length;
        BinaryPrimitives.WriteUInt16BigEndian(packet[OperationOffset..], (ushort)arp.Operation);
        arp.SenderMac.Write(packet[SenderMacOffset..]);
        arp.SenderIp.Write(packet[SenderIpOffset..]);
        arp.TargetMac.Write(packet[TargetMacOffset..]);
        arp.TargetIp.Write(packet[TargetIpOffset..]);
        return length;
    }

    public static byte[] Encode(in ArpFrame arp)
    {
        var bytes = new byte[EncodedLength(arp)];
        Encode(arp, bytes);
        return bytes;
    }
}
