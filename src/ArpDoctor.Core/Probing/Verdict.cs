namespace ArpDoctor.Core.Probing;

/// <summary>What the answers for one VIP say. The names are the words users see (<c>healthy</c>, ...).</summary>
public enum Verdict
{
    /// <summary>Exactly one MAC answered: one announcer, as MetalLB layer 2 intends.</summary>
    Healthy,
    /// <summary>More than one MAC answered: whichever reply arrives first wins, traffic moves between nodes.</summary>
    Conflict,
    /// <summary>Nobody answered.</summary>
    NoAnswer,
    /// <summary>Over time, the winning MAC changed, or (a watch) a conflict, silence or a dropped connection was seen.</summary>
    Unstable,
    /// <summary>Not a single round was made (a watch of zero duration, or stopped before its first round): no proof either way.</summary>
    NoEvidence,
    /// <summary>
    /// The evidence cannot tell healthy from a fault: one probe, one neighbour-cache snapshot (a cache holds one MAC by
    /// construction, so it can never show a second), or only announcements (nobody asked). More probes settle it.
    /// </summary>
    Inconclusive,
}

public static class VerdictNames
{
    public static string ToWord(this Verdict verdict) => verdict switch
    {
        Verdict.Healthy => "healthy",
        Verdict.Conflict => "conflict",
        Verdict.NoAnswer => "no-answer",
        Verdict.Unstable => "unstable",
        Verdict.NoEvidence => "no-evidence",
        Verdict.Inconclusive => "inconclusive",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };

    /// <summary>The verdict a word of <see cref="ToWord"/> names; false for any other text.</summary>
    public static bool TryParse(string? word, out Verdict verdict)
    {
        foreach (var v in Enum.GetValues<Verdict>())
            if (string.Equals(v.ToWord(), word, StringComparison.Ordinal))
            {
                verdict = v;
                return true;
            }
        verdict = default;
        return false;
    }

    /// <summary>The verdict for a set of distinct responders.</summary>
    public static Verdict FromResponderCount(int responderCount) => responderCount switch
    {
        0 => Verdict.NoAnswer,
        1 => Verdict.Healthy,
        _ => Verdict.Conflict,
    };
}
