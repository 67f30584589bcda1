using ArpDoctor.Core.Observations;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// The loop every text reader runs: each line to the reader's line step, then what it made is yielded before the next
/// line is read; a line's error ends the reading. At the end the reader's end step closes what is open.
/// </summary>
internal static class LineLoop
{
    /// <param name="line">Reads one line; returns why the input cannot be read on, or null.</param>
    /// <param name="end">Closes what is open after the last line (its number given); returns an error, or null.</param>
    public static IEnumerable<Observation> Run(EvidenceReading reading, Func<TextLine, EvidenceError?> line, Func<long, EvidenceError?> end)
    {
        long last = 0;
        foreach (var text in reading.Lines)
        {
            last = text.Number;
            var error = line(text);
            while (reading.TryTake(out var observation)) yield return observation;
            if (error is not null)
            {
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
