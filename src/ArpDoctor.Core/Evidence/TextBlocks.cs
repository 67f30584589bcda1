using ArpDoctor.Core.Observations;

namespace ArpDoctor.Core.Evidence;

/// <summary>One block of a text input: the kind of evidence it is and the lines from its first to its last evidence line.</summary>
public sealed record EvidenceBlock(EvidenceKind Kind, long FirstLine, long LastLine);

/// <summary>
/// Reads a text input as blocks: what people paste often holds several tools' output one after the other (a neighbour
/// cache, then an arping run, then tcpdump lines), with prompts, prose and markdown fences between. A block starts at a
/// line another format claims (<see cref="EvidenceRegistry.Claim"/>: its signature, or its own line damaged) and runs up
/// to the next such line; lines no format claims (prompts, prose, fences, blank) stay in the block they are in and its
/// reader skips them. Each block is read by its format's reader, from an <see cref="IEnumerable{T}"/> of its lines
/// pulled as they come: nothing is held beyond the line that starts the next block. A format that is
/// <see cref="EvidenceFormat.ReadWhole"/> is read to the end once it starts.
/// </summary>
internal sealed class TextBlocks
{
    /// <summary>Blocks listed per input; further ones are read, counted in <see cref="EvidenceReading.BlocksNotListed"/>.</summary>
    public const int MaxListed = 100;

    private readonly IEnumerator<TextLine> _lines;
    private readonly EvidenceRegistry _registry;
    private TextLine? _start;
    private long _first, _last;
    private bool _ended;

    private TextBlocks(IEnumerator<TextLine> lines, EvidenceRegistry registry)
    {
        _lines = lines;
        _registry = registry;
    }

    /// <summary>The format of the block after the current one; null once the input has ended.</summary>
    private EvidenceFormat? _nextFormat;

    /// <summary>
    /// Every block of <paramref name="whole"/> (its format the first block's), read in turn; what each block's reading
    /// says (its error, warnings, clock, damaged lines skipped) is added to <paramref name="whole"/>. An error ends it all.
    /// </summary>
    public static IEnumerable<Observation> Read(EvidenceReading whole, EvidenceRegistry registry)
    {
        using var lines = whole.Lines.GetEnumerator();
        var blocks = new TextBlocks(lines, registry);
        for (var format = whole.Format; format is not null; format = blocks._nextFormat)
        {
            whole.Sink.AddTraits(format.Traits);
            blocks.Begin();
            var block = EvidenceReading.OfLines(format, blocks.Block(format), whole.Sink, whole.Options);
            foreach (var observation in format.Read(block)) yield return observation;
            if (block.Error is null) blocks.Drain(format);
            whole.Absorb(block);
            whole.AddBlock(new EvidenceBlock(format.Kind, blocks._first, blocks._last));
            if (whole.Error is not null) yield break;
        }
    }

    private void Begin()
    {
        _first = _last = 0;
        _nextFormat = null;
        _ended = false;
    }

    private IEnumerable<TextLine> Block(EvidenceFormat format)
    {
        while (!_ended && Next(format, out var line)) yield return line;
    }

    /// <summary>Lines its reader left unread (none for the built-in readers, which read to the end).</summary>
    private void Drain(EvidenceFormat format)
    {
        while (!_ended && Next(format, out _)) { }
    }

    /// <summary>The next line of the current block; false where another block starts (<see cref="_nextFormat"/>) or the input ends.</summary>
    private bool Next(EvidenceFormat format, out TextLine line)
    {
        if (_start is { } start)
        {
            _start = null;
            line = start;
            _first = _last = start.Number;
            return true;
        }
        if (!_lines.MoveNext())
        {
            line = default;
            _ended = true;
            return false;
        }
        line = _lines.Current;
        if (line.Truncated) return true;
        if (format.ReadWhole)
        {
            if (!TextEvidenceReader.IsFiller(line.Text)) Mark(line.Number);
            return true;
        }
        if (format.Claims(line.Text))
        {
            Mark(line.Number);
            return true;
        }
        if (_registry.Claim(line.Text) is { } other && other != format)
        {
            _start = line;
            _nextFormat = other;
            line = default;
            _ended = true;
            return false;
        }
        return true;
    }

    private void Mark(long number)
    {
        if (_first == 0) _first = number;
        _last = number;
    }
}
