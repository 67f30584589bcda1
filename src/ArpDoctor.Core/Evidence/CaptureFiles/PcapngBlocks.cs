using System.Buffers.Binary;
using System.Text;

namespace ArpDoctor.Core.Evidence.CaptureFiles;

/// <summary>An interface of a pcapng section (an Interface Description Block): how to read its packets.</summary>
/// <param name="LinkType">The LINKTYPE_ value of its frames; interfaces of one file may differ.</param>
/// <param name="UnitsPerSecond">Time stamp units per second (<c>if_tsresol</c>: 10^6 when absent, 10^n or 2^n).</param>
/// <param name="OffsetSeconds">Seconds added to every time stamp (<c>if_tsoffset</c>).</param>
/// <param name="Name">Its <c>if_name</c> (<c>eth0</c>, <c>any</c>), when the writer gave one.</param>
public readonly record struct PcapngInterface(int LinkType, ulong UnitsPerSecond, long OffsetSeconds, string? Name);

/// <summary>A packet of a pcapng Enhanced, Simple or Obsolete Packet Block; the data lies in the block.</summary>
/// <param name="Timestamp">In the interface's units; null for a Simple Packet Block, which has none.</param>
public readonly ref struct PcapngPacket(int @interface, ulong? timestamp, ReadOnlySpan<byte> data)
{
    public int Interface { get; } = @interface;
    public ulong? Timestamp { get; } = timestamp;
    public ReadOnlySpan<byte> Data { get; } = data;
}

/// <summary>
/// Decodes the blocks of a pcapng file (the IETF pcapng draft, draft-ietf-opsawg-pcapng): a block is its type, its total
/// length, a body and the total length again; the Section Header Block's byte-order magic says the byte order of its
/// section. Never throws: anything short or impossible is <c>false</c>.
/// </summary>
public static class PcapngBlocks
{
    public const uint SectionHeader = 0x0A0D0D0A, InterfaceDescription = 1, ObsoletePacket = 2, SimplePacket = 3, EnhancedPacket = 6;
    /// <summary>Type and total length before the body, total length after it.</summary>
    public const int HeaderLength = 8, Overhead = 12;
    /// <summary>libpcap's limit on a block (MAX_BLOCKSIZE): a longer one is damage, not a frame.</summary>
    public const int MaxBlockLength = 16 << 20;

    private const uint ByteOrderMagic = 0x1A2B3C4D;
    // Section Header body: byte-order magic(4) major(2) minor(2) section length(8) options.
    private const int ByteOrderOffset = 8, MajorOffset = 12;
    // Interface Description body: link type(2) reserved(2) snap length(4) options.
    private const int InterfaceOptionsOffset = 8;
    private const ushort OptionEnd = 0, OptionName = 2, OptionTsResol = 9, OptionTsOffset = 14;

    /// <summary>The byte order of the section a Section Header Block at the start of <paramref name="data"/> opens (12 bytes wanted).</summary>
    public static bool TryReadByteOrder(ReadOnlySpan<byte> data, out bool bigEndian)
    {
        bigEndian = false;
        if (data.Length < ByteOrderOffset + 4 || BinaryPrimitives.ReadUInt32BigEndian(data) != SectionHeader) return false;
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(data[ByteOrderOffset..]);
        bigEndian = magic == ByteOrderMagic;
        return bigEndian || BinaryPrimitives.ReadUInt32LittleEndian(data[ByteOrderOffset..]) == ByteOrderMagic;
    }

    /// <summary>A block's type and total length; false, with why, when the length cannot be a block's.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, bool bigEndian, out uint type, out int totalLength, out string why)
    {
        type = 0;
        totalLength = 0;
        why = "a block header cut short";
        if (data.Length < HeaderLength) return false;
        type = U32(data, bigEndian);
        uint length = U32(data[4..], bigEndian);
        totalLength = (int)Math.Min(length, int.MaxValue);
        why = length < Overhead ? $"a block of {length} bytes, shorter than a block's own header ({(length == 0 && type == 0 ? "zeros where a block belongs" : $"type {type}")})"
            : length % 4 != 0 ? $"a block of {length} bytes, not a multiple of 4 (type {type})"
            : length > MaxBlockLength ? $"a block of {length} bytes, more than a capture holds ({MaxBlockLength})"
            : "";
        return why.Length == 0;
    }

    /// <summary>Whether a whole block ends with the total length it starts with.</summary>
    public static bool HasTrailer(ReadOnlySpan<byte> block, bool bigEndian) =>
        block.Length >= Overhead && U32(block[^4..], bigEndian) == U32(block[4..], bigEndian);

    /// <summary>Checks a whole Section Header Block: its version must be 1.x.</summary>
    public static bool IsSectionHeader(ReadOnlySpan<byte> block, bool bigEndian) =>
        block.Length >= 28 && U16(block[MajorOffset..], bigEndian) == 1;

