using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Scanning;

/// <summary>
/// Expands what users type as scan targets: single addresses (<c>203.0.113.10</c>), ranges
/// (<c>203.0.113.10-203.0.113.40</c>), CIDRs (<c>198.51.100.0/24</c>) and <c>@file</c> (one target per line,
/// blank lines and <c>#</c> comments ignored). Pure: the caller reads files.
/// </summary>
/// <remarks>
/// A CIDR up to /30 leaves out its network and broadcast addresses (they cannot be VIPs); /31 and /32
/// are taken whole (RFC 3021). Duplicates are dropped, first occurrence order is kept.
/// </remarks>
public static class ScanTargets
{
    /// <summary>More targets than this is almost certainly a typo (a /8 instead of a /24).</summary>
    public const int MaxTargets = 65_536;

    /// <summary>Reads the lines of an <c>@file</c>; <c>null</c> with a reason when it cannot be read.</summary>
    public delegate IReadOnlyList<string>? LineReader(string path, out string error);

    /// <summary>Expands every argument in order; the error names the argument (and file line) at fault.</summary>
    public static bool TryExpand(IEnumerable<string> arguments, LineReader readLines,
        out IReadOnlyList<Ipv4Address> targets, out string error)
    {
        var list = new List<Ipv4Address>();
        var seen = new HashSet<Ipv4Address>();
        targets = list;
        foreach (var argument in arguments)
        {
            if (argument.StartsWith('@'))
            {
                var path = argument[1..];
                if (path.Length == 0)
                {
                    error = "@: a file name must follow @ (e.g. @vips.txt)";
                    return false;
                }
                var lines = readLines(path, out var readError);
                if (lines is null)
                {
                    error = $"{argument}: {readError}";
                    return false;
                }
                for (int i = 0; i < lines.Count; i++)
                {
                    var line = StripComment(lines[i]);
                    if (line.IsEmpty) continue;
                    if (line.StartsWith("@"))
                    {
                        error = $"{path}:{i + 1}: '{lines[i].Trim()}': files cannot include other files";
                        return false;
                    }
                    if (!TryAdd(line, list, seen, out var lineError))
                    {
                        error = $"{path}:{i + 1}: {lineError}";
                        return false;
                    }
                }
            }
            else if (!TryAdd(argument, list, seen, out error))
            {
                return false;
            }
        }
        if (list.Count == 0)
        {
            error = "no targets (give addresses, ranges, CIDRs or @file)";
            return false;
        }
        error = "";
        return true;
    }

    /// <summary>Expands one target (no <c>@file</c>).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ipv4Address first, out Ipv4Address last, out string error)
    {
        first = last = Ipv4Address.Any;
        text = text.Trim();
        error = "";
        int slash = text.IndexOf('/');
        if (slash >= 0)
        {
            if (!Ipv4Address.TryParse(text[..slash], out var network) ||
                !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) ||
                prefix is < 0 or > 32)
            {
                error = $"'{text}' is not a CIDR (expected e.g. 198.51.100.0/24)";
                return false;
            }
            uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
            uint low = network.Value & mask, high = low | ~mask;
            if (prefix <= 30)
            {
                low++;
                high--;
            }
            first = new Ipv4Address(low);
            last = new Ipv4Address(high);
            return true;
        }
        int dash = text.IndexOf('-');
        if (dash >= 0)
        {
            if (!Ipv4Address.TryParse(text[..dash], out first) || !Ipv4Address.TryParse(text[(dash + 1)..], out last))
            {
                error = $"'{text}' is not a range (expected e.g. 203.0.113.10-203.0.113.40)";
                return false;
            }
            if (last.Value < first.Value)
            {
                error = $"'{text}': the range ends before it starts";
                return false;
            }
            return true;
        }
        if (!Ipv4Address.TryParse(text, out first))
        {
            error = $"'{text}' is not an IPv4 address, range or CIDR";
            return false;
        }
        last = first;
        return true;
    }

    private static bool TryAdd(ReadOnlySpan<char> text, List<Ipv4Address> list, HashSet<Ipv4Address> seen, out string error)
    {
        if (!TryParse(text, out var first, out var last, out error)) return false;
        ulong count = (ulong)last.Value - first.Value + 1;
        if ((ulong)list.Count + count > MaxTargets && !AllSeen(first, last, seen))
        {
            error = $"'{text.Trim()}' makes more than {MaxTargets} targets";
            return false;
        }
        for (ulong v = first.Value; v <= last.Value; v++)
        {
            var address = new Ipv4Address((uint)v);
            if (seen.Add(address)) list.Add(address);
        }
        return true;
    }

    private static bool AllSeen(Ipv4Address first, Ipv4Address last, HashSet<Ipv4Address> seen)
    {
        if ((ulong)last.Value - first.Value >= (ulong)seen.Count) return false;
        for (ulong v = first.Value; v <= last.Value; v++)
            if (!seen.Contains(new Ipv4Address((uint)v))) return false;
        return true;
    }

    private static ReadOnlySpan<char> StripComment(string line)
    {
        var span = line.AsSpan();
        int hash = span.IndexOf('#');
        if (hash >= 0) span = span[..hash];
        return span.Trim();
    }
}
