using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>Which packet an addrwatch line was taken from (<c>pkt_origin_str</c> in addrwatch's source).</summary>
public enum AddrwatchOrigin
{
    /// <summary><c>ARP_REQ</c>: an ARP request; the pairing is its sender's.</summary>
    Request,
    /// <summary><c>ARP_REP</c>: an ARP reply; the pairing is the answering MAC and the address it answers for.</summary>
    Reply,
    /// <summary><c>ARP_ACD</c>: an RFC 5227 address probe (sender 0.0.0.0); the address is the one probed, nobody's yet.</summary>
    AddressProbe,
}

public readonly record struct AddrwatchLine(DateTimeOffset Time, AddrwatchOrigin Origin, Ipv4Address Ip, MacAddress Mac);

/// <summary>
/// One line of addrwatch output (github.com/fln/addrwatch, <c>addrwatch_stdout.c</c>, <c>output_flatfile.c</c>: <c>"%lu %s %u %s %s
/// %s\n"</c>): Unix time in seconds, interface, VLAN tag (0 untagged), MAC, IP, origin — <c>1796043825 eth0 0
/// 56:f5:be:02:1c:59 203.0.113.10 ARP_REP</c>; the same after a syslog prefix (<c>addrwatch_syslog</c>). IPv6 lines
/// (<c>ND_NS</c>, <c>ND_NA</c>, <c>ND_DAD</c>) and others are not read.
/// </summary>
public static partial class AddrwatchLines
{
    [GeneratedRegex(@"^(?<ts>\d{1,12}) (?<if>\S+) (?<vlan>\d{1,4}) (?<mac>[0-9a-f]{2}(?::[0-9a-f]{2}){5}) (?<ip>\d{1,3}(?:\.\d{1,3}){3}) (?<origin>ARP_REQ|ARP_REP|ARP_ACD)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Line();

    public static bool IsSignature(string line) => TryParse(line, out _);

    public static bool TryParse(string line, out AddrwatchLine result)
    {
        result = default;
        var m = Line().Match(line);
        if (!m.Success && SyslogPrefix.TryParse(line, null, out _, out var tag, out var message) && tag.StartsWith("addrwatch", StringComparison.Ordinal))
            m = Line().Match(message);
        if (!m.Success || !long.TryParse(m.Groups["ts"].ValueSpan, out var seconds) || seconds > 32_503_680_000) return false;
        if (!MacAddress.TryParse(m.Groups["mac"].Value, out var mac) || !Ipv4Address.TryParse(m.Groups["ip"].Value, out var ip)) return false;
        var origin = m.Groups["origin"].Value switch
        {
            "ARP_REQ" => AddrwatchOrigin.Request,
            "ARP_REP" => AddrwatchOrigin.Reply,
            _ => AddrwatchOrigin.AddressProbe,
        };
        result = new AddrwatchLine(DateTimeOffset.FromUnixTimeSeconds(seconds), origin, ip, mac);
        return true;
    }
}
