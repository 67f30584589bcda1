using System.Globalization;
using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// kube-vip's log in ARP mode, in the three formats its versions wrote, optionally after a <c>stern</c> or
/// <c>kubectl --prefix</c> prefix: logrus up to 0.8 (<c>time="2021-09-30T13:28:30Z" level=info msg="Broadcasting ARP update
/// for 192.168.0.100 (52:54:00:d4:04:50) via enp1s0"</c>), slog from 0.9 (<c>2026/08/19 09:42:24 INFO new leader elected
/// "new leader"=harv31</c>, or <c>time=... level=INFO msg="..."</c>), and client-go's leader election in klog
/// (<c>I0930 13:28:30.949902  1 leaderelection.go:253] successfully acquired lease kube-system/plndr-cp-lock</c>). Read:
/// gratuitous ARPs with their MAC (announcements), VIPs taken, leaders elected, leases won and lost, and the node name the
/// pod runs under. klog stamps have no year: the line before's, else <see cref="SyslogPrefix.YearlessBase"/>.
/// </summary>
public static partial class KubeVipLogLines
{
    public const string Announcer = "kube-vip";
    private const string Ip = @"\d{1,3}(?:\.\d{1,3}){3}";
    private const string MacLike = @"[\w*?#]{1,2}(?:[:-][\w*?#]{1,2}){5}";

