namespace ArpDoctor.Core.Vendors;

/// <summary>One assignment of the IEEE registry: the first <paramref name="Bits"/> bits of a MAC, and who holds them.</summary>
/// <param name="Prefix">The assigned bits, right-aligned (<c>0x005056</c> for MA-L <c>005056</c>).</param>
/// <param name="Bits">24 (MA-L), 28 (MA-M) or 36 (MA-S and the older IAB).</param>
/// <param name="Organization">The "Organization Name" field as the registry writes it (<c>VMware, Inc.</c>).</param>
public readonly record struct VendorAssignment(ulong Prefix, int Bits, string Organization);

/// <summary>
/// Reads the IEEE registry's CSV files (Debian's ieee-data: <c>oui.csv</c>, <c>mam.csv</c>, <c>oui36.csv</c>, <c>iab.csv</c>).
/// Header <c>Registry,Assignment,Organization Name,Organization Address</c>; RFC 4180 quoting: a quoted field may hold
/// commas, doubled quotes and line breaks (some addresses span lines); records end in CRLF or LF. Pure.
/// </summary>
public static class RegistryCsv
{
    /// <summary>
    /// Every record whose assignment is 6, 7 or 9 hex digits; any other record (not the header) is counted in
    /// <paramref name="skipped"/> rather than failing the file: a vendor name is a nicety, and the registry's files change.
    /// </summary>
    public static List<VendorAssignment> Parse(string text, out int skipped)
    {
        var assignments = new List<VendorAssignment>(text.Length / 90);
        skipped = 0;
        int i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var fields = new string?[3];
        while (i < text.Length)
        {
            if (text[i] is '\r' or '\n') { i++; continue; }   // blank line
            int count = ReadRecord(text, ref i, fields);
            if (count >= 1 && fields[0] == "Registry") continue;   // the header (one per file)
            if (count >= 3 && TryPrefix(fields[1]!, out var prefix, out var bits) && fields[2]!.Trim() is { Length: > 0 } name)
                assignments.Add(new VendorAssignment(prefix, bits, name));
            else
                skipped++;
        }
        return assignments;
    }

    /// <summary>Reads one record from <paramref name="i"/> to just past its line end; keeps its first three fields.</summary>
    private static int ReadRecord(string text, ref int i, string?[] kept)
    {
        Array.Clear(kept);
        int field = 0;
        while (true)
        {
            var value = ReadField(text, ref i, keep: field < kept.Length);
            if (field < kept.Length) kept[field] = value;
            field++;
            if (i >= text.Length) return field;
            char c = text[i++];
            if (c == ',') continue;
            if (c == '\r' && i < text.Length && text[i] == '\n') i++;
            return field;   // '\r' or '\n': the record ends
        }
    }

    /// <summary>One field, left at the comma or line end after it; <c>null</c> when not <paramref name="keep"/>.</summary>
    private static string? ReadField(string text, ref int i, bool keep)
    {
        if (i < text.Length && text[i] == '"')
        {
            var value = keep ? new System.Text.StringBuilder() : null;
            i++;
            while (i < text.Length)
            {
                int quote = text.IndexOf('"', i);
                if (quote < 0) { value?.Append(text, i, text.Length - i); i = text.Length; break; }   // unterminated: to the end
                value?.Append(text, i, quote - i);
                i = quote + 1;
                if (i < text.Length && text[i] == '"') { value?.Append('"'); i++; continue; }   // "" is one quote
                break;
            }
            // Anything between the closing quote and the separator is kept as it stands (lenient, as readers of this file are).
            int rest = i;
            while (i < text.Length && text[i] is not (',' or '\r' or '\n')) i++;
            value?.Append(text, rest, i - rest);
            return value?.ToString();
        }
        int start = i;
        while (i < text.Length && text[i] is not (',' or '\r' or '\n')) i++;
        return keep ? text[start..i] : null;
    }

    private static bool TryPrefix(string assignment, out ulong prefix, out int bits)
    {
        prefix = 0;
        var hex = assignment.AsSpan().Trim();
        bits = hex.Length switch { 6 => 24, 7 => 28, 9 => 36, _ => 0 };
        return bits != 0 && ulong.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out prefix);
    }
}
