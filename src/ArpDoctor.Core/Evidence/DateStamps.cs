using System.Globalization;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Recognises the time stamps loop scripts put around arping runs: <c>date</c>'s default
/// (<c>Thu Nov 26 12:51:12 UTC 2026</c>), <c>date -R</c>, <c>date -Iseconds</c>/ISO 8601 and
/// <c>2026-11-26 12:51:12</c>. Zones other than UTC/GMT or numeric offsets are read as UTC.
/// </summary>
public static class DateStamps
{
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    /// <summary>Evidence stamps are accepted from 1970 to 2999: arithmetic on a stamp near year 9999 overflows, and none is real.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset time) =>
        TryParseAnyYear(text, out time) && Plausible(time);

    public static bool Plausible(DateTimeOffset time) => time.Year is >= 1970 and <= 2999;

    private static bool TryParseAnyYear(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        time = default;
        text = text.Trim().Trim("[]");
        if (text.Length is < 10 or > 64) return false;
        if (char.IsAsciiDigit(text[0]))
            return DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
        if (DateTimeOffset.TryParseExact(text, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal, out time))
            return true;
        // date(1) default: "Thu Nov 26 12:51:12 UTC 2026" (day may be space-padded); the zone word is dropped.
        Span<Range> parts = stackalloc Range[8];
        int n = text.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (n is not (5 or 6)) return false;
        var dayName = text[parts[0]];
        if (dayName.Length != 3 || !char.IsAsciiLetter(dayName[0])) return false;
        var month = text[parts[1]];
        var day = text[parts[2]];
        var clock = text[parts[3]];
        var year = text[parts[n - 1]];
        var composed = $"{day.ToString().PadLeft(2, '0')} {month} {year} {clock}";
        return DateTimeOffset.TryParseExact(composed, "dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