    [GeneratedRegex(@"(?:^|\s)time=""?(?<iso>\d{4}-\d\d-\d\dT[^""\s]+)""? level=""?\w+""? msg=(?:""(?<msg>(?:[^""\\]|\\.)*)""|(?<msg>\S+))(?<attrs>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"(?:^|\s)(?<date>\d{4}/\d\d/\d\d) (?<hms>\d\d:\d\d:\d\d(?:\.\d{1,9})?) (?:DEBUG|INFO|WARN|ERROR) (?<msg>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Slog();

    [GeneratedRegex(@"(?:^|\s)[IWE](?<mmdd>\d{4}) (?<hms>\d\d:\d\d:\d\d\.\d{1,9})\s+\d+ [\w.-]+:\d+\] (?<msg>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Klog();

    [GeneratedRegex(@"Broadcasting ARP update for (?<ip>" + Ip + @") \((?<mac>" + MacLike + @")\) via (?<if>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex Broadcast();

    [GeneratedRegex(@"Gratuitous Arp broadcast will repeat every \d+ seconds for \[(?<ips>[^\]]*)\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Repeat();

    [GeneratedRegex(@"Node \[(?<node>[^\]]+)\] is assuming leadership of the cluster|new leader elected: (?<node>\S+)|new leader elected ""new leader""=(?<node>[^\s""]+)|new leader elected\b.*?\bid=(?<node>[^\s""]+)|\b[Nn]ew leader leader=(?<node>[^\s""]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Leader();

    [GeneratedRegex(@"This node is (?:starting with|assuming) leadership of the cluster|This node is leader and is adopting the virtual IP|[Ss]uccessfully acquired lease", RegexOptions.CultureInvariant)]
    private static partial Regex Acquired();

    [GeneratedRegex(@"\(svcs\) adding VIP ip=(?<ip>" + Ip + @")|took over VIP as new leader IP=(?<ip>" + Ip + @")", RegexOptions.CultureInvariant)]
    private static partial Regex AddingVip();

    [GeneratedRegex(@"Using node name \[(?<node>[^\]]+)\]|using node name name=(?<node>[^\s""]+)", RegexOptions.CultureInvariant)]
    private static partial Regex NodeName();

    [GeneratedRegex(@"\blost leadership\b", RegexOptions.CultureInvariant)]
    private static partial Regex Lost();

    [GeneratedRegex(Ip, RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    [GeneratedRegex(@"\bservice=(?<svc>[^\s""]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Service();

    /// <summary>
    /// What a line says; false for every other line. <paramref name="problem"/> is set (and the result false) for a
    /// gratuitous-ARP line whose MAC cannot be read (redacted or mistyped).
    /// </summary>
    public static bool TryParse(string line, DateTimeOffset? previous, out AnnouncerLogLine result, out string? problem)
    {
        result = default;
        problem = null;
        if (!TrySplit(line, previous, out var time, out var message)) return false;

        if (Broadcast().Match(message) is { Success: true } b)
        {
            if (!MacAddress.TryParse(b.Groups["mac"].Value, out var mac))
            {
                problem = RedactedMacs.TryFind(b.Groups["mac"].Value, out var placeholder) ? RedactedMacs.Problem(placeholder)
                    : $"'{b.Groups["mac"].Value}' is not a MAC address (six hexadecimal groups)";
                return false;
            }
            result = new AnnouncerLogLine(time, Announcer, AnnouncerEvent.Broadcast, [Ipv4Address.Parse(b.Groups["ip"].Value)], Mac: mac);
            return true;
        }
        if (Repeat().Match(message) is { Success: true } r)
        {
            result = new AnnouncerLogLine(time, Announcer, AnnouncerEvent.Claimed, Addresses(r.Groups["ips"].Value));
            return true;
        }
        if (AddingVip().Match(message) is { Success: true } a)
        {
            result = new AnnouncerLogLine(time, Announcer, AnnouncerEvent.Claimed, [Ipv4Address.Parse(a.Groups["ip"].Value)], Service: ServiceOf(message));
            return true;
        }
        if (Leader().Match(message) is { Success: true } l)
        {
            result = new AnnouncerLogLine(time, Announcer, AnnouncerEvent.LeaderElected, [], Node: l.Groups["node"].Value.TrimEnd('"'), Service: ServiceOf(message));
            return true;
        }
        if (Acquired().IsMatch(message))
        {
            result = new AnnouncerLogLine(time, Announcer, AnnouncerEvent.LeaseAcquired, []);
            return true;
        }
        if (NodeName().Match(message) is { Success: true } n)
        {
            result = new AnnouncerLogLine(time, Announcer, AnnouncerEvent.Identity, [], Node: n.Groups["node"].Value);
            return true;
        }
        if (Lost().IsMatch(message))
        {
            result = new AnnouncerLogLine(time, Announcer, AnnouncerEvent.Released, []);
            return true;
        }
        return false;
    }

    private static string? ServiceOf(string message) => Service().Match(message) is { Success: true } s ? s.Groups["svc"].Value : null;

    private static List<Ipv4Address> Addresses(string text)
    {
        var list = new List<Ipv4Address>();
        foreach (Match m in Address().Matches(text))
            if (Ipv4Address.TryParse(m.Value, out var ip)) list.Add(ip);
        return list;
    }

    private static bool TrySplit(string line, DateTimeOffset? previous, out DateTimeOffset? time, out string message)
    {
        time = null;
        message = "";
        if (KeyValue().Match(line) is { Success: true } kv)
        {
            if (DateTimeOffset.TryParse(kv.Groups["iso"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                && DateStamps.Plausible(at))
                time = at;
            message = kv.Groups["msg"].Value.Replace("\\\"", "\"", StringComparison.Ordinal) + kv.Groups["attrs"].Value;
            return true;
        }
        if (Slog().Match(line) is { Success: true } s)
        {
            if (DateTimeOffset.TryParseExact($"{s.Groups["date"].Value} {s.Groups["hms"].Value}", ["yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss.FFFFFFFFF"],
                    CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) && DateStamps.Plausible(at))
                time = at;
            message = s.Groups["msg"].Value;
            return true;
        }
        if (Klog().Match(line) is { Success: true } k)
        {
            int year = previous?.Year ?? SyslogPrefix.YearlessBase;
            var hms = k.Groups["hms"].Value;
            int dot = hms.IndexOf('.');
            if (dot > 0 && hms.Length - dot - 1 > 7) hms = hms[..(dot + 8)];
            if (DateTimeOffset.TryParseExact($"{year}{k.Groups["mmdd"].Value} {hms}", "yyyyMMdd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                time = previous is { } p && p - at > TimeSpan.FromDays(183) ? at.AddYears(1) : at;
            message = k.Groups["msg"].Value;
            return true;
        }
        return false;
    }
}
