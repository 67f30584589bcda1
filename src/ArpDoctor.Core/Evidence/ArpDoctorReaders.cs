using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Watching;

namespace ArpDoctor.Core.Evidence;

/// <summary>The readers of what ArpDoctor itself writes: the watch log and <c>probe|scan -o json</c>. Read whole: a line that cannot be read is an error.</summary>
public static class ArpDoctorReaders
{
    public static IEnumerable<Observation> WatchLog(EvidenceReading reading)
    {
        var feeder = new WatchLogFeeder(reading);
        return LineLoop.Run(reading, line =>
        {
            if (string.IsNullOrWhiteSpace(line.Text)) return null;
            if (line.Truncated) return LineLoop.TooLong(reading, line);
            if (!WatchLogFormat.TryParseRecord(line.Text, out var record, out var why))
            {
                // A run killed mid-write leaves one cut line (the next run starts on a new line); watch --resume skips
                // it, and so does analyze, saying so. A whole line that is wrong is still an error.
                if (line.Text.TrimEnd().EndsWith('}')) return new EvidenceError(why, line.Number, line.Text);
                reading.Warn($"line {line.Number}: cut mid-line (a watch run ended while writing it); skipped");
                return null;
            }
            feeder.Record(record);
            return null;
        }, _ => null);
    }

    public static IEnumerable<Observation> Json(EvidenceReading reading)
    {
        var json = new ArpDoctorJsonReader();
        return LineLoop.Run(reading, line =>
        {
            if (line.Truncated) return LineLoop.TooLong(reading, line);
            var error = json.Line(line.Text, line.Number, out var observations);
            foreach (var observation in observations)
                if (reading.Wants(observation.Vip)) reading.Add(observation);
            return error;
        }, json.End, countDamage: false);
    }
}
