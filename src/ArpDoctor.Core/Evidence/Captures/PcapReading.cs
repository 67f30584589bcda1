using System.Runtime.CompilerServices;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence.Captures;

/// <summary>The record loop of a classic pcap file: one link type for every frame.</summary>
internal static class PcapReading
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CaptureReadResult Read(ByteWindow window, CaptureAssembler assembler, long? length, CancellationToken ct)
    {
        if (!window.Ensure(PcapRecords.FileHeaderLength))
            return CaptureReader.Damaged([], 0, 0, "the file ends inside the pcap file header", length ?? window.Span.Length);
        if (!PcapRecords.TryReadFileHeader(window.Span, out var file))
            return CaptureReader.Damaged([], 0, 0, "a pcap file header of a version other than 2.x", length);
        int linkType = file.LinkType;
        if (!CapturedFrames.IsSupported(linkType)) return new CaptureReadResult([linkType], 0, CaptureReader.Unsupported(linkType), null);
        window.Advance(PcapRecords.FileHeaderLength);
        int headerLength = file.RecordHeaderLength;
        long frames = 0;
        while (true)
        {
            if (!window.Ensure(headerLength))
            {
                return window.Span.IsEmpty
                    ? new CaptureReadResult([linkType], frames, null, null)
                    : CaptureReader.Damaged([linkType], frames, window.Offset, "the file ends inside a record header", length);
            }
            if (!PcapRecords.TryReadRecord(window.Span, file, out var record, out var why))
                return CaptureReader.Damaged([linkType], frames, window.Offset, why, length);
            int recordLength = headerLength + record.CapturedLength;
            if (!window.Ensure(recordLength))
                return CaptureReader.Damaged([linkType], frames, window.Offset, $"the file ends inside the record of frame {frames + 1}", length);
            frames++;
            if ((frames & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            CaptureReader.Feed(assembler, linkType, PcapRecords.Ticks(record, file), window.Span.Slice(headerLength, record.CapturedLength));
            window.Advance(recordLength);
        }
    }
}
