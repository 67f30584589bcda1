using System.Globalization;
using System.Text.RegularExpressions;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// The prefix syslog puts before a program's message, as log files and <c>journalctl</c> show it:
/// <c>Nov 30 12:13:12 host arpwatch: msg</c> (traditional file format, day space-padded), the same with
/// <c>arpwatch[123]:</c>, or <c>2026-11-30T12:13:12.123456+00:00 host arpwatch: msg</c> (RFC 3339, rsyslog's
/// high-precision format and <c>journalctl -o short-iso</c>). A bare <c>arpwatch: msg</c> (a daemon's stderr) has no time.
/// </summary>
public static partial class SyslogPrefix
{
    /// <summary>
    /// Traditional stamps have no year. The first takes the year that puts it at or before <c>written</c> (when the log
    /// was last written: a file's modification time); without one, 2000 (a leap year, so Feb 29 reads). Later stamps
    /// follow the one before, carried over New Year.
    /// </summary>
    public const int YearlessBase = 2000;

    [GeneratedRegex(@"^(?:(?:(?<mon>[A-Z][a-z]{2}) (?<day>[ \d]?\d) (?<hms>\d\d:\d\d:\d\d)|(?<iso>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?)) (?<host>\S+) )?(?<tag>[A-Za-z][\w.-]*)(?:\[\d+\])?: (?<msg>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Line();

    /// <summary>
    /// Splits <paramref name="line"/> into its time (null when it has none), program name and message. Yearless stamps take
    /// <paramref name="previous"/>'s year, one more when the month goes back by more than half a year (New Year).
    /// </summary>
    public static bool TryParse(string line, DateTimeOffset? previous, out DateTimeOffset? time, out string tag, out string message) =>
        TryParse(line, previous, null, out time, out tag, out message);

    /// <param name="written">When the log was last written, for the first yearless stamp's year (see <see cref="YearlessBase"/>).</param>
    public static bool TryParse(string line, DateTimeOffset? previous, DateTimeOffset? written, out DateTimeOffset? time, out string tag, out string message) =>
        TryParse(line, previous, written, out time, out _, out tag, out message);

    /// <param name="host">The host that logged the line; null for a bare <c>program: msg</c>.</param>
    public static bool TryParse(string line, DateTimeOffset? previous, DateTimeOffset? written, out DateTimeOffset? time, out string? host, out string tag, out string message)
    {
        time = null;
        host = null;
        tag = message = "";
        var m = Line().Match(line);
        if (!m.Success) return false;
        if (m.Groups["host"].Success) host = m.Groups["host"].Value;
        tag = m.Groups["tag"].Value;
        message = m.Groups["msg"].Value;
        if (m.Groups["iso"].Success)
        {
            if (!DateTimeOffset.TryParse(m.Groups["iso"].Value, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso) || !DateStamps.Plausible(iso))
                return false;
            time = iso;
        }
        else if (m.Groups["mon"].Success)
        {
            int year = previous?.Year ?? written?.Year ?? YearlessBase;
            var text = $"{m.Groups["mon"].Value} {m.Groups["day"].Value.Trim().PadLeft(2, '0')} {m.Groups["hms"].Value}";
            if (!TryYear(text, year, out var t)) return false;
            if (previous is { } p && p - t > TimeSpan.FromDays(183) && TryYear(text, year + 1, out var next)) t = next;
            // A line cannot come after the log was written (a day's leeway for zones): December's lines in a log written in January.
            if (previous is null && written is { } w && t > w.AddDays(1) && TryYear(text, year - 1, out var before)) t = before;
            time = t;
        }
        return true;
    }

    private static bool TryYear(string text, int year, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact($"{year} {text}", "yyyy MMM dd HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
