namespace ArpDoctor.Core.Causes;

/// <summary>The causes in a host: one that answers from two interfaces, or a device that is no node.</summary>
internal static class HostRules
{
    public static Cause? TwoInterfaces(CaseFacts f)
    {
        if (f.Macs.Count < 2) return null;
        const string Sysctl = "sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2";
        if (f.Cluster is not null)
        {
            var host = f.Macs.GroupBy(m => f.NodeOf(m.Mac)).FirstOrDefault(g => g.Key is not null && g.Count() > 1);
            if (host is null) return null;
            return new Cause(CauseId.TwoInterfaces,
                $"node {host.Key} answers for {f.Vip} from {host.Count()} interfaces on the segment (ARP flux: arp_ignore=0 on a multi-homed host)",
                [host.Key!], [.. host.Select(m => CauseCatalogue.Heard(f, m)), $"node {host.Key}'s InternalIP answered from each of {string.Join(", ", host.Select(m => m.Mac))}: one host, several interfaces"],
                $"The MACs belonging to different hosts (node {host.Key}'s InternalIP answering from one MAC only), or {host.Key} having arp_ignore=1 on every interface.",
                new Remedy(RemedyKind.Elsewhere,
                    $"On node {host.Key}: '{Sysctl}' (and the same in /etc/sysctl.d/ so it lasts), or take the second interface off the VIPs' segment. kube-proxy's strictARP sets these too, on IPVS nodes.",
                    null), f.Proof);
        }
        var pair = CauseCatalogue.Pairs(f.Macs).FirstOrDefault(p => CauseCatalogue.SiblingPorts(p.A, p.B));
        if (pair.A is null) return null;
        return new Cause(CauseId.TwoInterfaces,
            $"{pair.A.Mac} and {pair.B.Mac} look like two ports of one card ({pair.A.Vendor}): one host answering from two interfaces (ARP flux)",
            [], [CauseCatalogue.Heard(f, pair.A), CauseCatalogue.Heard(f, pair.B), $"same vendor {pair.A.Vendor}, device bytes {Math.Abs((long)(pair.A.Mac.Value & 0xFF_FFFF) - (long)(pair.B.Mac.Value & 0xFF_FFFF))} apart"],
            "The two MACs belonging to different hosts ('arpdoctor locate' maps each to its node).",
            new Remedy(RemedyKind.Elsewhere, $"On the host with both MACs: '{Sysctl}' (and in /etc/sysctl.d/), or take one interface off the segment.", null), f.Proof);
    }

    public static Cause? ForeignDevice(CaseFacts f)
    {
        if (f.Macs.Count == 0) return null;
        if (f.Cluster is { } c)
        {
            if (c.MacOwners.Count == 0) return null;   // no node's MAC is known: nothing is foreign by comparison
            var foreign = f.Macs.Where(m => f.NodeOf(m.Mac) is null).ToList();
            if (foreign.Count == 0) return null;
            return new Cause(CauseId.ForeignDevice,
                $"{string.Join(", ", foreign.Select(m => m.Mac))} answer{(foreign.Count == 1 ? "s" : "")} for {f.Vip} and belong{(foreign.Count == 1 ? "s" : "")} to no node: another device holds the address",
                [], [.. foreign.Select(m => CauseCatalogue.Heard(f, m)), .. foreign.Select(Describe), $"no node's InternalIP answered from {(foreign.Count == 1 ? "it" : "them")} on {f.Interface}"],
                "The MAC answering for one of the nodes' InternalIPs (a node interface whose address the API does not list).",
                Remove(f), f.Proof);
        }
        // Without nodes: a MAC whose vendor none of the others share, beside MACs of one vendor.
        var known = f.Macs.Where(m => m.Vendor is not null).ToList();
        if (f.Macs.Count < 2 || known.Count < 2) return null;
        var odd = known.Where(m => known.Count(o => o.Vendor == m.Vendor) == 1).ToList();
        if (odd.Count != 1 || known.Select(m => m.Vendor).Distinct().Count() != 2) return null;
        return new Cause(CauseId.ForeignDevice,
            $"{odd[0].Mac} ({odd[0].Vendor}) is of another vendor than the other MACs answering for {f.Vip}: possibly a device that is no node",
            [], [CauseCatalogue.Heard(f, odd[0]), Describe(odd[0])],
            "'arpdoctor locate' mapping the MAC to a node.", Remove(f), f.Proof);
    }

    private static string Describe(HeardMac m) =>
        m.Mac.IsLocallyAdministered
            ? $"{m.Mac} is locally administered (bit 0x02 of its first byte): a virtual interface, container or VM, not a card's burnt-in address"
            : $"{m.Mac} is a burnt-in address of {m.Vendor ?? "a vendor the registry does not name"}";

    private static Remedy Remove(CaseFacts f) => new(RemedyKind.Elsewhere,
        $"Find the device (the switch's MAC table, 'arp-scan -I {f.Interface} {f.Vip}' for its vendor) and take {f.Vip} off it, or remove {f.Vip} from the announcer's address pool so it is not handed out twice.",
        null);
}
