using System.Globalization;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>Small span helpers shared by the text parsers.</summary>
internal static class TextScan
{
    /// <summary>The next space-separated token; <paramref name="rest"/> is what follows it.</summary>
    public static ReadOnlySpan<char> Token(ReadOnlySpan<char> text, out ReadOnlySpan<char> rest)
    {
        text = text.TrimStart();
        int end = text.IndexOfAny(' ', '\t');
        if (end < 0)
        {
            rest = [];
            return text;
        }
        rest = text[end..];
        return text[..end];
    }

    public static bool TryInt(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryDouble(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value) && value >= 0 && value < 1e9;

    /// <summary>A MAC written the way arping and arp-scan print it; rejects the dashed and bare forms there.</summary>
    public static bool TryMac(ReadOnlySpan<char> text, out MacAddress mac)
    {
        mac = MacAddress.Zero;
        return text.Contains(':') && MacAddress.TryParse(text, out mac);
    }

    /// <summary>A leading integer of <paramref name="text"/> (after spaces) and what follows it.</summary>
    public static bool TryLeadingInt(ReadOnlySpan<char> text, out int value, out ReadOnlySpan<char> rest)
    {
        text = text.TrimStart();
        int i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        rest = text[i..];
        value = 0;
        return i > 0 && i <= 9 && TryInt(text[..i], out value);
    }
}
