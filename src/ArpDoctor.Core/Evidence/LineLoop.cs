using ArpDoctor.Core.Observations;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// The loop every text reader runs: each line to the reader's line step, then what it made is yielded before the next
/// line is read; a line's error ends the reading. At the end the reader's end step closes what is open.
/// </summary>
/// <remarks>
/// Nothing is dropped in silence: a line that is evidence but cannot be read is an error naming it. In a long input
/// (after its first <see cref="LongInput"/> lines: a log kept for days, a long capture) one damaged line should not hide
/// everything else, so from there a line's error is counted instead (<see cref="EvidenceReading.Skipped"/>), the first
/// few shown as warnings, and the verdict is marked incomplete.
/// </remarks>
internal static class LineLoop
{
    /// <summary>Lines of an input after which a damaged line is counted, not fatal.</summary>
    public const long LongInput = 1000;

    /// <param name="countDamage">False for a reader whose state a damaged line breaks (a JSON document): every line error ends it.</param>
    /// <param name="line">Reads one line; returns why the input cannot be read on, or null.</param>
    /// <param name="end">Closes what is open after the last line (its number given); returns an error, or null.</param>
    public static IEnumerable<Observation> Run(EvidenceReading reading, Func<TextLine, EvidenceError?> line, Func<long, EvidenceError?> end,
        bool countDamage = true)
    {
        long last = 0;
        foreach (var text in reading.Lines)
        {
            last = text.Number;
            var error = line(text);
            while (reading.TryTake(out var observation)) yield return observation;
            if (error is not null)
            {
                if (countDamage && error.LineNumber is not null && text.Number > LongInput)
                {
                    reading.Skip(error);
                    continue;
                }
                reading.Fail(error);
                yield break;
            }
        }
        var ending = end(last);
        while (reading.TryTake(out var observation)) yield return observation;
        if (ending is not null) reading.Fail(ending);
    }

    public static EvidenceError TooLong(EvidenceReading reading, TextLine line) =>
        new($"line longer than {reading.Options.MaxLineLength} characters", line.Number, line.Text);
}
