using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>One entry of an ARP table: the MAC the host resolves the address to (null: it asked and got no answer).</summary>
/// <param name="Permanent">A static entry (<c>arp -s</c>, flag <c>M</c>, <c>permanent</c>): set by hand, never learnt from a reply.</param>
public readonly record struct ArpTableEntry(Ipv4Address Ip, MacAddress? Mac, string Interface, bool Permanent);

/// <summary>What one line of an ARP table listing is.</summary>
public enum ArpTableLineKind
{
    /// <summary>A header, a footer (<c>Entries: 3 Skipped: 0 Found: 3</c>), a prompt, prose.</summary>
    Noise,
    /// <summary>An IPv4 entry.</summary>
    Entry,
    /// <summary>An entry that cannot be read (a redacted MAC, a host name instead of an address): <see cref="ArpTableLine.Problem"/>.</summary>
    Malformed,
}

/// <summary>One line of an ARP table listing, read.</summary>
public readonly record struct ArpTableLine(ArpTableLineKind Kind, ArpTableEntry Entry = default, string? Problem = null);

/// <summary>
/// The tables ARP tools print, one line at a time: net-tools' <c>arp -n</c>, <c>arp -vn</c> and <c>arp -e</c> on Linux
/// (columns <c>Address HWtype HWaddress Flags Mask Iface</c>: <c>203.0.113.10  ether  02:00:00:00:01:03  C  eth0</c>,
/// <c>203.0.113.99  (incomplete)  eth0</c>; flag <c>M</c> is a static entry), and BSD's and macOS's <c>arp -a</c>/<c>arp -an</c>
/// (<c>? (203.0.113.10) at 02:00:00:00:01:03 on em0 expires in 1186 seconds [ethernet]</c>, <c>... on em0 permanent
/// [ethernet]</c>, <c>... on en0 ifscope [ethernet]</c>, <c>... at (incomplete) on em0 ...</c>). net-tools' own <c>arp -a</c>
/// (<c>? (IP) at MAC [ether] on eth0</c>) is <see cref="NeighbourLines"/>'.
/// </summary>
public static partial class ArpTableLines
{
    private const string MacLike = @"[\w*?#]{1,2}(?:[:-][\w*?#]{1,2}){5}";

    // net-tools arp.c: "%-23.23s  %-8.8s%-20.20s%-6.6s%-15.15s %s" (address, hwtype, hwaddress, flags, mask, iface).
    [GeneratedRegex(@"^(?<addr>\S+)\s+(?:(?<hwtype>[a-z][\w-]*)\s+(?<mac>" + MacLike + @")|(?<none>\(incomplete\)))\s+(?:(?<flags>[CMPAHRN]+)\s+)?(?:(?<mask>\*|\d+(?:\.\d+){3})\s+)?(?<if>[\w.@:-]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NetTools();

    [GeneratedRegex(@"^(?<host>\S+) \((?<ip>\d{1,3}(?:\.\d{1,3}){3})\) at (?:(?<mac>" + MacLike + @")|(?<none>\(incomplete\)|<incomplete>)) on (?<if>[\w.@:-]+)(?<rest>(?: (?:ifscope|permanent|published|expired|expires in \d+ seconds|\(proxy\)|only|static|reject|blackhole))*) ?\[(?<type>[\w ]+)\]\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Bsd();

    // net-tools arp -a and iproute2 ip neigh are NeighbourLines'; only their unreadable lines are told here, so that a
    // hidden MAC in them is an error rather than a line skipped in silence.
    [GeneratedRegex(@"^\S+ \(\d{1,3}(?:\.\d{1,3}){3}\) at (?<mac>" + MacLike + @") \[\w+\](?: [A-Z]+)* on \S+\s*$|^\d{1,3}(?:\.\d{1,3}){3} dev \S+ lladdr (?<mac>" + MacLike + @")\b", RegexOptions.CultureInvariant)]
    private static partial Regex NeighbourShape();

    /// <summary>
    /// Reads one line of <c>arp -n</c>/<c>-vn</c>/<c>-e</c> (Linux) or BSD <c>arp -a</c>/<c>-an</c>. A line of net-tools'
    /// <c>arp -a</c> or of <c>ip neigh</c> is noise here (another reader's), unless its MAC cannot be read: then it is malformed.
    /// </summary>
    public static ArpTableLine Parse(string line)
    {
        if (NeighbourShape().Match(line) is { Success: true } neighbour)
            return Mac(neighbour.Groups["mac"].Value) is null ? BadMac(neighbour.Groups["mac"].Value) : default;
        var m = Bsd().Match(line);
        if (m.Success)
        {
            if (!Ipv4Address.TryParse(m.Groups["ip"].Value, out var ip)) return default;
            var iface = m.Groups["if"].Value;
            bool permanent = m.Groups["rest"].Value.Contains("permanent", StringComparison.Ordinal);
            if (m.Groups["none"].Success) return new ArpTableLine(ArpTableLineKind.Entry, new ArpTableEntry(ip, null, iface, permanent));
            return Mac(m.Groups["mac"].Value) is { } mac
                ? new ArpTableLine(ArpTableLineKind.Entry, new ArpTableEntry(ip, mac, iface, permanent))
                : BadMac(m.Groups["mac"].Value);
        }
        m = NetTools().Match(line);
        // The header ("Address HWtype HWaddress ...") does not match: its third column is no MAC.
        if (!m.Success) return default;
        if (!Ipv4Address.TryParse(m.Groups["addr"].Value, out var address))
            return new ArpTableLine(ArpTableLineKind.Malformed, Problem: "arp printed a host name, not an address: run it with -n");
        var ifName = m.Groups["if"].Value;
        if (m.Groups["none"].Success) return new ArpTableLine(ArpTableLineKind.Entry, new ArpTableEntry(address, null, ifName, false));
        bool isStatic = m.Groups["flags"].Value.Contains('M');
        return Mac(m.Groups["mac"].Value) is { } hw
            ? new ArpTableLine(ArpTableLineKind.Entry, new ArpTableEntry(address, hw, ifName, isStatic))
            : BadMac(m.Groups["mac"].Value);
    }

    private static MacAddress? Mac(string text) => MacAddress.TryParse(text, out var mac) ? mac : null;

    private static ArpTableLine BadMac(string text) => new(ArpTableLineKind.Malformed,
        Problem: RedactedMacs.TryFind(text, out var placeholder) ? RedactedMacs.Problem(placeholder) : $"'{text}' is not a MAC address (six hexadecimal groups)");
}
