using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ArpDoctor.Core.Text;

/// <summary>Durations as users type them: <c>300ms</c>, <c>1.5s</c>, <c>30s</c>, <c>10m</c>, <c>24h</c>, <c>1h30m</c>; a bare number is seconds.</summary>
public static class Durations
{
    /// <summary>
    /// The longest duration accepted: 49 days, just under what the runtime's timers can wait (2^32-2 ms), so a
    /// longer one fails at parse time rather than mid-run.
    /// </summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(49);

    public static bool TryParse(string? text, [NotNullWhen(true)] out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var span = text.Trim().AsSpan();
        if (double.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var bare))
        {
            // "NaN" and "Infinity" parse as doubles whatever the styles; neither is a duration.
            if (!double.IsFinite(bare) || bare * 1000 > Maximum.TotalMilliseconds) return false;
            duration = TimeSpan.FromSeconds(bare);
            return true;
        }
        double totalMs = 0;
        while (!span.IsEmpty)
        {
            int i = 0;
            while (i < span.Length && (char.IsAsciiDigit(span[i]) || span[i] == '.')) i++;
            if (i == 0) return false;
            if (!double.TryParse(span[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
            span = span[i..];
            int u = 0;
            while (u < span.Length && char.IsAsciiLetter(span[u])) u++;
            double unitMs = span[..u] switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                _ => -1,
            };
            if (unitMs < 0) return false;
            totalMs += number * unitMs;
            span = span[u..];
        }
        if (!double.IsFinite(totalMs) || totalMs > Maximum.TotalMilliseconds) return false;
        duration = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>Short human form: <c>250ms</c>, <c>1.5s</c>, <c>2m0s</c>, <c>3h12m</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1)) return $"{duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";
        if (duration < TimeSpan.FromMinutes(1)) return $"{duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s";
        if (duration < TimeSpan.FromHours(1)) return $"{(int)duration.TotalMinutes}m{duration.Seconds}s";
        return $"{(int)duration.TotalHours}h{duration.Minutes}m";
    }
}
