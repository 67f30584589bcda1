using System.Globalization;
using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>What one line of tshark (or Wireshark) text is.</summary>
public enum TsharkLineKind
{
    /// <summary>Anything else: other protocols, headers, the rest of a <c>-V</c> tree.</summary>
    Noise,
    /// <summary>A packet-list line of an ARP request, reply or gratuitous ARP.</summary>
    Frame,
    /// <summary>Wireshark saying two MACs claim one address: <see cref="TsharkLine.Duplicate"/>.</summary>
    Duplicate,
    /// <summary>An ARP line that cannot be read: <see cref="TsharkLine.Problem"/> says why.</summary>
    Malformed,
}

/// <summary>
/// Wireshark's duplicate-address note: the address, and when it says so the MAC of this frame and the one seen before
/// (<c>-V</c>); <see cref="Count"/> frames in an expert summary (<c>-z expert</c>), 1 otherwise.
/// </summary>
public readonly record struct TsharkDuplicate(Ipv4Address Ip, MacAddress? Mac = null, MacAddress? Other = null, int Count = 1);

/// <summary>One line of tshark text, read. A frame line flagged <c>(duplicate use of IP detected!)</c> has both.</summary>
/// <param name="SourceKnown">The Source column was a MAC, not a vendor-shortened name (<c>VMware_b2:bc:ac</c>).</param>
public readonly record struct TsharkLine(TsharkLineKind Kind, TcpdumpStamp Stamp = default, ArpFrame Frame = default,
    bool SourceKnown = false, TsharkDuplicate? Duplicate = null, string? Problem = null);

/// <summary>
/// tshark's one-line packet list for ARP (Wireshark 3 and 4; <c>tshark -r file</c>, also with <c>-n</c> and <c>-t ad|a|e|r</c>):
/// <c>    1   0.000000 02:00:00:00:00:01 → Broadcast    ARP 42 Who has 203.0.113.10? Tell 203.0.113.1</c>,
/// <c>... ARP 42 203.0.113.10 is at 02:00:00:00:01:03</c>, <c>... ARP 42 Gratuitous ARP for 203.0.113.10 (Request)</c>, with
/// <c>-&gt;</c> for the arrow where the terminal is not UTF-8; and Wireshark's duplicate-address notes in all three places
/// they show: <c>(duplicate use of 203.0.113.10 detected!)</c> after a packet line, <c>[Duplicate IP address detected for
/// 203.0.113.10 (MAC) - also in use by MAC (frame 2)]</c> in <c>-V</c>, and the <c>-z expert</c> row
/// <c>11   Sequence   ARP/RARP  Duplicate IP address configured (203.0.113.10)</c>. Stamps are read as
/// <see cref="TcpdumpStamp"/>s: the default (seconds since the first packet) is <see cref="TcpdumpStampKind.Relative"/>.
/// </summary>
public static partial class TsharkArpLines
{
    private const string Ip = @"\d{1,3}(?:\.\d{1,3}){3}";
    private const string MacLike = @"[\w*?#]{1,2}(?:[:-][\w*?#]{1,2}){5}";

