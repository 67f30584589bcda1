using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Core.Evidence.CaptureFiles;

/// <summary>
/// The block loop of a pcapng file, one block per step. Each packet is decoded by the link type of its own interface (Ethernet next to
/// Linux cooked, as Wireshark or <c>tcpdump -i any</c> beside <c>-i eth0</c> write); frames of interfaces of other
/// link types are counted and named in a warning. Blocks other than sections, interfaces and packets are skipped.
/// </summary>
internal sealed class PcapngReading(ByteWindow window, long? length, CancellationToken ct) : ICaptureSteps
{
    private readonly PcapngState _state = new();
    private bool _bigEndian;

    public CaptureReadResult? Result { get; private set; }

    /// <summary>Reads one block; false at the end (then <see cref="Result"/> says how it ended).</summary>
    public bool Next(CaptureAssembler assembler)
    {
        if (Result is not null) return false;
        var state = _state;
        long at = window.Offset;
        if (!window.Ensure(PcapngBlocks.HeaderLength))
            return Stop(window.Span.IsEmpty ? state.Result(null) : state.Damaged(at, "the file ends inside a block header", length));
        // The section header's type reads the same in both byte orders; its byte-order magic says the order of the rest.
        if (window.Span[..4].SequenceEqual(SectionHeaderType) &&
            (!window.Ensure(PcapngBlocks.Overhead) || !PcapngBlocks.TryReadByteOrder(window.Span, out _bigEndian)))
            return Stop(state.Damaged(at, "a section header without the byte-order magic 1A2B3C4D", length));
        bool bigEndian = _bigEndian;
        if (!PcapngBlocks.TryReadHeader(window.Span, bigEndian, out uint type, out int total, out var why))
            return Stop(state.Damaged(at, why, length));
        if (!window.Ensure(total)) return Stop(state.Damaged(at, $"the file ends inside a block of {total} bytes", length));
        var block = window.Span[..total];
        if (!PcapngBlocks.HasTrailer(block, bigEndian)) return Stop(state.Damaged(at, $"a block of type {type} whose length at its end differs from the {total} at its start", length));
        var body = block[PcapngBlocks.HeaderLength..^4];
        if (type == PcapngBlocks.SectionHeader)
        {
            if (!PcapngBlocks.IsSectionHeader(block, bigEndian)) return Stop(state.Damaged(at, "a section header of a version other than 1.x", length));
            state.NewSection();
        }
        else if (type == PcapngBlocks.InterfaceDescription)
        {
            if (!PcapngBlocks.TryReadInterface(body, bigEndian, out var iface)) return Stop(state.Damaged(at, "an interface description whose options overrun it", length));
            state.Add(iface);
        }
        else if (PcapngBlocks.IsPacket(type))
        {
            if (!PcapngBlocks.TryReadPacket(type, body, bigEndian, out var packet)) return Stop(state.Damaged(at, "a packet whose data overruns its block", length));
            if (!state.TryFeed(assembler, packet)) return Stop(state.Damaged(at, $"a packet of interface {packet.Interface}, which its section does not describe", length));
            if ((state.Frames & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
        }
        window.Advance(total);
        return true;
    }

    private bool Stop(CaptureReadResult result)
    {
        Result = result;
        return false;
    }

    private static ReadOnlySpan<byte> SectionHeaderType => [0x0A, 0x0D, 0x0D, 0x0A];

    /// <summary>The interfaces seen so far and what was read of each.</summary>
    private sealed class PcapngState
    {
        // Interfaces of the file in order, as Wireshark numbers them (across sections); this section's start among them.
        private readonly List<PcapngInterface> _interfaces = [];
        private readonly List<long> _unread = [];
        private int _sectionStart;
        private long _readable;
        private long _lastTicks;

        public long Frames { get; private set; }

        public void NewSection() => _sectionStart = _interfaces.Count;

        public void Add(PcapngInterface iface)
        {
            _interfaces.Add(iface);
            _unread.Add(0);
        }

        /// <summary>False when the packet names an interface its section has not described.</summary>
        public bool TryFeed(CaptureAssembler assembler, PcapngPacket packet)
        {
            int index = _sectionStart + packet.Interface;
            if (packet.Interface < 0 || index >= _interfaces.Count) return false;
            var iface = _interfaces[index];
            Frames++;
            if (!CapturedFrames.IsSupported(iface.LinkType))
            {
                _unread[index]++;
                assembler.Skipped();
                return true;
            }
            _readable++;
            // A Simple Packet Block has no time stamp: it is taken as the time of the packet before it.
            if (packet.Timestamp is { } timestamp) _lastTicks = PcapngBlocks.Ticks(timestamp, iface);
            CaptureReader.Feed(assembler, iface.LinkType, _lastTicks, packet.Data);
            return true;
        }

        public CaptureReadResult Damaged(long at, string why, long? length)
        {
            var damaged = CaptureReader.Damaged(LinkTypes, _readable, at, why, length);
            return damaged.Error is { } error ? Result(error) : Result(null, damaged.Warning);
        }

        /// <summary>
        /// The end: frames of link types ArpDoctor does not read are named per interface; when no frame could be read
        /// but some were there, that is the error.
        /// </summary>
        public CaptureReadResult Result(string? damage, string? warning = null)
        {
            var unread = _interfaces.Select((iface, i) => (iface, i, Count: _unread[i])).Where(x => x.Count > 0).ToList();
            if (_readable == 0 && unread.Count > 0)
                return new CaptureReadResult(LinkTypes, Frames, CaptureReader.Unsupported(unread[0].iface.LinkType), null);
            if (damage is not null) return new CaptureReadResult(LinkTypes, Frames, damage, null);
            var notes = unread.Select(x =>
                $"{Words.Count(x.Count, "frame")} of interface {x.i}{(x.iface.Name is { Length: > 0 } name ? $" ({name})" : "")} {(x.Count == 1 ? "is" : "are")} not read: " +
                $"link type {x.iface.LinkType} ({CapturedFrames.Name(x.iface.LinkType)}); {CapturedFrames.SupportedText}");
            var all = string.Join("; ", (warning is null ? notes : notes.Prepend(warning)));
            return new CaptureReadResult(LinkTypes, Frames, null, all.Length == 0 ? null : all);
        }

        private List<int> LinkTypes => [.. _interfaces.Select(i => i.LinkType)];
    }
}
