using System.Globalization;
using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>What a keepalived VRRP log line says about a host and its VIPs.</summary>
public enum KeepalivedEvent
{
    /// <summary>The instance became MASTER: this host now holds the instance's VIPs (<c>Entering MASTER STATE</c>).</summary>
    Master,
    /// <summary>The instance left MASTER (<c>Entering BACKUP STATE</c>, <c>Entering FAULT STATE</c>, <c>removing VIPs.</c>): this host gave its VIPs up.</summary>
    Left,
    /// <summary>A gratuitous ARP for a VIP (<c>Sending gratuitous ARPs on eth0 for IP</c>): this host claims it.</summary>
    GratuitousArp,
}

/// <summary>One keepalived line, read.</summary>
/// <param name="Host">The host from the syslog prefix; null when the line has none (<c>--log-console</c>, a bare message).</param>
/// <param name="Instance">The VRRP instance (<c>VI_1</c>); null for the per-packet gratuitous ARP line, which names none.</param>
/// <param name="Vip">For <see cref="KeepalivedEvent.GratuitousArp"/>: the address announced.</param>
public readonly record struct KeepalivedLine(DateTimeOffset? Time, string? Host, string? Instance, KeepalivedEvent Event, Ipv4Address? Vip);

/// <summary>
/// keepalived's VRRP log, as syslog writes it (<c>Jun 23 13:41:16 web1 Keepalived_vrrp[3021]: VRRP_Instance(VI_1) Entering MASTER
/// STATE</c>; the tag <c>Keepalived_vrrp</c> or <c>Keepalived</c>) or as <c>--log-console</c> prints it (<c>Fri Sep 17 19:56:59 2021:
/// (VI_1) Entering MASTER STATE</c>). Up to 1.3 the instance is written <c>VRRP_Instance(VI_1)</c>, from 1.4/2.0 <c>(VI_1)</c>.
/// Read: entering MASTER, BACKUP or FAULT state, <c>removing [protocol] VIPs.</c>, and gratuitous ARPs, in each version's
/// words: <c>Sending gratuitous ARPs on eth0 for IP</c> (1.2), <c>Sending/queueing gratuitous ARPs on eth0 for IP</c> (the
/// instance's burst, 1.3 on) and <c>Sending gratuitous ARP on eth0 for IP</c> (each packet, no instance). The lines name
/// the host and the address, never a MAC.
/// </summary>
public static partial class KeepalivedLogLines
{
    public const string Announcer = "keepalived";

    // "Fri Sep 17 19:56:59 2021: " (keepalived's own stamp: --log-console, -l to a file).
    [GeneratedRegex(@"^(?:[A-Z][a-z]{2}) (?<mon>[A-Z][a-z]{2}) +(?<day>\d{1,2}) (?<hms>\d\d:\d\d:\d\d) (?<year>\d{4}): (?<msg>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ConsoleStamp();

    [GeneratedRegex(@"^(?:VRRP_Instance\((?<inst>[^)\s]+)\)|\((?<inst>[^)\s]+)\)) (?:Entering (?<state>MASTER|BACKUP|FAULT) STATE|(?<removing>removing (?:protocol )?VIPs\.)|Sending(?:/queueing)? gratuitous ARPs on (?<if>\S+) for (?<ip>\S+))\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceMessage();

    [GeneratedRegex(@"^Sending gratuitous ARP on (?<if>\S+) for (?<ip>\S+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PacketMessage();

    public static bool IsSignature(string line) => TryParse(line, null, null, out _, out var problem) || problem is not null;

    /// <summary>
    /// What a line says; false for every other line. <paramref name="problem"/> is set (and the result false) for a
    /// gratuitous-ARP line whose address cannot be read (hidden before pasting, or not IPv4).
    /// </summary>
    /// <param name="previous">The time of the line before, for the year of yearless syslog stamps.</param>
    /// <param name="written">When the log was last written, for the year of the first yearless stamp.</param>
    public static bool TryParse(string line, DateTimeOffset? previous, DateTimeOffset? written, out KeepalivedLine result, out string? problem)
    {
        result = default;
        problem = null;
        DateTimeOffset? time = null;
        string? host = null;
        string message;
        if (ConsoleStamp().Match(line) is { Success: true } c)
        {
            if (DateTimeOffset.TryParseExact($"{c.Groups["year"].Value} {c.Groups["mon"].Value} {c.Groups["day"].Value.PadLeft(2, '0')} {c.Groups["hms"].Value}",
                    "yyyy MMM dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                time = at;
            message = c.Groups["msg"].Value;
        }
        else if (SyslogPrefix.TryParse(line, previous, written, out time, out host, out var tag, out message))
        {
            if (!tag.StartsWith("Keepalived", StringComparison.Ordinal)) return false;
        }
        else return false;

        string? instance = null;
        string ip;
        if (InstanceMessage().Match(message) is { Success: true } m)
        {
            instance = m.Groups["inst"].Value;
            if (m.Groups["state"].Success)
            {
                result = new KeepalivedLine(time, host, instance, m.Groups["state"].Value == "MASTER" ? KeepalivedEvent.Master : KeepalivedEvent.Left, null);
                return true;
            }
            if (m.Groups["removing"].Success)
            {
                result = new KeepalivedLine(time, host, instance, KeepalivedEvent.Left, null);
                return true;
            }
            ip = m.Groups["ip"].Value;
        }
        else if (PacketMessage().Match(message) is { Success: true } p)
            ip = p.Groups["ip"].Value;
        else return false;

        if (!Ipv4Address.TryParse(ip, out var vip))
        {
            problem = ip.Contains('x', StringComparison.OrdinalIgnoreCase)
                ? $"the address is redacted ('{ip}'): analyze needs the real address, or at least a different made-up one for each VIP"
                : $"'{ip}' is not an IPv4 address";
            return false;
        }
        result = new KeepalivedLine(time, host, instance, KeepalivedEvent.GratuitousArp, vip);
        return true;
    }
}
