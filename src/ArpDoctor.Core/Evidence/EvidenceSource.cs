using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Observations;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// One input whose format is recognised, ready to be read once: <see cref="Read"/> yields its observations one at a
/// time; after them, <see cref="Reading"/> says how the reading ended (an error, a warning, the frames read).
/// </summary>
public sealed class EvidenceSource
{
    private readonly Func<IObservationSink, EvidenceReading> _open;
    private readonly Func<EvidenceReading, IEnumerable<Observation>> _read;
    private readonly IRereadableText? _again;

    private EvidenceSource(EvidenceFormat format, EvidenceOptions options, Func<IObservationSink, EvidenceReading> open,
        Func<EvidenceReading, IEnumerable<Observation>>? read = null, IRereadableText? again = null)
    {
        Format = format;
        Options = options;
        _open = open;
        _read = read ?? format.Read.Invoke;
        _again = again;
    }

    /// <summary>A text input: its lines from the first (those read to recognise it included).</summary>
    public static EvidenceSource OfLines(EvidenceFormat format, IEnumerable<TextLine> lines, EvidenceOptions options) =>
        new(format, options, warnings => EvidenceReading.OfLines(format, lines, warnings, options));

    /// <summary>
    /// A text input that may hold several kinds of evidence: its lines from the first, read in blocks
    /// (<see cref="TextBlocks"/>), the first of <paramref name="first"/>'s format; the others as
    /// <paramref name="registry"/> claims their lines.
    /// </summary>
    public static EvidenceSource OfText(EvidenceFormat first, IEnumerable<TextLine> lines, EvidenceOptions options, EvidenceRegistry registry) =>
        new(first, options, warnings => EvidenceReading.OfLines(first, lines, warnings, options), reading => TextBlocks.Read(reading, registry));

    /// <summary>A binary input: its bytes from the first, and its size when known.</summary>
    public static EvidenceSource OfBytes(EvidenceFormat format, Stream bytes, long? length, EvidenceOptions options, CancellationToken cancellationToken = default) =>
        new(format, options, warnings => EvidenceReading.OfBytes(format, bytes, length, warnings, options, cancellationToken));

    public EvidenceFormat Format { get; }
    public EvidenceKind Kind => Format.Kind;

    /// <summary>What its reader is told: the VIP asked for, when it was written, its name in warnings.</summary>
    public EvidenceOptions Options { get; }

    /// <summary>True when the text can be read again from its first line (<see cref="Again"/>): a file, not a pipe.</summary>
    public bool CanReadAgain => _again is not null && !Format.IsBinary;

    /// <summary>This text source, which <paramref name="again"/> opens again from its first byte whenever <see cref="Again"/> asks.</summary>
    public EvidenceSource ReadableAgain(IRereadableText again) => new(Format, Options, _open, _read, again);

    /// <summary>
    /// The same text, from its first line, as a new source to read once more (its lines numbered as the first time,
    /// its reader as deterministic): how a file whose clock goes back is read run by run without holding it.
    /// </summary>
    public EvidenceSource Again()
    {
        if (!CanReadAgain) throw new InvalidOperationException("only a text source opened again from a file can be read again");
        var again = _again!;
        var options = Options;
        var format = Format;
        return new(format, options, warnings => EvidenceReading.OfLines(format, LinesOf(again, options.MaxLineLength), warnings, options), _read, again);
    }

    private static IEnumerable<TextLine> LinesOf(IRereadableText again, int maxLineLength)
    {
        using var text = again.Open();
        var reader = new BoundedLineReader(text, maxLineLength);
        long number = 0;
        while (reader.ReadLine(out var truncated) is { } line) yield return new TextLine(line, ++number, truncated);
    }

    /// <summary>The reading begun by <see cref="Read"/>: after the last observation, how it ended.</summary>
    public EvidenceReading? Reading { get; private set; }

    /// <summary>The observations, pulled one at a time; the reader's warnings go to <paramref name="warnings"/>. Once.</summary>
    public IEnumerable<Observation> Read(IObservationSink warnings)
    {
        if (Reading is not null) throw new InvalidOperationException("an evidence source is read once");
        Reading = _open(warnings);
        return _read(Reading);
    }

    /// <summary>Reads the whole source into <paramref name="analysis"/> as one source of its format's traits; the error that ended it, if any.</summary>
    public EvidenceError? ReadInto(EvidenceAnalysis analysis)
    {
        var feed = analysis.Begin(Format.Traits, Options.Name);
        foreach (var observation in Read(feed)) feed.Add(observation);
        feed.End(Reading!.LastTime);
        analysis.SkipLines(Reading.Skipped);
        return Reading.Error;
    }
}
