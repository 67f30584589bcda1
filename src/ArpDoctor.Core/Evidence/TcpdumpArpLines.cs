using System.Globalization;
using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// One line of <c>tcpdump -n [-e] [-tttt] arp</c> text, as pasted into tickets, turned back into the ARP frame it
/// describes: <c>11:40:56.694637 56:bf:b1:65:48:3a &gt; ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request
/// who-has 203.0.113.10 (ff:ff:ff:ff:ff:ff) tell 192.0.2.2, length 28</c>, <c>... ARP, Reply 203.0.113.10 is-at
/// de:cb:35:de:75:d0, length 28</c>. Without <c>-e</c> a request's sender MAC is unknown (zero, which probes do not need),
/// and an announcement cannot be credited to anyone, so it is skipped. <c>-tttt</c> prints local time; it is read as UTC.
/// </summary>
public static partial class TcpdumpArpLines
{
    [GeneratedRegex(@"^(?:(?<date>\d{4}-\d\d-\d\d) )?(?<time>\d\d:\d\d:\d\d\.\d{1,9}) (?:(?<src>[0-9a-f]{2}(?::[0-9a-f]{2}){5}) > (?<dst>[0-9a-f]{2}(?::[0-9a-f]{2}){5}), ethertype ARP \(0x0806\), length \d+: |ARP, )(?<body>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Line();

    [GeneratedRegex(@"^Request who-has (?<target>\d+\.\d+\.\d+\.\d+)(?: \([0-9a-f:]+\))? tell (?<sender>\d+\.\d+\.\d+\.\d+), length \d+$", RegexOptions.CultureInvariant)]
    private static partial Regex Request();

    [GeneratedRegex(@"^Reply (?<sender>\d+\.\d+\.\d+\.\d+) is-at (?<mac>[0-9a-f]{2}(?::[0-9a-f]{2}){5}), length \d+$", RegexOptions.CultureInvariant)]
    private static partial Regex Reply();

    /// <summary>Whether <paramref name="line"/> is tcpdump's rendering of an ARP frame (the recognition signature).</summary>
    public static bool IsSignature(string line) => Line().Match(line) is { Success: true } m && (Request().IsMatch(m.Groups["body"].Value) || Reply().IsMatch(m.Groups["body"].Value));

    /// <summary>
    /// The frame and its time: a full date with <c>-tttt</c>; otherwise the time of day on day zero (1970-01-01), moved a
    /// day on when the clock goes back over midnight (<paramref name="previous"/>). False for other tcpdump lines.
    /// </summary>
    public static bool TryParse(string line, DateTimeOffset? previous, out DateTimeOffset time, out ArpFrame frame)
    {
        time = default;
        frame = default;
        var m = Line().Match(line);
        if (!m.Success) return false;
        var src = m.Groups["src"].Success ? MacAddress.Parse(m.Groups["src"].Value) : MacAddress.Zero;
        var dst = m.Groups["dst"].Success ? MacAddress.Parse(m.Groups["dst"].Value) : MacAddress.Broadcast;
        var body = m.Groups["body"].Value;
        if (Request().Match(body) is { Success: true } rq)
        {
            var sender = Ipv4Address.Parse(rq.Groups["sender"].Value);
            var target = Ipv4Address.Parse(rq.Groups["target"].Value);
            // An announcement names its announcer only in the Ethernet header (-e); without it there is no one to credit.
            if (sender == target && !m.Groups["src"].Success) return false;
            frame = new ArpFrame(dst, src, null, ArpOperation.Request, src, sender, MacAddress.Zero, target);
        }
        else if (Reply().Match(body) is { Success: true } rp)
        {
            var mac = MacAddress.Parse(rp.Groups["mac"].Value);
            frame = new ArpFrame(dst, m.Groups["src"].Success ? src : mac, null, ArpOperation.Reply, mac, Ipv4Address.Parse(rp.Groups["sender"].Value), dst, Ipv4Address.Any);
        }
        else
        {
            return false;
        }
        if (!TimeSpan.TryParseExact(m.Groups["time"].Value, @"hh\:mm\:ss\.FFFFFFF", CultureInfo.InvariantCulture, out var ofDay)) return false;
        if (m.Groups["date"].Success)
        {
            if (!DateTime.TryParseExact(m.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day)) return false;
            time = new DateTimeOffset(day.Date + ofDay, TimeSpan.Zero);
            return true;
        }
        var date = previous is { } p ? p.UtcDateTime.Date : DateTime.UnixEpoch;
        time = new DateTimeOffset(date + ofDay, TimeSpan.Zero);
        if (previous is { } before && before - time > TimeSpan.FromHours(12)) time = time.AddDays(1);
        return true;
    }
}
