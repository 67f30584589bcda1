using System.Globalization;
using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>What a BSD kernel's ARP message says.</summary>
public enum BsdArpEvent
{
    /// <summary><c>arp: IP moved from OLD to NEW on em0</c>: the host's entry changed its winner (OpenBSD and NetBSD: <c>arp info overwritten for IP by NEW</c>).</summary>
    Moved,
    /// <summary><c>arp: IP is on em0 but got reply from MAC on em1</c>: an answer for the address came in on another interface.</summary>
    WrongInterface,
    /// <summary><c>arp: MAC attempts to modify permanent entry for IP on em0</c>: someone answered for an address pinned by hand.</summary>
    PermanentModify,
    /// <summary><c>arp: MAC is using my IP address IP on em0!</c>: someone answers for the host's own address.</summary>
    UsingMyAddress,
}

/// <summary>One BSD kernel ARP message: the address, the MAC that answered for it (and the one before, for a move).</summary>
/// <param name="Interface">Where the host knew the address (for <see cref="BsdArpEvent.WrongInterface"/>: the old interface).</param>
/// <param name="OtherInterface">For <see cref="BsdArpEvent.WrongInterface"/>: where the reply came in.</param>
public readonly record struct BsdArpLine(DateTimeOffset? Time, BsdArpEvent Event, Ipv4Address Ip, MacAddress Mac, MacAddress? Previous, string? Interface, string? OtherInterface = null);

/// <summary>
/// The ARP messages of FreeBSD's kernel (<c>sys/netinet/if_ether.c</c>), as pfSense, OPNsense, TrueNAS and FreeBSD hosts
/// log them: <c>Apr 13 16:02:36 bast kernel: arp: 10.55.0.62 moved from 78:ca:39:fe:d6:b3 to 14:99:e2:27:0f:48 on em0</c>,
/// RFC 5424 lines (<c>&lt;6&gt;1 2026-11-30T12:13:27.123+00:00 fw kernel - - - arp: ...</c>), or bare from <c>dmesg</c> (no
/// time). Also OpenBSD's and NetBSD's <c>arp info overwritten for IP by MAC</c>. The firewall's ARP cache is a client
/// of the VIP: a move is a change of winner, seen at the time of the line.
/// </summary>
public static partial class BsdKernelArpLines
{
    private const string Ip = @"(?<ip>\d{1,3}(?:\.\d{1,3}){3})";
    private const string MacLike = @"[\w*?#]{1,2}(?:[:-][\w*?#]{1,2}){5}";

    [GeneratedRegex(@"^(?:<\d{1,3}>1 (?<iso>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)) \S+ kernel(?:\[\d+\])? \S+ \S+ (?:-|\[.*?\]) )(?<msg>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc5424();

    [GeneratedRegex(@"^arp: " + Ip + @" moved from (?<old>" + MacLike + @") to (?<mac>" + MacLike + @") on (?<if>[\w.@:-]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Moved();

    [GeneratedRegex(@"^arp: " + Ip + @" is on (?<if>[\w.@:-]+) but got reply from (?<mac>" + MacLike + @") on (?<if2>[\w.@:-]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex WrongInterface();

    [GeneratedRegex(@"^arp: (?<mac>" + MacLike + @") attempts to modify permanent entry for " + Ip + @" on (?<if>[\w.@:-]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Permanent();

    [GeneratedRegex(@"^arp: (?<mac>" + MacLike + @") is using my IP address " + Ip + @"(?: on (?<if>[\w.@:-]+))?!?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex UsingMine();

    [GeneratedRegex(@"^arp(?: info)? overwritten for " + Ip + @" by (?<mac>" + MacLike + @")(?: on (?<if>[\w.@:-]+))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Overwritten();

    [GeneratedRegex(@"^arp: (?<ip>\S+) moved from \S+ to \S+ on \S+\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LooseMoved();

    /// <summary>
    /// The message a line holds; false for other lines (other kernel messages, other programs). <paramref name="problem"/>
    /// is set (and the result false) for a message of these forms whose MAC cannot be read: a redacted or mistyped one.
    /// </summary>
    /// <param name="previous">The time of the line before, for the year of yearless syslog stamps.</param>
    /// <param name="written">When the log was last written, for the first yearless stamp's year.</param>
    public static bool TryParse(string line, DateTimeOffset? previous, out BsdArpLine result, out string? problem, DateTimeOffset? written = null)
    {
        result = default;
        problem = null;
        DateTimeOffset? time = null;
        string message;
        if (Rfc5424().Match(line) is { Success: true } r)
        {
            if (!DateTimeOffset.TryParse(r.Groups["iso"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at)) return false;
            time = at;
            message = r.Groups["msg"].Value;
        }
        else if (SyslogPrefix.TryParse(line, previous, written, out var stamp, out var tag, out var rest) && tag == "kernel")
        {
            time = stamp;
            message = rest;
        }
        else
        {
            // dmesg prints the message alone; pfSense's log page puts the program in a column ("kernel  arp: ..."), and
            // copies of it keep the host without a stamp ("pfsense kernel: arp: ...").
            int at = line.IndexOf("arp", StringComparison.Ordinal);
            if (at < 0) return false;
            var before = line.AsSpan(0, at).TrimEnd();
            if (!before.IsEmpty && !before.EndsWith("kernel:", StringComparison.Ordinal) && !before.EndsWith("kernel", StringComparison.Ordinal)
                && !before.EndsWith("/bsd:", StringComparison.Ordinal)) return false;   // OpenBSD logs its kernel as /bsd
            message = line[at..];
        }
        if (!message.StartsWith("arp", StringComparison.Ordinal)) return false;

        Match m;
        BsdArpEvent kind;
        if ((m = Moved().Match(message)).Success) kind = BsdArpEvent.Moved;
        else if ((m = WrongInterface().Match(message)).Success) kind = BsdArpEvent.WrongInterface;
        else if ((m = Permanent().Match(message)).Success) kind = BsdArpEvent.PermanentModify;
        else if ((m = UsingMine().Match(message)).Success) kind = BsdArpEvent.UsingMyAddress;
        else if ((m = Overwritten().Match(message)).Success) kind = BsdArpEvent.Moved;
        else
        {
            // People hide the address too: "arp: x.x.x.x moved from xx:xx:.. to xx:xx:.. on em0".
            if (LooseMoved().Match(message) is { Success: true } loose && !Ipv4Address.TryParse(loose.Groups["ip"].Value, out _))
                problem = $"the address is redacted ('{loose.Groups["ip"].Value}'): analyze needs the real address to know which VIP moved";
            return false;
        }

        if (!Ipv4Address.TryParse(m.Groups["ip"].Value, out var ip)) return false;
        if (!TryMac(m.Groups["mac"].Value, out var mac, out problem)) return false;
        MacAddress? old = null;
        if (m.Groups["old"].Success)
        {
            if (!TryMac(m.Groups["old"].Value, out var o, out problem)) return false;
            old = o;
        }
        result = new BsdArpLine(time, kind, ip, mac, old,
            m.Groups["if"].Success ? m.Groups["if"].Value : null, m.Groups["if2"].Success ? m.Groups["if2"].Value : null);
        return true;
    }

    private static bool TryMac(string text, out MacAddress mac, out string? problem)
    {
        problem = null;
        if (MacAddress.TryParse(text, out mac)) return true;
        problem = RedactedMacs.TryFind(text, out var placeholder) ? RedactedMacs.Problem(placeholder) : $"'{text}' is not a MAC address (six hexadecimal groups)";
        return false;
    }
}
