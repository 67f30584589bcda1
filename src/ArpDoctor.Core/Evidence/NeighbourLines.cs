using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>One IPv4 entry of a neighbour cache: the MAC a client resolves the address to, or null when it got no answer.</summary>
public readonly record struct NeighbourEntry(Ipv4Address Ip, MacAddress? Mac);

/// <summary>
/// One entry of a client's neighbour (ARP) cache as listed by iproute2's <c>ip neigh</c> (<c>203.0.113.10 dev eth0 lladdr
/// b6:56:f5:11:4c:40 REACHABLE</c>, <c>203.0.113.10 dev eth0 FAILED</c>, also <c>ip -s neigh</c>'s counters) or net-tools'
/// <c>arp -a</c> / <c>arp -an</c> (<c>? (203.0.113.10) at b6:56:f5:11:4c:40 [ether] on eth0</c>, <c>... at &lt;incomplete&gt; on
/// eth0</c>). <c>INCOMPLETE</c>, <c>FAILED</c> and <c>&lt;incomplete&gt;</c> are a client that asked and got no answer. Fields may be
/// parted by more than one space, as <c>ip -s neigh</c> prints an entry without a MAC.
/// IPv6 entries and everything else are not entries.
/// </summary>
public static partial class NeighbourLines
{
    private const string Mac = @"[0-9a-fA-F]{1,2}(?::[0-9a-fA-F]{1,2}){5}";

    [GeneratedRegex(@"^(?<ip>\d{1,3}(?:\.\d{1,3}){3}) +(?:dev \S+ *)?(?:lladdr (?<mac>" + Mac + @") *)?(?:(?:router|proxy|extern_learn|offload|ref \d+|used \d+/\d+/\d+|probes \d+) *)*(?<state>(?:INCOMPLETE|REACHABLE|STALE|DELAY|PROBE|FAILED|NOARP|PERMANENT|NONE)(?:,[A-Z]+)*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex IpNeigh();

    [GeneratedRegex(@"^\S+ \((?<ip>\d{1,3}(?:\.\d{1,3}){3})\) at (?:(?<mac>" + Mac + @") \[\w+\](?: [A-Z]+)*|(?<none><incomplete>)) on \S+\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ArpA();

    // The same lines with anything standing where the MAC goes: an entry whose MAC cannot be read.
    [GeneratedRegex(@"^\S+ \((?<ip>\d{1,3}(?:\.\d{1,3}){3})\) at (?<mac>\S+) \[\w+\](?: [A-Z]+)* on \S+\s*$|^(?<ip>\d{1,3}(?:\.\d{1,3}){3}) dev \S+ lladdr (?<mac>\S+) ", RegexOptions.CultureInvariant)]
    private static partial Regex AnyMac();

    public static bool IsSignature(string line) => TryParse(line, out _);

    /// <summary>
    /// Why an entry-shaped line cannot be read (its MAC is redacted or mistyped), or null: a readable entry or no entry.
    /// Such a line is a client's answer lost; it is reported, never skipped.
    /// </summary>
    public static string? Damage(string line)
    {
        var m = AnyMac().Match(line);
        if (!m.Success || TryParse(line, out _)) return null;
        var mac = m.Groups["mac"].Value;
        return RedactedMacs.TryFind(line, out var placeholder)
            ? RedactedMacs.Problem(placeholder)
            : $"'{mac}' is not a MAC address (six hexadecimal groups)";
    }

    public static bool TryParse(string line, out NeighbourEntry entry)
    {
        entry = default;
        var m = IpNeigh().Match(line);
        if (m.Success)
        {
            if (!Ipv4Address.TryParse(m.Groups["ip"].Value, out var ip)) return false;
            var state = m.Groups["state"].Value;
            bool answered = !state.StartsWith("INCOMPLETE", StringComparison.Ordinal) && !state.StartsWith("FAILED", StringComparison.Ordinal);
            // Entries without a MAC in any other state (NOARP on a point-to-point link, NONE) say nothing about ARP.
            if (answered && !m.Groups["mac"].Success) return false;
            MacAddress? mac = null;
            if (answered)
            {
                if (!MacAddress.TryParse(m.Groups["mac"].Value, out var found)) return false;
                mac = found;
            }
            entry = new NeighbourEntry(ip, mac);
            return true;
        }
        m = ArpA().Match(line);
        if (!m.Success || !Ipv4Address.TryParse(m.Groups["ip"].Value, out var address)) return false;
        if (m.Groups["none"].Success)
        {
            entry = new NeighbourEntry(address, null);
            return true;
        }
        if (!MacAddress.TryParse(m.Groups["mac"].Value, out var hw)) return false;
        entry = new NeighbourEntry(address, hw);
        return true;
    }
}
