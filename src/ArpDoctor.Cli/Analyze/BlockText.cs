using System.Globalization;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Analyze;

/// <summary>What the text and HTML reports say about an input's blocks and the damaged lines left out of it.</summary>
public static class BlockText
{
    /// <summary>
    /// <c>lines 3–5 neighbour-cache, lines 8–20 iputils-arping</c> for a text of several blocks; null for a text of one
    /// kind (its kind is already named) and for a capture.
    /// </summary>
    public static string? Of(EvidenceInput input)
    {
        if (input.Blocks is not { Count: > 1 } blocks) return null;
        return string.Join(", ", blocks.Select(b => b.FirstLine == b.LastLine
            ? string.Create(CultureInfo.InvariantCulture, $"line {b.FirstLine} {b.Kind.ToWord()}")
            : string.Create(CultureInfo.InvariantCulture, $"lines {b.FirstLine}–{b.LastLine} {b.Kind.ToWord()}")));
    }

    /// <summary>The warning for damaged lines left out; null when none were.</summary>
    public static string? Skipped(EvidenceInput input) => input.Skipped == 0 ? null
        : $"{Words.Count(input.Skipped, "damaged line")} left out (long input: counted, not fatal; " +
          $"the first {Math.Min(input.Skipped, EvidenceReading.SkippedShown)} quoted in the warnings): the verdict is incomplete";
}
