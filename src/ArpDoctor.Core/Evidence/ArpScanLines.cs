using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// One line of <c>arp-scan</c> output:
/// <code>
/// Interface: eth0, type: EN10MB, MAC: 02:00:00:00:00:01, IPv4: 203.0.113.1
/// Starting arp-scan 1.10.0 with 1 hosts (https://github.com/royhills/arp-scan)
/// 203.0.113.10	02:00:00:00:01:03	(Unknown: locally administered) (DUP: 2)
/// Ending arp-scan 1.10.0: 1 hosts scanned in 0.427 seconds (2.34 hosts/sec). 1 responded
/// </code>
/// Replies are printed in arrival order; <c>(DUP: n)</c> marks the n-th reply for the same IP.
/// Output pasted through chat or e-mail often has its tabs turned into spaces; that is read too.
/// </summary>
public static class ArpScanLines
{
    /// <summary>A host line (an address first) whose MAC or duplicate marker cannot be read: arp-scan's, damaged.</summary>
    public static bool IsDamaged(string line) =>
        (line.Contains(':') || line.Contains("(DUP", StringComparison.Ordinal)) && Parse(line).Kind == LineKind.Malformed;

    public static EvidenceLine Parse(ReadOnlySpan<char> line)
    {
        line = line.TrimEnd();
        if (line.IsEmpty) return EvidenceLine.Noise;
        int tab = line.IndexOf('\t');
        int gap = tab > 0 ? tab : line.IndexOf(' ');
        if (gap > 0 && Ipv4Address.TryParse(line[..gap], out var ip))
        {
            var rest = tab > 0 ? line[(tab + 1)..] : line[gap..].TrimStart();
            int tab2 = rest.IndexOfAny('\t', ' ');
            var macText = tab2 < 0 ? rest : rest[..tab2];
            // Without tabs, only a MAC in the second column makes it a host line; "IP dev eth0 ..." is not one.
            if (tab < 0 && !TextScan.TryMac(macText, out _)) return EvidenceLine.Noise;
            if (!TextScan.TryMac(macText, out var mac))
                return EvidenceLine.Bad(RedactedMacs.TryFind(macText.ToString(), out var placeholder)
                    ? RedactedMacs.Problem(placeholder)
                    : "host line without a MAC in the second column");
            int duplicate = 1;
            int dup = rest.IndexOf("(DUP: ", StringComparison.Ordinal);
            if (dup >= 0 && (!TextScan.TryLeadingInt(rest[(dup + 6)..], out duplicate, out var after) || !after.StartsWith(')') || duplicate < 2))
                return EvidenceLine.Bad("unreadable (DUP: n) marker");
            return new EvidenceLine(LineKind.Reply, ip, mac, Duplicate: duplicate);
        }
        if (line.StartsWith("Interface: ", StringComparison.Ordinal) && line.Contains(", type: ", StringComparison.Ordinal))
            return new EvidenceLine(LineKind.RunStart);
        if (line.StartsWith("Starting arp-scan ", StringComparison.Ordinal))
            return new EvidenceLine(LineKind.RunStart);
        if (line.StartsWith("Ending arp-scan ", StringComparison.Ordinal))
        {
            int dot = line.LastIndexOf(". ", StringComparison.Ordinal);
            if (dot > 0 && line.EndsWith(" responded", StringComparison.Ordinal) &&
                TextScan.TryLeadingInt(line[(dot + 2)..], out var responded, out _))
                return new EvidenceLine(LineKind.Summary, Received: responded);
            return new EvidenceLine(LineKind.Summary);
        }
        if (DateStamps.TryParse(line, out var stamp)) return new EvidenceLine(LineKind.Stamp, Time: stamp);
        return EvidenceLine.Noise;
    }
}
