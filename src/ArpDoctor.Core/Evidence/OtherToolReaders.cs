using ArpDoctor.Core.Observations;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// The readers of other tools' logs and snapshots: arpwatch, addrwatch, neighbour caches. Their lines are
/// read; everything else (other programs' syslog lines, prompts, headers, other packets) is skipped.
/// </summary>
public static class OtherToolReaders
{
    /// <summary>arpwatch's reports: what clients resolve an address to from then on.</summary>
    public static IEnumerable<Observation> Arpwatch(EvidenceReading reading)
    {
        var resolutions = new ResolutionFeeder(reading);
        DateTimeOffset? last = null;
        return LineLoop.Run(reading, line =>
        {
            if (line.Truncated || !ArpwatchLines.TryParse(line.Text, last, out var report, reading.Options.Written)) return null;
            if (report.Time is { } t) last = t;
            // A change whose old MAC this log never showed (it starts mid-story) is still a change.
            if (report.Previous is { } old && report.Event != ArpwatchEvent.NewStation && !resolutions.Seen(report.Ip))
                resolutions.Observe(report.Ip, old, report.Time);
            resolutions.Observe(report.Ip, report.Mac, report.Time);
            return null;
        }, _ => null);
    }

    /// <summary>
    /// Neighbour-cache snapshots (<c>ip neigh</c>, <c>arp -a</c>), dated by the <c>date</c> stamps between them. An entry
    /// whose MAC cannot be read is an error, not a line skipped.
    /// </summary>
    public static IEnumerable<Observation> NeighbourCache(EvidenceReading reading)
    {
        var resolutions = new ResolutionFeeder(reading);
        DateTimeOffset? stamp = null;
        return LineLoop.Run(reading, line =>
        {
            if (line.Truncated) return null;
            if (DateStamps.TryParse(line.Text, out var time)) stamp = time;
            else if (NeighbourLines.TryParse(line.Text, out var entry)) resolutions.Observe(entry.Ip, entry.Mac, stamp);
            else if (NeighbourLines.Damage(line.Text) is { } damage) return new EvidenceError(damage, line.Number, line.Text);
            return null;
        }, _ => null);
    }

    /// <summary>addrwatch's lines: who answered for an address, and who claimed it.</summary>
    public static IEnumerable<Observation> Addrwatch(EvidenceReading reading)
    {
        var assembler = new AddrwatchAssembler(reading);
        return LineLoop.Run(reading, line =>
        {
            if (!line.Truncated && AddrwatchLines.TryParse(line.Text, out var seen)) assembler.Line(seen);
            return null;
        }, _ =>
        {
            assembler.End();
            return null;
        });
    }
}