    [GeneratedRegex(@"^\s*\d+\s+(?:(?<date>\d{4}-\d\d-\d\d) (?<tod>\d\d:\d\d:\d\d\.\d{1,9})|(?<tod>\d\d:\d\d:\d\d\.\d{1,9})|(?<epoch>\d{9,11}\.\d{1,9})|(?<rel>\d+\.\d{1,9}))\s+(?<src>\S+)\s+(?:→|->)\s+(?<dst>\S+)\s+ARP\s+\d+\s+(?<info>.*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Packet();

    [GeneratedRegex(@"^Who has (?<target>" + Ip + @")\? Tell (?<sender>" + Ip + @")", RegexOptions.CultureInvariant)]
    private static partial Regex WhoHas();

    [GeneratedRegex(@"^(?<sender>" + Ip + @") is at (?<mac>" + MacLike + @")", RegexOptions.CultureInvariant)]
    private static partial Regex IsAt();

    [GeneratedRegex(@"^(?:Gratuitous ARP for (?<ip>" + Ip + @") \((?<op>Request|Reply)\)|ARP Announcement for (?<ip>" + Ip + @"))", RegexOptions.CultureInvariant)]
    private static partial Regex Gratuitous();

    [GeneratedRegex(@"\(duplicate use of (?<ip>" + Ip + @") detected!\)", RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateUse();

    [GeneratedRegex(@"^\s*\[Duplicate IP address detected for (?<ip>" + Ip + @") \((?<mac>" + MacLike + @")\) - also in use by (?<other>" + MacLike + @") \(frame \d+\)\]\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateDetail();

    [GeneratedRegex(@"^\s*(?<count>\d+)\s+Sequence\s+ARP/RARP\s+Duplicate IP address configured \((?<ip>" + Ip + @")\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ExpertRow();

    /// <summary>Reads one line. Pure.</summary>
    public static TsharkLine Parse(string line)
    {
        if (ExpertRow().Match(line) is { Success: true } e)
        {
            if (!Ipv4Address.TryParse(e.Groups["ip"].Value, out var ip) || !int.TryParse(e.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                return default;
            return new TsharkLine(TsharkLineKind.Duplicate, Duplicate: new TsharkDuplicate(ip, Count: count));
        }
        if (DuplicateDetail().Match(line) is { Success: true } d)
        {
            if (!Ipv4Address.TryParse(d.Groups["ip"].Value, out var ip)) return default;
            if (!MacAddress.TryParse(d.Groups["mac"].Value, out var mac)) return BadMac(d.Groups["mac"].Value);
            if (!MacAddress.TryParse(d.Groups["other"].Value, out var other)) return BadMac(d.Groups["other"].Value);
            return new TsharkLine(TsharkLineKind.Duplicate, Duplicate: new TsharkDuplicate(ip, mac, other));
        }
        var m = Packet().Match(line);
        if (!m.Success) return default;
        if (!TryStamp(m, out var stamp)) return new TsharkLine(TsharkLineKind.Malformed, Problem: "the time stamp is not a valid time");
        var info = m.Groups["info"].Value;
        bool sourceKnown = MacAddress.TryParse(m.Groups["src"].Value, out var src);
        if (!sourceKnown && RedactedMacs.TryFind(m.Groups["src"].Value, out var hidden))
            return new TsharkLine(TsharkLineKind.Malformed, stamp, Problem: RedactedMacs.Problem(hidden));
        var dst = m.Groups["dst"].Value == "Broadcast" ? MacAddress.Broadcast
            : MacAddress.TryParse(m.Groups["dst"].Value, out var to) ? to : MacAddress.Zero;
        TsharkDuplicate? duplicate = DuplicateUse().Match(info) is { Success: true } du && Ipv4Address.TryParse(du.Groups["ip"].Value, out var dupIp)
            ? new TsharkDuplicate(dupIp, sourceKnown ? src : null) : null;

        ArpFrame frame;
        if (WhoHas().Match(info) is { Success: true } rq)
        {
            var target = Ipv4Address.Parse(rq.Groups["target"].Value);
            var sender = Ipv4Address.Parse(rq.Groups["sender"].Value);
            if (sender == target && !sourceKnown) return NameOnly(stamp, m.Groups["src"].Value);
            frame = new ArpFrame(dst, src, null, ArpOperation.Request, src, sender, MacAddress.Zero, target);
        }
        else if (IsAt().Match(info) is { Success: true } rp)
        {
            if (!MacAddress.TryParse(rp.Groups["mac"].Value, out var mac)) return BadMac(rp.Groups["mac"].Value);
            frame = new ArpFrame(dst, sourceKnown ? src : mac, null, ArpOperation.Reply, mac, Ipv4Address.Parse(rp.Groups["sender"].Value), dst, Ipv4Address.Any);
        }
        else if (Gratuitous().Match(info) is { Success: true } g)
        {
            // The announcer's MAC is only in the Source column here; a vendor-shortened name cannot be turned back.
            if (!sourceKnown) return NameOnly(stamp, m.Groups["src"].Value);
            var ip = Ipv4Address.Parse(g.Groups["ip"].Value);
            var op = g.Groups["op"].Value == "Reply" ? ArpOperation.Reply : ArpOperation.Request;
            frame = new ArpFrame(dst, src, null, op, src, ip, op == ArpOperation.Reply ? dst : MacAddress.Zero, ip);
        }
        else
        {
            if (RedactedMacs.TryFind(info, out var placeholder)) return new TsharkLine(TsharkLineKind.Malformed, stamp, Problem: RedactedMacs.Problem(placeholder));
            return default;   // ARP probes of IPv6 hosts, RARP, malformed packets Wireshark itself flags
        }
        return new TsharkLine(TsharkLineKind.Frame, stamp, frame, sourceKnown, duplicate);
    }

    private static TsharkLine NameOnly(TcpdumpStamp stamp, string source) => new(TsharkLineKind.Malformed, stamp,
        Problem: $"tshark shortened the announcer's MAC to '{source}': run it with -n so the whole MAC is printed");

    private static TsharkLine BadMac(string text) => new(TsharkLineKind.Malformed,
        Problem: RedactedMacs.TryFind(text, out var placeholder) ? RedactedMacs.Problem(placeholder) : $"'{text}' is not a MAC address (six hexadecimal groups)");

    private static bool TryStamp(Match m, out TcpdumpStamp stamp)
    {
        stamp = default;
        if (m.Groups["rel"].Success)
        {
            if (!decimal.TryParse(m.Groups["rel"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) || s > 10_000_000m) return false;
            stamp = new TcpdumpStamp(TcpdumpStampKind.Relative, Offset: TimeSpan.FromTicks((long)(s * TimeSpan.TicksPerSecond)));
            return true;
        }
        if (m.Groups["epoch"].Success)
        {
            if (!decimal.TryParse(m.Groups["epoch"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s)) return false;
            var at = DateTimeOffset.UnixEpoch.AddTicks((long)(s * TimeSpan.TicksPerSecond));
            if (!DateStamps.Plausible(at)) return false;
            stamp = new TcpdumpStamp(TcpdumpStampKind.Epoch, at);
            return true;
        }
        var tod = m.Groups["tod"].Value;
        int dot = tod.IndexOf('.');
        if (dot > 0 && tod.Length - dot - 1 > 7) tod = tod[..(dot + 8)];
        if (!TimeSpan.TryParseExact(tod, @"hh\:mm\:ss\.FFFFFFF", CultureInfo.InvariantCulture, out var ofDay)) return false;
        return TcpdumpStamp.TryOf(m.Groups["date"], ofDay, out stamp);
    }
}