    /// <summary>Reads an Interface Description Block's body (the bytes between the header and the trailing length).</summary>
    public static bool TryReadInterface(ReadOnlySpan<byte> body, bool bigEndian, out PcapngInterface result)
    {
        result = default;
        if (body.Length < InterfaceOptionsOffset) return false;
        ulong unitsPerSecond = 1_000_000;
        long offsetSeconds = 0;
        string? name = null;
        for (var options = body[InterfaceOptionsOffset..]; options.Length >= 4;)
        {
            ushort code = U16(options, bigEndian), length = U16(options[2..], bigEndian);
            if (code == OptionEnd) break;
            int padded = (length + 3) & ~3;
            if (options.Length < 4 + padded) return false;
            var value = options.Slice(4, length);
            if (code == OptionTsResol && length == 1 && !TryUnits(value[0], out unitsPerSecond)) return false;
            if (code == OptionTsOffset && length == 8) offsetSeconds = bigEndian ? BinaryPrimitives.ReadInt64BigEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value);
            if (code == OptionName) name = Encoding.UTF8.GetString(value).TrimEnd('\0');
            options = options[(4 + padded)..];
        }
        result = new PcapngInterface(U16(body, bigEndian), unitsPerSecond, offsetSeconds, name);
        return true;
    }

    /// <summary>Reads the packet of an Enhanced, Simple or Obsolete Packet Block's body; false when its data overruns the block.</summary>
    public static bool TryReadPacket(uint type, ReadOnlySpan<byte> body, bool bigEndian, out PcapngPacket packet)
    {
        packet = default;
        switch (type)
        {
            case EnhancedPacket:
            {
                // interface(4) time stamp high(4) low(4) captured length(4) original length(4) data.
                if (body.Length < 20) return false;
                uint captured = U32(body[12..], bigEndian);
                if (captured > body.Length - 20) return false;
                packet = new PcapngPacket((int)Math.Min(U32(body, bigEndian), int.MaxValue), Timestamp(body[4..], bigEndian), body.Slice(20, (int)captured));
                return true;
            }
            case ObsoletePacket:
            {
                // interface(2) drops(2) time stamp high(4) low(4) captured length(4) original length(4) data.
                if (body.Length < 20) return false;
                uint captured = U32(body[12..], bigEndian);
                if (captured > body.Length - 20) return false;
                packet = new PcapngPacket(U16(body, bigEndian), Timestamp(body[4..], bigEndian), body.Slice(20, (int)captured));
                return true;
            }
            case SimplePacket:
            {
                // original length(4) data, cut to the interface's snap length: as much as the block holds, padding aside.
                if (body.Length < 4) return false;
                int captured = (int)Math.Min(U32(body, bigEndian), (uint)(body.Length - 4));
                packet = new PcapngPacket(0, null, body.Slice(4, captured));
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>Whether a block of this type carries a packet.</summary>
    public static bool IsPacket(uint type) => type is EnhancedPacket or SimplePacket or ObsoletePacket;

    /// <summary>A time stamp in ticks since the Unix epoch.</summary>
    public static long Ticks(ulong timestamp, in PcapngInterface iface)
    {
        ulong units = iface.UnitsPerSecond;
        var ticks = (((Int128)(timestamp / units) + iface.OffsetSeconds) * TimeSpan.TicksPerSecond)
            + (Int128)((UInt128)(timestamp % units) * TimeSpan.TicksPerSecond / units);
        return ticks > long.MaxValue ? long.MaxValue : ticks < long.MinValue ? long.MinValue : (long)ticks;
    }

    // if_tsresol: the high bit clear is 10^-n seconds, set is 2^-n; a unit finer than 64 bits can count is not a time stamp.
    private static bool TryUnits(byte resolution, out ulong unitsPerSecond)
    {
        int n = resolution & 0x7F;
        unitsPerSecond = 0;
        if ((resolution & 0x80) != 0)
        {
            if (n > 63) return false;
            unitsPerSecond = 1UL << n;
            return true;
        }
        if (n > 19) return false;
        unitsPerSecond = 1;
        for (int i = 0; i < n; i++) unitsPerSecond *= 10;
        return true;
    }

    private static ulong Timestamp(ReadOnlySpan<byte> data, bool bigEndian) => ((ulong)U32(data, bigEndian) << 32) | U32(data[4..], bigEndian);

    private static ushort U16(ReadOnlySpan<byte> data, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data) : BinaryPrimitives.ReadUInt16LittleEndian(data);

    private static uint U32(ReadOnlySpan<byte> data, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data) : BinaryPrimitives.ReadUInt32LittleEndian(data);
}
