using ArpDoctor.Core.Observations;

namespace ArpDoctor.Core.Evidence;

/// <summary>Whether one line of text is a signature of a format: a line only that format writes.</summary>
public delegate bool LineSignature(string line);

/// <summary>Whether the first bytes of an input are a format's magic (at most the first 4096 bytes are given).</summary>
public delegate bool ByteSignature(ReadOnlySpan<byte> head);

/// <summary>
/// Opens a reader over one source: the observations it yields, pulled one at a time. The reader keeps what it needs
/// across lines or frames (a run, an open round), never the whole input; it says what is wrong through
/// <see cref="EvidenceReading.Fail"/> (and stops) and what to know through <see cref="EvidenceReading.Warn"/>.
/// </summary>
public delegate IEnumerable<Observation> EvidenceReaderFactory(EvidenceReading reading);

/// <summary>
/// One entry of the <see cref="EvidenceRegistry"/>, like Go's <c>image.RegisterFormat(name, magic, decode)</c>: what
/// the evidence is, how to tell it, how to read it, and how its observations are judged.
/// </summary>
/// <remarks>
/// A text format gives <see cref="Line"/> and reads <see cref="EvidenceReading.Lines"/>; a binary format gives
/// <see cref="Magic"/> and reads <see cref="EvidenceReading.Bytes"/>. A new format is one new entry (and its
/// <see cref="EvidenceKind"/>) in <see cref="EvidenceFormats.BuiltIn"/> at the place its signature must be tried;
/// nothing that reads evidence changes.
/// <code>
/// new EvidenceFormat(EvidenceKind.Tcpdump, "tcpdump", SourceTraits.TimeSeries, PastedToolReaders.Tcpdump)
///     { Line = PastedToolReaders.IsTcpdumpSignature },
/// </code>
/// </remarks>
/// <param name="Kind">What the evidence is.</param>
/// <param name="Word">Its name in reports and JSON (<c>iputils-arping</c>, <c>pcap</c>).</param>
/// <param name="Traits">How its observations are judged, for the whole source.</param>
/// <param name="Read">The reader.</param>
public sealed record EvidenceFormat(EvidenceKind Kind, string Word, SourceTraits Traits, EvidenceReaderFactory Read)
{
    /// <summary>Text: a line that says the input is this format. Tried on each line until one format claims one.</summary>
    public LineSignature? Line { get; init; }

    /// <summary>
    /// Text: a line that starts like this format's evidence but cannot be read (a mistyped or redacted MAC, a cut line).
    /// It belongs to this format's block, whose reader reports it, rather than being skipped as another block's noise.
    /// Tried only when no format's <see cref="Line"/> claims the line.
    /// </summary>
    public LineSignature? Damaged { get; init; }

    /// <summary>
    /// Text: once recognised, read to the end as one block. For formats whose lines other formats' signatures could
    /// claim (the members of a JSON document).
    /// </summary>
    public bool ReadWhole { get; init; }

    /// <summary>Binary: the first bytes that say the input is this format.</summary>
    public ByteSignature? Magic { get; init; }

    /// <summary>True when <paramref name="line"/> is this format's evidence, readable or damaged.</summary>
    public bool Claims(string line) => Line is { } signature && (signature(line) || Damaged is { } damaged && damaged(line));

    /// <summary>True for a format read from bytes (a capture) rather than lines.</summary>
    public bool IsBinary => Magic is not null;
}
