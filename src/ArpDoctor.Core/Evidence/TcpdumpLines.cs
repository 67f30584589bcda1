using System.Globalization;
using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>How a tcpdump line is stamped (its <c>-t</c> options).</summary>
public enum TcpdumpStampKind
{
    /// <summary><c>-t</c>: no stamp; only the order of the lines tells time.</summary>
    None,
    /// <summary>The default: time of day (<c>11:40:56.694637</c>), local time, no date.</summary>
    TimeOfDay,
    /// <summary><c>-tttt</c>: date and time of day (<c>2026-11-30 11:40:56.694637</c>), local time.</summary>
    Date,
    /// <summary><c>-tt</c>: seconds since 1970 (<c>1796610231.101160</c>), UTC by definition.</summary>
    Epoch,
    /// <summary>
    /// <c>-ttt</c> (since the line before) or <c>-ttttt</c> (since the first line): an indented duration
    /// (<c> 00:00:01.016681</c>). One line cannot tell the two apart; <see cref="TcpdumpClock"/> can.
    /// </summary>
    Relative,
}

/// <summary>A tcpdump line's stamp: <see cref="At"/> for dated kinds, <see cref="Offset"/> (time of day or duration) otherwise.</summary>
public readonly record struct TcpdumpStamp(TcpdumpStampKind Kind, DateTimeOffset? At = null, TimeSpan Offset = default)
{
    /// <summary>
    /// A time of day, dated when <paramref name="date"/> (<c>yyyy-MM-dd</c>, as tcpdump <c>-tttt</c> and tshark
    /// <c>-t ad</c> print it) matched; false when that date is not a date.
    /// </summary>
    public static bool TryOf(Group date, TimeSpan ofDay, out TcpdumpStamp stamp)
    {
        stamp = new TcpdumpStamp(TcpdumpStampKind.TimeOfDay, Offset: ofDay);
        if (!date.Success) return true;
        if (!DateTime.TryParseExact(date.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
            return false;
        stamp = new TcpdumpStamp(TcpdumpStampKind.Date, new DateTimeOffset(day.Date + ofDay, TimeSpan.Zero), ofDay);
        return true;
    }
}

/// <summary>What one line of tcpdump text is.</summary>
public enum TcpdumpLineKind
{
    /// <summary>Not an ARP frame: a banner, the counters at the end, another protocol, prose around a paste.</summary>
    Noise,
    /// <summary>A line of <c>-x</c>/<c>-xx</c>/<c>-X</c>/<c>-XX</c> hex dump under a frame: part of the frame above, not evidence of its own.</summary>
    HexDump,
    /// <summary>An IPv4-over-Ethernet ARP request or reply.</summary>
    Frame,
    /// <summary>An ARP line that cannot be read (a mistyped or redacted MAC, names instead of addresses): <see cref="TcpdumpLine.Problem"/> says why.</summary>
    Malformed,
}

/// <summary>One line of tcpdump text, read.</summary>
/// <param name="HasEthernetHeader">The line shows the Ethernet header (<c>-e</c>): its source MAC is real, not taken from the ARP body.</param>
/// <param name="Interface">With <c>-i any</c>: the interface and direction (<c>eth0 Out</c>).</param>
public readonly record struct TcpdumpLine(TcpdumpLineKind Kind, TcpdumpStamp Stamp = default, ArpFrame Frame = default,
    bool HasEthernetHeader = false, string? Interface = null, string? Problem = null);

/// <summary>
/// tcpdump's (4.9, 4.99) rendering of ARP frames in every common form, one line at a time:
/// the default, <c>-v</c>/<c>-vv</c> (<c>ARP, Ethernet (len 6), IPv4 (len 4), Request ...</c>), <c>-e</c> with and
/// without <c>-q</c> (<c>SRC &gt; DST, ethertype ARP (0x0806), length 42: ...</c>, <c>SRC &gt; DST, ARP, length 42: ...</c>),
/// 802.1Q and QinQ tags under <c>-e</c> (<c>ethertype 802.1Q (0x8100), length 64: vlan 1000, p 0, ethertype ARP (0x0806), ...</c>,
/// <c>802.1Q, length 64: vlan 1000, p 0, ARP, ...</c>), <c>-i any</c> (<c>eth0  Out ARP, ...</c>, <c>eth0  In  ifindex 2 SRC
/// ethertype ARP (0x0806), ...</c>), names left on (<c>(Broadcast)</c>, <c>(oui Unknown)</c>), every stamp
/// (<see cref="TcpdumpStampKind"/>) and the hex dump lines of <c>-x</c>/<c>-X</c> between frames.
/// </summary>
public static partial class TcpdumpLines
{
    // Six groups of one or two characters: a MAC, or a redacted one, which is told apart after the match.
    private const string MacLike = @"[\w*?#]{1,2}(?:[:-][\w*?#]{1,2}){5}";

    [GeneratedRegex(@"^(?:(?<date>\d{4}-\d\d-\d\d) (?<tod>\d\d:\d\d:\d\d\.\d{1,9})|(?<epoch>\d{9,11}\.\d{1,9})|(?<rel>[ \t]+\d\d:\d\d:\d\d\.\d{1,9})|(?<tod>\d\d:\d\d:\d\d\.\d{1,9}))?[ \t]*" +
        @"(?:(?<if>[\w.@:-]+)[ \t]+(?<dir>In|Out|B|M|P)[ \t]+(?:ifindex \d+ )?|(?<dir>In|Out|B|M|P)[ \t]+)?" +
        @"(?:(?<src>" + MacLike + @")(?: > (?<dst>" + MacLike + @"),)? )?" +
        @"(?:(?:ethertype )?(?:802\.1Q(?:-QinQ)?|802\.1ad)(?: \(0x[0-9a-f]{4}\))?, (?:length \d+: )?vlan (?<vlan>\d+), p \d+, (?:DEI, )?)*" +
        @"(?:ethertype ARP \(0x0806\), (?:length \d+: )?|ARP, (?:length \d+: )?)" +
        @"(?:Ethernet \(len 6\), IPv4 \(len 4\), )?(?<body>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Line();

    [GeneratedRegex(@"^Request who-has (?<target>\S+?)(?: \((?<tmac>[^)]*)\))? tell (?<sender>\S+?)(?: \([^)]*\))?, length \d+\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Request();

    [GeneratedRegex(@"^Reply (?<sender>\S+?) is-at (?<mac>\S+?)(?: \([^)]*\))?, length \d+\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Reply();

    [GeneratedRegex(@"^\s+0x[0-9a-f]{4}:\s", RegexOptions.CultureInvariant)]
    private static partial Regex Hex();

    /// <summary>Reads one line. Pure: the same line always reads the same.</summary>
    public static TcpdumpLine Parse(string line)
    {
        if (line.Length > 0 && char.IsWhiteSpace(line[0]) && Hex().IsMatch(line)) return new TcpdumpLine(TcpdumpLineKind.HexDump);
        var m = Line().Match(line);
        if (!m.Success) return default;
        var body = m.Groups["body"].Value;
        if (!body.StartsWith("Request ", StringComparison.Ordinal) && !body.StartsWith("Reply ", StringComparison.Ordinal))
            return default;   // RARP, InARP, ATM ARP, a truncated frame ([|ARP]): not IPv4-over-Ethernet ARP
        if (!TryStamp(m, out var stamp)) return Malformed(line, "the time stamp is not a valid time");
        bool header = m.Groups["src"].Success;
        MacAddress src = MacAddress.Zero, dst = MacAddress.Broadcast;
        if (header)
        {
            if (!MacAddress.TryParse(m.Groups["src"].Value, out src)) return BadMac(line, m.Groups["src"].Value);
            // -i any shows only the source; the destination of a request is the broadcast, of a reply it is unknown.
            if (m.Groups["dst"].Success && !MacAddress.TryParse(m.Groups["dst"].Value, out dst)) return BadMac(line, m.Groups["dst"].Value);
        }
        ushort? vlan = null;
        if (m.Groups["vlan"].Success && ushort.TryParse(m.Groups["vlan"].Captures[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id < 4096)
            vlan = id;
        string? iface = m.Groups["if"].Success ? $"{m.Groups["if"].Value} {m.Groups["dir"].Value}" : m.Groups["dir"].Success ? m.Groups["dir"].Value : null;

        ArpFrame frame;
        if (Request().Match(body) is { Success: true } rq)
        {
            if (!Ipv4Address.TryParse(rq.Groups["target"].Value, out var target) || !Ipv4Address.TryParse(rq.Groups["sender"].Value, out var sender))
                return Names(line);
            frame = new ArpFrame(dst, src, vlan, ArpOperation.Request, src, sender, MacAddress.Zero, target);
        }
        else if (Reply().Match(body) is { Success: true } rp)
        {
            if (!Ipv4Address.TryParse(rp.Groups["sender"].Value, out var sender)) return Names(line);
            var macText = rp.Groups["mac"].Value;
            if (!MacAddress.TryParse(macText, out var mac)) return BadMac(line, macText);
            // Without -e the Ethernet source is the ARP sender (what a reply normally carries); the asker is not shown.
            frame = new ArpFrame(dst, header ? src : mac, vlan, ArpOperation.Reply, mac, sender, dst, Ipv4Address.Any);
        }
        else
        {
            return RedactedMacs.TryFind(body, out var placeholder)
                ? new TcpdumpLine(TcpdumpLineKind.Malformed, stamp, Problem: RedactedMacs.Problem(placeholder))
                : new TcpdumpLine(TcpdumpLineKind.Malformed, stamp, Problem: "an ARP request or reply tcpdump prints differently ('Request who-has IP tell IP, length N', 'Reply IP is-at MAC, length N')");
        }
        return new TcpdumpLine(TcpdumpLineKind.Frame, stamp, frame, header, iface);
    }

    private static TcpdumpLine BadMac(string line, string text) =>
        RedactedMacs.TryFind(text, out var placeholder)
            ? Malformed(line, RedactedMacs.Problem(placeholder))
            : Malformed(line, $"'{text}' is not a MAC address (six hexadecimal groups)");

    private static TcpdumpLine Names(string line) =>
        Malformed(line, "tcpdump printed host names, not addresses: run it with -n");

    private static TcpdumpLine Malformed(string line, string problem) => new(TcpdumpLineKind.Malformed, Problem: problem);

    private static bool TryStamp(Match m, out TcpdumpStamp stamp)
    {
        stamp = new TcpdumpStamp(TcpdumpStampKind.None);
        if (m.Groups["epoch"].Success)
        {
            if (!decimal.TryParse(m.Groups["epoch"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)) return false;
            var at = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            if (!DateStamps.Plausible(at)) return false;
            stamp = new TcpdumpStamp(TcpdumpStampKind.Epoch, at);
            return true;
        }
        if (m.Groups["rel"].Success)
        {
            if (!TryDuration(m.Groups["rel"].Value.Trim(), out var offset)) return false;
            stamp = new TcpdumpStamp(TcpdumpStampKind.Relative, Offset: offset);
            return true;
        }
        if (!m.Groups["tod"].Success) return true;
        if (!TryDuration(m.Groups["tod"].Value, out var ofDay) || ofDay >= TimeSpan.FromDays(1)) return false;
        return TcpdumpStamp.TryOf(m.Groups["date"], ofDay, out stamp);
    }

    // hh:mm:ss.f to 9 digits (nanosecond captures); TimeSpan reads 7, the rest is below a tick.
    private static bool TryDuration(string text, out TimeSpan value)
    {
        int dot = text.IndexOf('.');
        if (dot > 0 && text.Length - dot - 1 > 7) text = text[..(dot + 8)];
        return TimeSpan.TryParseExact(text, @"hh\:mm\:ss\.FFFFFFF", CultureInfo.InvariantCulture, out value);
    }
}
