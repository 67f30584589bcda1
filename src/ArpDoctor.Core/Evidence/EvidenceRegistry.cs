namespace ArpDoctor.Core.Evidence;

/// <summary>
/// The evidence formats ArpDoctor reads, in the order their signatures are tried: the first format whose magic
/// matches the first bytes, or whose line signature matches a line, is the input's format. Immutable; a registry with
/// one more format is made by <see cref="With"/>.
/// </summary>
public sealed class EvidenceRegistry
{
    private readonly EvidenceFormat[] _formats;

    public EvidenceRegistry(IEnumerable<EvidenceFormat> formats)
    {
        _formats = [.. formats];
        foreach (var f in _formats)
            if ((f.Line is null) == (f.Magic is null))
                throw new ArgumentException($"the format {f.Word} needs either a line signature or a magic, not both or neither", nameof(formats));
    }

    /// <summary>Every format ArpDoctor knows (<see cref="EvidenceFormats.BuiltIn"/>).</summary>
    public static EvidenceRegistry Default { get; } = new(EvidenceFormats.BuiltIn);

    public IReadOnlyList<EvidenceFormat> Formats => _formats;

    /// <summary>This registry with <paramref name="format"/> tried after every format already in it.</summary>
    public EvidenceRegistry With(EvidenceFormat format) => new([.. _formats, format]);

    /// <summary>The first text format that claims <paramref name="line"/>, or null.</summary>
    public EvidenceFormat? Recognise(string line)
    {
        foreach (var f in _formats)
            if (f.Line is { } signature && signature(line)) return f;
        return null;
    }

    /// <summary>
    /// The format <paramref name="line"/> is evidence of: the first whose signature claims it, else the first that
    /// sees it as its own line damaged (<see cref="EvidenceFormat.Damaged"/>); null for a line that is no evidence.
    /// </summary>
    public EvidenceFormat? Claim(string line)
    {
        if (Recognise(line) is { } format) return format;
        foreach (var f in _formats)
            if (f.Damaged is { } damaged && damaged(line)) return f;
        return null;
    }

    /// <summary>The first binary format whose magic <paramref name="head"/> starts with, or null.</summary>
    public EvidenceFormat? RecogniseBytes(ReadOnlySpan<byte> head)
    {
        foreach (var f in _formats)
            if (f.Magic is { } magic && magic(head)) return f;
        return null;
    }

    /// <summary>The entry of <paramref name="kind"/>; null when this registry has none.</summary>
    public EvidenceFormat? Find(EvidenceKind kind)
    {
        foreach (var f in _formats)
            if (f.Kind == kind) return f;
        return null;
    }
}
