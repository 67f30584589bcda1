using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>What an arpwatch message says about an address: its MAC is new, or it changed.</summary>
public enum ArpwatchEvent
{
    /// <summary><c>new station</c>, <c>new activity</c>: the first MAC seen for the address (or the first in six months).</summary>
    NewStation,
    /// <summary><c>changed ethernet address</c>: a MAC never seen for it before.</summary>
    Changed,
    /// <summary><c>flip flop</c>: back to the MAC before the last one.</summary>
    FlipFlop,
    /// <summary><c>reused old ethernet address</c>: back to an older MAC (like a flip flop, further back).</summary>
    Reused,
}

/// <summary>One arpwatch message about a pairing: the address, the MAC now answering for it and the one before.</summary>
public readonly record struct ArpwatchLine(DateTimeOffset? Time, ArpwatchEvent Event, Ipv4Address Ip, MacAddress Mac, MacAddress? Previous);

/// <summary>
/// arpwatch's syslog messages (arpwatch 2.1a15, <c>arpwatch.c</c> <c>dosyslog</c>: title, IP, MAC, the old MAC in
/// parentheses, the interface): <c>Nov 30 12:13:27 host arpwatch: flip flop 203.0.113.10 b6:56:f5:11:4c:40
/// (22:4b:89:60:84:c4) eth0</c>. MACs may come with single-digit groups (<c>0:c:29:..</c>). Other arpwatch messages
/// (<c>bogon</c>, <c>ethernet mismatch</c>, <c>listening on</c>) and other programs' lines are not pairings.
/// </summary>
public static partial class ArpwatchLines
{
    private const string Mac = @"[0-9a-fA-F]{1,2}(?::[0-9a-fA-F]{1,2}){5}";

    [GeneratedRegex(@"^(?<title>new station|new activity|changed ethernet address|flip flop|reused old ethernet address) (?<ip>\d{1,3}(?:\.\d{1,3}){3}) (?<mac>" + Mac + @")(?: \((?<old>" + Mac + @")\))?(?: \S+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Message();

    public static bool IsSignature(string line) => TryParse(line, null, out _);

    /// <summary>The pairing a line reports; false for every other line. <paramref name="previous"/> dates yearless stamps.</summary>
    /// <param name="written">When the log was last written, for the year of the first yearless stamp.</param>
    public static bool TryParse(string line, DateTimeOffset? previous, out ArpwatchLine result, DateTimeOffset? written = null)
    {
        result = default;
        if (!SyslogPrefix.TryParse(line, previous, written, out var time, out var tag, out var message) || tag != "arpwatch") return false;
        var m = Message().Match(message);
        if (!m.Success || !Ipv4Address.TryParse(m.Groups["ip"].Value, out var ip) || !MacAddress.TryParse(m.Groups["mac"].Value, out var mac))
            return false;
        MacAddress? old = null;
        if (m.Groups["old"].Success)
        {
            if (!MacAddress.TryParse(m.Groups["old"].Value, out var o)) return false;
            old = o;
        }
        var kind = m.Groups["title"].Value switch
        {
            "new station" or "new activity" => ArpwatchEvent.NewStation,
            "changed ethernet address" => ArpwatchEvent.Changed,
            "flip flop" => ArpwatchEvent.FlipFlop,
            _ => ArpwatchEvent.Reused,
        };
        result = new ArpwatchLine(time, kind, ip, mac, old);
        return true;
    }
}
