using System.Text.RegularExpressions;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// MAC addresses people hide before pasting: <c>xx:xx:xx:xx:xx:xx</c>, <c>00:50:56:XX:XX:XX</c>, <c>gg:gg:gg:gg:gg:gg</c>,
/// <c>**:**:**:**:**:**</c>, <c>&lt;redacted&gt;</c>, <c>[MAC]</c>. Responders are told apart by their MACs, so a line with
/// one cannot be read; it is an error that says so rather than a line skipped in silence. Made-up MACs that are still
/// hexadecimal (<c>aa:aa:aa:aa:aa:aa</c>, <c>bb:bb:..</c>) are read like real ones: distinct placeholders keep devices
/// apart.
/// </summary>
public static partial class RedactedMacs
{
    /// <summary>A MAC-shaped token (six groups of one or two characters) or a word standing where a MAC was.</summary>
    [GeneratedRegex(@"(?<![\w:*-])(?:[\w*?#]{1,2}[:-]){5}[\w*?#]{1,2}(?![\w:*-])|<\s*(?:redacted|removed|hidden|mac(?: address)?|mac_?addr|xx+)\s*>|\[\s*(?:redacted|removed|hidden|mac(?: address)?)\s*\]|\bREDACTED\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Token();

    /// <summary>
    /// The first redacted MAC in <paramref name="text"/>: a MAC-shaped token with a group that holds no hex digit
    /// (<c>xx</c>, <c>**</c>), or a redaction word. False when every MAC-shaped token is a real (hexadecimal) MAC.
    /// </summary>
    public static bool TryFind(string text, out string placeholder)
    {
        foreach (Match m in Token().Matches(text))
        {
            var token = m.Value;
            if (token.Length > 0 && (token[0] is '<' or '[' || token.Equals("REDACTED", StringComparison.OrdinalIgnoreCase)))
            {
                placeholder = token;
                return true;
            }
            // Times (12:34:56) have three groups, not six. A group with no hex digit at all (xx, **, gg) is hidden;
            // one stray letter in a hex group (3z) is a typo, which the caller reports as such.
            if (HasHiddenGroup(token))
            {
                placeholder = token;
                return true;
            }
        }
        placeholder = "";
        return false;
    }

    /// <summary>What an error about <paramref name="placeholder"/> says: what is wrong and what to paste instead.</summary>
    public static string Problem(string placeholder) =>
        $"the MAC address is redacted ('{placeholder}'): analyze tells responders apart by their MACs, so it needs the real ones, " +
        "or at least a different made-up hexadecimal MAC for each device (02:00:00:00:00:01, 02:00:00:00:00:02, ...)";

    /// <summary>The error for line <paramref name="number"/> when it holds a redacted MAC; null when it holds none.</summary>
    public static EvidenceError? ErrorFor(string line, long number) =>
        TryFind(line, out var placeholder) ? new EvidenceError(Problem(placeholder), number, line) : null;

    private static bool HasHiddenGroup(string token)
    {
        foreach (var range in token.AsSpan().Split(token.Contains(':') ? ':' : '-'))
        {
            var group = token.AsSpan(range);
            if (group.Length > 0 && !group.ContainsAny("0123456789abcdefABCDEF")) return true;
        }
        return false;
    }
}
