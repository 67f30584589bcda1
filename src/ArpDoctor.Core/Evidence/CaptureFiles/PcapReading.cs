using System.Runtime.CompilerServices;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence.CaptureFiles;

/// <summary>The record loop of a classic pcap file, one record per step: one link type for every frame.</summary>
internal sealed class PcapReading(ByteWindow window, long? length, CancellationToken ct) : ICaptureSteps
{
    private PcapFileHeader _file;
    private int _linkType;
    private bool _started;
    private long _frames;

    public CaptureReadResult? Result { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Next(CaptureAssembler assembler)
    {
        if (Result is not null) return false;
        if (!_started && !Start()) return false;
        int headerLength = _file.RecordHeaderLength;
        if (!window.Ensure(headerLength))
            return Stop(window.Span.IsEmpty
                ? new CaptureReadResult([_linkType], _frames, null, null)
                : CaptureReader.Damaged([_linkType], _frames, window.Offset, "the file ends inside a record header", length));
        if (!PcapRecords.TryReadRecord(window.Span, _file, out var record, out var why))
            return Stop(CaptureReader.Damaged([_linkType], _frames, window.Offset, why, length));
        int recordLength = headerLength + record.CapturedLength;
        if (!window.Ensure(recordLength))
            return Stop(CaptureReader.Damaged([_linkType], _frames, window.Offset, $"the file ends inside the record of frame {_frames + 1}", length));
        _frames++;
        if ((_frames & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
        CaptureReader.Feed(assembler, _linkType, PcapRecords.Ticks(record, _file), window.Span.Slice(headerLength, record.CapturedLength));
        window.Advance(recordLength);
        return true;
    }

    private bool Start()
    {
        _started = true;
        if (!window.Ensure(PcapRecords.FileHeaderLength))
            return Stop(CaptureReader.Damaged([], 0, 0, "the file ends inside the pcap file header", length ?? window.Span.Length));
        if (!PcapRecords.TryReadFileHeader(window.Span, out _file))
            return Stop(CaptureReader.Damaged([], 0, 0, "a pcap file header of a version other than 2.x", length));
        _linkType = _file.LinkType;
        if (!CapturedFrames.IsSupported(_linkType)) return Stop(new CaptureReadResult([_linkType], 0, CaptureReader.Unsupported(_linkType), null));
        window.Advance(PcapRecords.FileHeaderLength);
        return true;
    }

    private bool Stop(CaptureReadResult result)
    {
        Result = result;
        return false;
    }
}
