using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// One line of iputils <c>arping</c> output (LC_ALL=C):
/// <code>
/// ARPING 203.0.113.10 from 203.0.113.1 eth0
/// Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.572ms
/// Sent 5 probes (5 broadcast(s))
/// Received 20 response(s)
/// </code>
/// A reply may carry a prefix (a log time stamp) and a <c>for IP [MAC]</c> part; <c>UNSOLICITED?</c>
/// stands where the round trip would be when arping had sent nothing yet.
/// </summary>
public static class IputilsArpingLines
{
    /// <summary>A reply line that cannot be read (a mistyped or redacted MAC, a cut line); other damaged lines are only errors inside a run.</summary>
    public static bool IsDamaged(string line) => line.Contains(" reply from ", StringComparison.Ordinal) && Parse(line).Kind == LineKind.Malformed;

    public static EvidenceLine Parse(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        if (line.IsEmpty) return EvidenceLine.Noise;
        int at = line.IndexOf(" from ", StringComparison.Ordinal);
        if (at > 0 && (line[..at].EndsWith("reply", StringComparison.Ordinal) || line[..at].EndsWith("request", StringComparison.Ordinal)))
            return Reply(line, at);
        if (line.StartsWith("ARPING ", StringComparison.Ordinal))
        {
            var target = TextScan.Token(line[7..], out var rest);
            if (!TextScan.Token(rest, out _).SequenceEqual("from")) return EvidenceLine.Noise;
            return Ipv4Address.TryParse(target, out var vip)
                ? new EvidenceLine(LineKind.RunStart, Ip: vip)
                : EvidenceLine.Bad("ARPING line without an IPv4 target");
        }
        if (line.StartsWith("Sent ", StringComparison.Ordinal) && line.Contains(" probe", StringComparison.Ordinal))
        {
            if (!TextScan.TryLeadingInt(line[5..], out var sent, out var rest)) return EvidenceLine.Bad("probe count is not a number");
            int? broadcasts = null;
            int open = rest.IndexOf('(');
            if (open >= 0 && TextScan.TryLeadingInt(rest[(open + 1)..], out var b, out _)) broadcasts = b;
            return new EvidenceLine(LineKind.Summary, Sent: sent, Broadcasts: broadcasts);
        }
        if (line.StartsWith("Received ", StringComparison.Ordinal) && line.Contains(" response", StringComparison.Ordinal))
        {
            return TextScan.TryLeadingInt(line[9..], out var received, out _)
                ? new EvidenceLine(LineKind.Summary, Received: received)
                : EvidenceLine.Bad("response count is not a number");
        }
        if (DateStamps.TryParse(line, out var stamp)) return new EvidenceLine(LineKind.Stamp, Time: stamp);
        return EvidenceLine.Noise;
    }

    // "[prefix ]Unicast reply from 203.0.113.10 [02:00:00:00:01:01] [for IP [MAC]]  0.572ms"
    private static EvidenceLine Reply(ReadOnlySpan<char> line, int fromAt)
    {
        var head = line[..fromAt];
        bool isRequest = head.EndsWith("request", StringComparison.Ordinal);
        int sp = head.LastIndexOf(' ');
        head = head[..Math.Max(sp, 0)].TrimEnd();
        int sp2 = head.LastIndexOf(' ');
        var cast = sp2 >= 0 ? head[(sp2 + 1)..] : head;
        if (!cast.SequenceEqual("Unicast") && !cast.SequenceEqual("Broadcast")) return EvidenceLine.Noise;
        DateTimeOffset? time = null;
        var prefix = head[..^cast.Length].Trim();
        if (!prefix.IsEmpty && DateStamps.TryParse(prefix, out var t)) time = t;

        var rest = line[(fromAt + 6)..];
        var ipText = TextScan.Token(rest, out rest);
        if (!Ipv4Address.TryParse(ipText, out var ip)) return EvidenceLine.Bad("reply without a sender IPv4 address");
        rest = rest.TrimStart();
        int close = rest.IndexOf(']');
        if (!rest.StartsWith('[') || close < 0) return EvidenceLine.Bad("reply without a [MAC]");
        if (!TextScan.TryMac(rest[1..close], out var mac))
        {
            var text = rest[1..close].ToString();
            return EvidenceLine.Bad(RedactedMacs.TryFind(text, out var placeholder)
                ? RedactedMacs.Problem(placeholder)
                : $"'{text}' is not a MAC address (six hexadecimal groups)");
        }
        rest = rest[(close + 1)..].Trim();
        if (rest.StartsWith("for ", StringComparison.Ordinal))
        {
            int end = rest.IndexOf(']');
            rest = end < 0 ? [] : rest[(end + 1)..].Trim();
        }
        TimeSpan? rtt = null;
        if (rest.EndsWith("ms", StringComparison.Ordinal) && TextScan.TryDouble(rest[..^2], out var ms))
            rtt = TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));
        else if (!rest.IsEmpty && !rest.StartsWith("UNSOLICITED", StringComparison.Ordinal))
            return EvidenceLine.Bad("reply with an unreadable round-trip time");
        // A request is a gratuitous ARP (arping -U elsewhere): evidence of who claims the IP, not a reply.
        return isRequest
            ? new EvidenceLine(LineKind.Noise)
            : new EvidenceLine(LineKind.Reply, ip, mac, rtt, time, Duplicate: 1);
    }
}
