using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// One line of Thomas Habets' <c>arping</c> output:
/// <code>
/// ARPING 203.0.113.10
/// 42 bytes from 02:00:00:00:01:01 (203.0.113.10): index=0 time=21.942 usec
/// Timeout
/// --- 203.0.113.10 statistics ---
/// 4 packets transmitted, 16 packets received,   0% unanswered (12 extra)
/// </code>
/// <c>index</c> counts replies, not probes; <c>time</c> is measured from the last probe sent.
/// </summary>
public static class HabetsArpingLines
{
    /// <summary>
    /// A reply line whose MAC (six groups) cannot be read; other damaged lines are only errors inside a run (ping's
    /// <c>64 bytes from IP: icmp_seq=1</c> is not damage but another tool).
    /// </summary>
    public static bool IsDamaged(string line)
    {
        int at = line.IndexOf(" bytes from ", StringComparison.Ordinal);
        if (at < 0) return false;
        var token = TextScan.Token(line.AsSpan(at + 12), out _);
        return token.Count(':') + token.Count('-') == 5 && Parse(line).Kind == LineKind.Malformed;
    }

    public static EvidenceLine Parse(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        if (line.IsEmpty) return EvidenceLine.Noise;
        int at = line.IndexOf(" bytes from ", StringComparison.Ordinal);
        if (at > 0 && TextScan.TryLeadingInt(line[..at], out _, out var before) && before.IsEmpty)
            return Reply(line[(at + 12)..]);
        if (line.SequenceEqual("Timeout")) return new EvidenceLine(LineKind.Timeout);
        if (line.StartsWith("ARPING ", StringComparison.Ordinal))
        {
            var target = TextScan.Token(line[7..], out var rest);
            // "ARPING x from y iface" is iputils; Habets prints the target alone.
            if (!rest.IsEmpty) return EvidenceLine.Noise;
            return Ipv4Address.TryParse(target, out var vip) ? new EvidenceLine(LineKind.RunStart, Ip: vip) : EvidenceLine.Noise;
        }
        int tx = line.IndexOf(" packets transmitted,", StringComparison.Ordinal);
        if (tx > 0)
        {
            if (!TextScan.TryInt(line[..tx], out var sent)) return EvidenceLine.Bad("transmitted count is not a number");
            var rest = line[(tx + 21)..];
            if (!TextScan.TryLeadingInt(rest, out var received, out var after) || !after.TrimStart().StartsWith("packets received", StringComparison.Ordinal))
                return EvidenceLine.Bad("received count is not a number");
            return new EvidenceLine(LineKind.Summary, Sent: sent, Received: received);
        }
        if (DateStamps.TryParse(line, out var stamp)) return new EvidenceLine(LineKind.Stamp, Time: stamp);
        return EvidenceLine.Noise;
    }

    // "02:00:00:00:01:01 (203.0.113.10): index=0 time=21.942 usec"
    private static EvidenceLine Reply(ReadOnlySpan<char> rest)
    {
        var macText = TextScan.Token(rest, out rest);
        rest = rest.TrimStart();
        int close = rest.IndexOf(')');
        if (!rest.StartsWith('(') || close < 0) return EvidenceLine.Bad("reply without '(IP)'");
        var ipText = rest[1..close];
        if (!TextScan.TryMac(macText, out var mac))
        {
            // MAC ping mode prints "bytes from IP (MAC)": an answer to a ping of a MAC, not to an ARP probe.
            if (Ipv4Address.TryParse(macText, out _)) return EvidenceLine.Noise;
            var text = macText.ToString();
            return EvidenceLine.Bad(RedactedMacs.TryFind(text, out var placeholder) ? RedactedMacs.Problem(placeholder)
                : text.Contains(':') ? $"'{text}' is not a MAC address (six hexadecimal groups)" : "reply without a sender MAC");
        }
        if (!Ipv4Address.TryParse(ipText, out var ip)) return EvidenceLine.Bad("reply without a sender IPv4 address");
        rest = rest[(close + 1)..];
        TimeSpan? rtt = null;
        int timeAt = rest.IndexOf("time=", StringComparison.Ordinal);
        if (timeAt >= 0)
        {
            var number = TextScan.Token(rest[(timeAt + 5)..], out var unitRest);
            var unit = TextScan.Token(unitRest, out _);
            double scale = unit switch
            {
                "nsec" => TimeSpan.TicksPerMillisecond / 1e6,
                "usec" => TimeSpan.TicksPerMillisecond / 1e3,
                "msec" => TimeSpan.TicksPerMillisecond,
                "sec" => TimeSpan.TicksPerSecond,
                _ => -1,
            };
            if (scale < 0 || !TextScan.TryDouble(number, out var value)) return EvidenceLine.Bad("reply with an unreadable time");
            rtt = TimeSpan.FromTicks((long)Math.Round(value * scale));
        }
        return new EvidenceLine(LineKind.Reply, ip, mac, rtt, Duplicate: 1);
    }
}
