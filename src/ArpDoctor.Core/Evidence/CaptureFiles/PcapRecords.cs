using System.Buffers.Binary;

namespace ArpDoctor.Core.Evidence.CaptureFiles;

/// <summary>The header of a classic pcap file, as <c>pcap-savefile(5)</c> lays it out.</summary>
/// <param name="BigEndian">The byte order of every field after the magic (the writer's).</param>
/// <param name="Nanoseconds">Time stamp fractions are nanoseconds (magic A1B23C4D), not microseconds.</param>
/// <param name="RecordHeaderLength">16, or 24 in the "modified" format (magic A1B2CD34) with interface index and packet type.</param>
/// <param name="LinkType">The LINKTYPE_ value of every frame (the low 16 bits of the field; the high bits carry FCS flags).</param>
public readonly record struct PcapFileHeader(bool BigEndian, bool Nanoseconds, int RecordHeaderLength, int LinkType);

/// <summary>One record header of a classic pcap file.</summary>
/// <param name="Fraction">Microseconds or nanoseconds after <paramref name="Seconds"/>, as the file header says.</param>
public readonly record struct PcapRecord(uint Seconds, uint Fraction, int CapturedLength, uint OriginalLength);

/// <summary>Decodes the headers of classic pcap files. Never throws: anything short or impossible is <c>false</c>.</summary>
public static class PcapRecords
{
    public const int FileHeaderLength = 24;
    /// <summary>libpcap's MAXIMUM_SNAPLEN: no capture of ours holds a longer frame, and libpcap refuses a record claiming one.</summary>
    public const int MaxCapturedLength = 262_144;

    // The magic numbers, as written by a host of either byte order.
    private const uint Microseconds = 0xA1B2C3D4, Nanoseconds = 0xA1B23C4D, Modified = 0xA1B2CD34;
    // File header: magic(4) version major(2) minor(2) thiszone(4) sigfigs(4) snaplen(4) linktype(4).
    private const int MajorOffset = 4, LinkTypeOffset = 20;
    // Record header: seconds(4) fraction(4) captured length(4) original length(4) [modified: ifindex(4) protocol(2) type(1) pad(1)].
    private const int FractionOffset = 4, CapturedOffset = 8, OriginalOffset = 12;

    public static bool TryReadFileHeader(ReadOnlySpan<byte> data, out PcapFileHeader header)
    {
        header = default;
        if (data.Length < FileHeaderLength) return false;
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(data);
        bool bigEndian = magic is Microseconds or Nanoseconds or Modified;
        if (!bigEndian)
        {
            magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
            if (magic is not (Microseconds or Nanoseconds or Modified)) return false;
        }
        if (U16(data[MajorOffset..], bigEndian) != 2) return false;
        header = new PcapFileHeader(bigEndian, magic == Nanoseconds, magic == Modified ? 24 : 16, (int)(U32(data[LinkTypeOffset..], bigEndian) & 0xFFFF));
        return true;
    }

    /// <summary>
    /// Reads the record header at the start of <paramref name="data"/> (at least <see cref="PcapFileHeader.RecordHeaderLength"/>
    /// bytes). False, with why, when no capture tool could have written it: a 0-byte frame (what a run of zeros reads as),
    /// more captured than the frame had or than any capture holds, a fraction of a second that is not below one second.
    /// </summary>
    public static bool TryReadRecord(ReadOnlySpan<byte> data, in PcapFileHeader file, out PcapRecord record, out string why)
    {
        record = default;
        why = "a record header cut short";
        if (data.Length < 16) return false;
        bool big = file.BigEndian;
        uint captured = U32(data[CapturedOffset..], big), original = U32(data[OriginalOffset..], big);
        uint fraction = U32(data[FractionOffset..], big);
        record = new PcapRecord(U32(data, big), fraction, (int)Math.Min(captured, int.MaxValue), original);
        why = original == 0 && captured == 0 ? "a record of a 0-byte frame (zeros where a record header belongs)"
            : original == 0 ? "a record of a 0-byte frame"
            : captured > MaxCapturedLength ? $"a record of {captured} captured bytes, more than a capture holds ({MaxCapturedLength})"
            : captured > original ? $"a record of {captured} captured bytes of a {original}-byte frame"
            : fraction >= (file.Nanoseconds ? 1_000_000_000u : 1_000_000u) ? $"a time stamp whose fraction of a second is {fraction} {(file.Nanoseconds ? "ns" : "µs")}"
            : "";
        return why.Length == 0;
    }

    /// <summary>The record's time in ticks since the Unix epoch.</summary>
    public static long Ticks(in PcapRecord record, in PcapFileHeader file) =>
        (record.Seconds * TimeSpan.TicksPerSecond) + (file.Nanoseconds ? record.Fraction / 100 : record.Fraction * TimeSpan.TicksPerMicrosecond);

    private static ushort U16(ReadOnlySpan<byte> data, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data) : BinaryPrimitives.ReadUInt16LittleEndian(data);

    private static uint U32(ReadOnlySpan<byte> data, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data) : BinaryPrimitives.ReadUInt32LittleEndian(data);
}
