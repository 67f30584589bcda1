using System.Buffers.Binary;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Tests.Evidence.Captures;

/// <summary>
/// Capture files built field by field, in either byte order, as the pcap-savefile(5) page and the pcapng draft lay them
/// out. Address plan: client 203.0.113.1 (02:00:00:00:00:01) asks for VIP 203.0.113.10; nodes 02:00:00:00:01:0N answer.
/// </summary>
internal sealed class CaptureBytes(bool bigEndian)
{
    public static readonly MacAddress Client = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly Ipv4Address ClientIp = Ipv4Address.Parse("203.0.113.1");

    private readonly List<byte> _bytes = [];

    public byte[] ToArray() => [.. _bytes];

    public int Length => _bytes.Count;

    public static byte[] Request() => ArpCodec.Encode(ArpFrame.Request(Client, ClientIp, TestSupport.Vip));

    public static byte[] Reply(MacAddress node) => ArpCodec.Encode(ArpFrame.Reply(node, TestSupport.Vip, Client, ClientIp));

    /// <summary>An Ethernet ARP frame as Linux cooked v2 shows it: the 20-byte SLL2 header, then the ARP packet.</summary>
    public static byte[] Sll2(byte[] ethernet, bool broadcast)
    {
        var frame = new byte[20 + ethernet.Length - 14];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x0806);              // protocol: ARP
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), 2);         // interface index
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(8), 1);         // ARPHRD_ETHER
        frame[10] = broadcast ? (byte)1 : (byte)0;                         // packet type: broadcast or to us
        frame[11] = 6;                                                     // link-layer address length
        ethernet.AsSpan(6, 6).CopyTo(frame.AsSpan(12));                    // source MAC
        ethernet.AsSpan(14).CopyTo(frame.AsSpan(20));                      // the ARP packet
        return frame;
    }

    public CaptureBytes U8(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public CaptureBytes U16(int value)
    {
        var b = new byte[2];
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value); else BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
        _bytes.AddRange(b);
        return this;
    }

    public CaptureBytes U32(uint value)
    {
        var b = new byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, value); else BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _bytes.AddRange(b);
        return this;
    }

    public CaptureBytes I64(long value)
    {
        var b = new byte[8];
        if (bigEndian) BinaryPrimitives.WriteInt64BigEndian(b, value); else BinaryPrimitives.WriteInt64LittleEndian(b, value);
        _bytes.AddRange(b);
        return this;
    }

    public CaptureBytes Raw(ReadOnlySpan<byte> data)
    {
        _bytes.AddRange(data.ToArray());
        return this;
    }

    /// <summary>Data padded with zeros to 32 bits, as pcapng wants.</summary>
    public CaptureBytes Padded(ReadOnlySpan<byte> data)
    {
        Raw(data);
        for (int i = data.Length; i % 4 != 0; i++) _bytes.Add(0);
        return this;
    }

    /// <summary>A pcapng block: type, total length, the body <paramref name="body"/> writes, total length again.</summary>
    public CaptureBytes Block(uint type, Action<CaptureBytes> body)
    {
        var inner = new CaptureBytes(bigEndian);
        body(inner);
        uint total = (uint)(12 + inner.Length);
        return U32(type).U32(total).Raw(inner.ToArray()).U32(total);
    }

    /// <summary>A Section Header Block, version 1.0, section length unknown (-1), no options.</summary>
    public CaptureBytes SectionHeader() =>
        Block(0x0A0D0D0A, b => b.U32(0x1A2B3C4D).U16(1).U16(0).I64(-1));

    /// <summary>An Interface Description Block with its options (each code, length, padded value), then opt_endofopt.</summary>
    public CaptureBytes Interface(int linkType, params (int Code, byte[] Value)[] options) =>
        Block(1, b =>
        {
            b.U16(linkType).U16(0).U32(262_144);                           // link type, reserved, snap length
            foreach (var (code, value) in options) b.U16(code).U16(value.Length).Padded(value);
            if (options.Length > 0) b.U16(0).U16(0);                       // opt_endofopt
        });

    /// <summary>An Enhanced Packet Block: interface, time stamp (high, low), captured and original length, data.</summary>
    public CaptureBytes Enhanced(int iface, ulong timestamp, byte[] frame) =>
        Block(6, b => b.U32((uint)iface).U32((uint)(timestamp >> 32)).U32((uint)timestamp).U32((uint)frame.Length).U32((uint)frame.Length).Padded(frame));

    /// <summary>An Obsolete Packet Block: interface (16 bits), drops, time stamp, captured and original length, data.</summary>
    public CaptureBytes Obsolete(int iface, ulong timestamp, byte[] frame) =>
        Block(2, b => b.U16(iface).U16(0).U32((uint)(timestamp >> 32)).U32((uint)timestamp).U32((uint)frame.Length).U32((uint)frame.Length).Padded(frame));

    /// <summary>A Simple Packet Block: original length, data; interface 0, no time stamp.</summary>
    public CaptureBytes Simple(byte[] frame) => Block(3, b => b.U32((uint)frame.Length).Padded(frame));

    /// <summary>A classic pcap file header: magic, version 2.4, zone, sigfigs, snap length, link type.</summary>
    public CaptureBytes PcapHeader(uint magic, int linkType) =>
        U32(magic).U16(2).U16(4).U32(0).U32(0).U32(262_144).U32((uint)linkType);

    /// <summary>A classic pcap record: seconds, fraction, captured length, original length, data.</summary>
    public CaptureBytes Record(uint seconds, uint fraction, byte[] frame, uint? captured = null, uint? original = null) =>
        U32(seconds).U32(fraction).U32(captured ?? (uint)frame.Length).U32(original ?? (uint)frame.Length).Raw(frame);
}
