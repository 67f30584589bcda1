namespace ArpDoctor.Core.Evidence;

/// <summary>Why evidence could not be used. For text, the line number (1-based) and the line itself.</summary>
public sealed record EvidenceError(string Message, long? LineNumber = null, string? LineText = null)
{
    /// <summary>Longest excerpt of an offending line shown to users.</summary>
    public const int MaxExcerpt = 120;

    /// <summary><c>line 12: 'text': why</c>, or just the message when there is no line.</summary>
    public override string ToString() => LineNumber is { } n
        ? $"line {n}: '{Excerpt(LineText ?? "")}': {Message}"
        : Message;

    public static string Excerpt(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).Take(MaxExcerpt + 1).ToArray());
        return clean.Length > MaxExcerpt ? clean[..MaxExcerpt] + "…" : clean;
    }
}
