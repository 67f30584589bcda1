using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>One line of text evidence: its text (at most the line-length limit), its number from 1, and whether it was longer.</summary>
public readonly record struct TextLine(string Text, long Number, bool Truncated);

/// <summary>What a reader is told about its input: the VIP asked for, when the input was written, the longest line kept, its name.</summary>
/// <param name="Written">When the evidence was last written (a file's modification time): dates syslog stamps that have no year.</param>
/// <param name="Name">The input's name in warnings (<c>FILE: line 11: ...</c>); null: warnings name no input.</param>
public sealed record EvidenceOptions(Ipv4Address? OnlyVip = null, DateTimeOffset? Written = null, int MaxLineLength = BoundedLineReader.DefaultMaxLineLength,
    string? Name = null)
{
    public static readonly EvidenceOptions Default = new();
}

/// <summary>
/// One source being read by the reader of its <see cref="Format"/>: its input (lines or bytes), its options, and what
/// the reader says beside the observations it yields: an error that ended it, a warning about it, how many frames it
/// had, its last clock reading. Assemblers inside a reader put what they make here (<see cref="Add"/>) and the reader
/// yields it (<see cref="TryTake"/>) before reading on: at most one line's or one frame's worth is held.
/// </summary>
public sealed class EvidenceReading : IObservationSink
{
    private readonly Queue<Observation> _made = new();
    private readonly IObservationSink _warnings;
    private readonly IEnumerable<TextLine>? _lines;
    private readonly Stream? _bytes;

    private EvidenceReading(EvidenceFormat format, EvidenceOptions options, IObservationSink warnings, IEnumerable<TextLine>? lines, Stream? bytes,
        long? length, CancellationToken cancellationToken)
    {
        Format = format;
        Options = options;
        _warnings = warnings;
        _lines = lines;
        _bytes = bytes;
        Length = length;
        CancellationToken = cancellationToken;
    }

    /// <summary>A text source: its lines, from the first.</summary>
    /// <param name="warnings">Where the reader's warnings go (the analysis' feed for this source).</param>
    public static EvidenceReading OfLines(EvidenceFormat format, IEnumerable<TextLine> lines, IObservationSink warnings, EvidenceOptions? options = null) =>
        new(format, options ?? EvidenceOptions.Default, warnings, lines, null, null, default);

    /// <summary>A binary source: its bytes from the first, and its size when known (to say how much of it was read).</summary>
    public static EvidenceReading OfBytes(EvidenceFormat format, Stream bytes, long? length, IObservationSink warnings, EvidenceOptions? options = null,
        CancellationToken cancellationToken = default) =>
        new(format, options ?? EvidenceOptions.Default, warnings, null, bytes, length, cancellationToken);

    public EvidenceFormat Format { get; }
    public EvidenceOptions Options { get; }
    public Ipv4Address? OnlyVip => Options.OnlyVip;
    public CancellationToken CancellationToken { get; }

    /// <summary>True when evidence for <paramref name="vip"/> is wanted.</summary>
    public bool Wants(Ipv4Address vip) => Options.OnlyVip is not { } only || only == vip;

    /// <summary>The lines of a text source.</summary>
    public IEnumerable<TextLine> Lines => _lines is { } lines ? Counted(lines) : throw new InvalidOperationException($"{Format.Word} is read from bytes, not lines");

    /// <summary>The number of the line of a text source read last (0 before the first): where what the reader yields now was seen.</summary>
    public long Line { get; private set; }

    private IEnumerable<TextLine> Counted(IEnumerable<TextLine> lines)
    {
        foreach (var line in lines)
        {
            Line = line.Number;
            yield return line;
        }
    }

    /// <summary><c>line 12: </c>: where a text reading is now, to begin a warning with; empty for bytes and before the first line.</summary>
    public string Where => Line > 0 ? $"line {Line}: " : "";

    /// <summary>The bytes of a binary source.</summary>
    public Stream Bytes => _bytes ?? throw new InvalidOperationException($"{Format.Word} is read from lines, not bytes");

    /// <summary>The size of a binary source in bytes, when known.</summary>
    public long? Length { get; }

    /// <summary>Why the reading stopped early: the input is damaged or not what it seemed. Null when it was read to its end.</summary>
    public EvidenceError? Error { get; private set; }

    /// <summary>Set when the observations stand on part of the input (a capture damaged after some frames, interfaces not read).</summary>
    public string? Warning { get; set; }

    /// <summary>Frames read from a capture, ARP or not.</summary>
    public long Frames { get; set; }

    /// <summary>The latest clock reading of the input, including lines that yielded nothing for the VIPs analysed.</summary>
    public DateTimeOffset? LastTime { get; private set; }

    /// <summary>Ends the reading with <paramref name="error"/>; the reader yields nothing more.</summary>
    public void Fail(EvidenceError error) => Error ??= error;

    public void Clock(DateTimeOffset? time)
    {
        if (time is { } t && (LastTime is null || t > LastTime)) LastTime = t;
    }

    /// <summary>An observation made by an assembler, yielded by the reader before it reads on.</summary>
    public void Add(Observation observation) => _made.Enqueue(observation);

    public bool TryTake(out Observation observation) => _made.TryDequeue(out observation!);

    public void Warn(string warning, Ipv4Address? vip = null) => _warnings.Warn(warning, vip);

    /// <summary>Where the reading's warnings go (the analysis' feed for this source).</summary>
    internal IObservationSink Sink => _warnings;

    /// <summary>Damaged lines (<see cref="LineLoop.LongInput"/>) skipped and counted rather than ending the reading: its verdict stands on less than the input.</summary>
    public long Skipped { get; private set; }

    /// <summary>Damaged lines shown as warnings (the first ones); the rest are only counted.</summary>
    public const int SkippedShown = 3;

    /// <summary>The blocks of a text input, in order (<see cref="TextBlocks"/>); one for a text of one kind.</summary>
    public IReadOnlyList<EvidenceBlock> Blocks => _blocks;

    /// <summary>Blocks read beyond the <see cref="TextBlocks.MaxListed"/> listed.</summary>
    public long BlocksNotListed { get; private set; }

    private readonly List<EvidenceBlock> _blocks = [];

    /// <summary>A damaged line skipped and counted: the first few are warnings that quote it.</summary>
    internal void Skip(EvidenceError damage)
    {
        if (++Skipped <= SkippedShown) Warn($"{damage}: skipped");
    }

    internal void AddBlock(EvidenceBlock block)
    {
        if (_blocks.Count < TextBlocks.MaxListed) _blocks.Add(block);
        else BlocksNotListed++;
    }

    /// <summary>What the reading of one block of this input said, added to the input's.</summary>
    internal void Absorb(EvidenceReading block)
    {
        if (block.Error is { } error) Fail(error);
        Clock(block.LastTime);
        Skipped += block.Skipped;
        if (block.Warning is { } w) Warning = Warning is null ? w : $"{Warning}; {w}";
    }
}
