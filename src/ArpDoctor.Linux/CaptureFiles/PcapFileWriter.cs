using System.Buffers.Binary;

namespace ArpDoctor.Linux.CaptureFiles;

/// <summary>
/// Writes classic pcap files (microsecond time stamps, little-endian), the format every capture tool reads.
/// Used to save evidence and to build test and benchmark captures.
/// </summary>
public sealed class PcapFileWriter : IDisposable
{
    private const uint Magic = 0xA1B2C3D4;
    private const int GlobalHeaderLength = 24, RecordHeaderLength = 16;
    private readonly Stream _stream;
    private readonly byte[] _record = new byte[RecordHeaderLength + 65_535];

    public PcapFileWriter(Stream stream, int linkType, int snapLength = 65_535)
    {
        _stream = stream;
        Span<byte> header = stackalloc byte[GlobalHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);   // version major
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);   // version minor
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);    // thiszone
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);  // sigfigs
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], snapLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], linkType);
        _stream.Write(header);
    }

    public void Write(DateTimeOffset time, ReadOnlySpan<byte> frame)
    {
        long micros = (time.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        var record = _record.AsSpan(0, RecordHeaderLength + frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(micros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(micros % 1_000_000));
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], frame.Length);   // captured length
        BinaryPrimitives.WriteInt32LittleEndian(record[12..], frame.Length);  // original length
        frame.CopyTo(record[RecordHeaderLength..]);
        _stream.Write(record);
    }

    public void Dispose() => _stream.Flush();
}
