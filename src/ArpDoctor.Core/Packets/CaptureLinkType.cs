using System.Runtime.CompilerServices;
using System.Buffers.Binary;

namespace ArpDoctor.Core.Packets;

/// <summary>The libpcap link-layer header types (DLT/LINKTYPE values) ArpDoctor reads ARP from.</summary>
public enum CaptureLinkType
{
    /// <summary>LINKTYPE_ETHERNET: Ethernet II, possibly 802.1Q/802.1ad tagged.</summary>
    Ethernet = 1,
    /// <summary>LINKTYPE_LINUX_SLL: Linux cooked capture v1 (<c>tcpdump -i any</c> before libpcap 1.10).</summary>
    LinuxSll = 113,
    /// <summary>LINKTYPE_LINUX_SLL2: Linux cooked capture v2 (<c>tcpdump -i any</c> since libpcap 1.10).</summary>
    LinuxSll2 = 276,
}

/// <summary>Decodes ARP from a captured frame of any supported link type. Never throws.</summary>
public static class CapturedFrames
{
    public static bool IsSupported(int linkType) => linkType is (int)CaptureLinkType.Ethernet or (int)CaptureLinkType.LinuxSll or (int)CaptureLinkType.LinuxSll2;

    /// <summary>What an error or warning says ArpDoctor reads, after the link type it does not.</summary>
    public const string SupportedText = "ArpDoctor reads Ethernet (1), Linux cooked v1 (113) and v2 (276)";

    /// <summary>A link type as tcpdump.org's list of link-layer header types names it (<c>LINKTYPE_</c> left off), or its number.</summary>
    public static string Name(int linkType) => linkType switch
    {
        0 => "NULL",
        1 => "ETHERNET",
        9 => "PPP",
        101 => "RAW",
        105 => "IEEE802_11",
        113 => "LINUX_SLL",
        127 => "IEEE802_11_RADIOTAP",
        143 => "DOCSIS",
        192 => "PPI",
        220 => "USB_LINUX_MMAPPED",
        228 => "IPV4",
        229 => "IPV6",
        239 => "NFLOG",
        276 => "LINUX_SLL2",
        _ => $"link type {linkType}",
    };

    // Linux cooked v1: packet type(2) ARPHRD(2) address length(2) address(8) protocol(2).
    private const int SllLength = 16;
    private const int SllPacketType = 0, SllAddressLength = 4, SllAddress = 6, SllProtocol = 14;
    // Linux cooked v2: protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet type(1) address length(1) address(8).
    private const int Sll2Length = 20;
    private const int Sll2Protocol = 0, Sll2PacketType = 10, Sll2AddressLength = 11, Sll2Address = 12;
    private const int PacketBroadcast = 1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryDecode(int linkType, ReadOnlySpan<byte> data, out ArpFrame arp)
    {
        switch (linkType)
        {
            case (int)CaptureLinkType.Ethernet:
                return ArpCodec.TryDecode(data, out arp);
            case (int)CaptureLinkType.LinuxSll:
                arp = default;
                if (data.Length < SllLength + ArpCodec.ArpLength) return false;
                if (BinaryPrimitives.ReadUInt16BigEndian(data[SllProtocol..]) != ArpCodec.EtherTypeArp) return false;
                return ArpCodec.TryDecodeArp(data[SllLength..],
                    BinaryPrimitives.ReadUInt16BigEndian(data[SllPacketType..]) == PacketBroadcast ? MacAddress.Broadcast : MacAddress.Zero,
                    BinaryPrimitives.ReadUInt16BigEndian(data[SllAddressLength..]) == MacAddress.Length ? MacAddress.Read(data[SllAddress..]) : MacAddress.Zero,
                    null, out arp);
            case (int)CaptureLinkType.LinuxSll2:
                arp = default;
                if (data.Length < Sll2Length + ArpCodec.ArpLength) return false;
                if (BinaryPrimitives.ReadUInt16BigEndian(data[Sll2Protocol..]) != ArpCodec.EtherTypeArp) return false;
                return ArpCodec.TryDecodeArp(data[Sll2Length..],
                    data[Sll2PacketType] == PacketBroadcast ? MacAddress.Broadcast : MacAddress.Zero,
                    data[Sll2AddressLength] == MacAddress.Length ? MacAddress.Read(data[Sll2Address..]) : MacAddress.Zero,
                    null, out arp);
            default:
                arp = default;
                return false;
        }
    }
}
