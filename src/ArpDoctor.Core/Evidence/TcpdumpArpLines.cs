using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// One line of tcpdump text, as pasted into tickets, turned back into the ARP frame it describes, for readers that need
/// an absolute clock on every line: every form <see cref="TcpdumpLines"/> reads whose stamp is a time of day, a date
/// (<c>-tttt</c>) or seconds since 1970 (<c>-tt</c>). Without <c>-e</c> a request's sender MAC is unknown (zero, which
/// probes do not need), and an announcement cannot be credited to anyone, so it is skipped. <c>-tttt</c> prints local
/// time; it is read as UTC.
/// </summary>
public static class TcpdumpArpLines
{
    /// <summary>Whether <paramref name="line"/> is tcpdump's rendering of an ARP frame with a clock (the recognition signature).</summary>
    public static bool IsSignature(string line) => TcpdumpLines.Parse(line) is { Kind: TcpdumpLineKind.Frame } l && HasClock(l.Stamp);

    /// <summary>
    /// The frame and its time: exact with <c>-tttt</c> and <c>-tt</c>; otherwise the time of day on day zero (1970-01-01),
    /// moved a day on when the clock goes back over midnight (<paramref name="previous"/>). False for other lines.
    /// </summary>
    public static bool TryParse(string line, DateTimeOffset? previous, out DateTimeOffset time, out ArpFrame frame)
    {
        time = default;
        frame = default;
        var parsed = TcpdumpLines.Parse(line);
        if (parsed.Kind != TcpdumpLineKind.Frame || !HasClock(parsed.Stamp)) return false;
        // An announcement names its announcer only in the Ethernet header (-e); without it there is no one to credit.
        if (parsed.Frame.IsGratuitous && parsed.Frame.Operation == ArpOperation.Request && !parsed.HasEthernetHeader) return false;
        frame = parsed.Frame;
        if (parsed.Stamp.At is { } at)
        {
            time = at;
            return true;
        }
        var date = previous is { } p ? p.UtcDateTime.Date : DateTime.UnixEpoch;
        time = new DateTimeOffset(date + parsed.Stamp.Offset, TimeSpan.Zero);
        if (previous is { } before && before - time > TimeSpan.FromHours(12)) time = time.AddDays(1);
        return true;
    }

    private static bool HasClock(TcpdumpStamp stamp) => stamp.Kind is TcpdumpStampKind.TimeOfDay or TcpdumpStampKind.Date or TcpdumpStampKind.Epoch;
}
