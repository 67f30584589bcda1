using ArpDoctor.Core.Observations;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// The readers of probing tools' text: iputils and Habets arping, arp-scan. Every line of theirs is read: a line that
/// starts like theirs but does not parse is damage, and ends the reading.
/// </summary>
public static class ProbeRunReader
{
    public static IEnumerable<Observation> IputilsArping(EvidenceReading reading) =>
        Arping(reading, line => IputilsArpingLines.Parse(line));

    public static IEnumerable<Observation> HabetsArping(EvidenceReading reading) =>
        Arping(reading, line => HabetsArpingLines.Parse(line));

    public static IEnumerable<Observation> ArpScan(EvidenceReading reading)
    {
        var runs = new ArpScanRunAssembler(reading, reading.OnlyVip);
        return Lines(reading, line => ArpScanLines.Parse(line), runs.Line, last => runs.End(last));
    }

    private static IEnumerable<Observation> Arping(EvidenceReading reading, Func<string, EvidenceLine> parse)
    {
        var runs = new ArpingRunAssembler(reading, reading.Format.Kind, reading.OnlyVip);
        return Lines(reading, parse, runs.Line, last => runs.End(last));
    }

    private delegate void LineStep(in EvidenceLine line, long number);

    private static IEnumerable<Observation> Lines(EvidenceReading reading, Func<string, EvidenceLine> parse, LineStep step, Action<long> end) =>
        LineLoop.Run(reading, text =>
        {
            var line = parse(text.Text);
            if (line.Kind == LineKind.Noise) return null;
            if (text.Truncated) return LineLoop.TooLong(reading, text);
            if (line.Kind == LineKind.Malformed) return new EvidenceError(line.Problem!, text.Number, text.Text);
            step(line, text.Number);
            return null;
        }, last =>
        {
            end(last);
            return null;
        });
}
