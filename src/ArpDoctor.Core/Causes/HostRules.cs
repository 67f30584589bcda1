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
        // Without nodes: two burnt-in MACs under one vendor prefix, numbered close together, are two ports of one card.
        var pair = CauseCatalogue.Pairs(f.Macs).FirstOrDefault(p => CauseCatalogue.SiblingPorts(p.A, p.B));
        if (pair.A is null) return null;
        var vendor = pair.A.Vendor is null ? "" : $" ({pair.A.Vendor})";
        return new Cause(CauseId.TwoInterfaces,
            $"one host answers for {f.Vip} from two interfaces (ARP flux: arp_ignore=0 on a multi-homed host): {pair.A.Mac} and {pair.B.Mac} look like two ports of one card{vendor}",
            [], [CauseCatalogue.Heard(f, pair.A), CauseCatalogue.Heard(f, pair.B),
                $"one vendor prefix {pair.A.Mac.ToString()[..8]}{vendor}, device bytes {CauseCatalogue.DeviceDistance(pair.A, pair.B)} apart: the ports of one card or board are numbered in a row"],
            $"The two MACs belonging to different hosts ('arpdoctor locate {f.Vip}' maps each to its node), or that host having arp_ignore=1 on every interface.",
            new Remedy(RemedyKind.Elsewhere, $"On the host with both MACs: '{Sysctl}' (and in /etc/sysctl.d/), or take one interface off the segment.", null), f.Proof)
        {
            Confirm = [CauseCatalogue.Locate(f) + " mapping both MACs to one node", $"'ip -br link' on that host listing both MACs, and 'sysctl net.ipv4.conf.all.arp_ignore' reading 0"],
        };
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
        // Without nodes: a MAC unlike the others, by the locally administered bit first, then by vendor. Ports of one card
        // share their vendor, so they never stand out here.
        if (f.Macs.Count < 2) return null;
        var odd = Odd(f.Macs, m => m.Mac.IsLocallyAdministered ? "locally administered" : "burnt-in")
            ?? Odd(f.Macs, m => m.Mac.IsLocallyAdministered ? null : m.Vendor);
        if (odd is null) return null;
        var others = f.Macs.Where(m => !odd.Contains(m)).ToList();
        string Kind(HeardMac m) => m.Mac.IsLocallyAdministered ? "locally administered" : m.Vendor ?? "burnt-in, vendor unknown";
        var summary = odd.Count == 1
            ? $"{odd[0].Mac} ({Kind(odd[0])}) is unlike the other MACs answering for {f.Vip} ({string.Join(", ", others.Select(Kind).Distinct())}): another device may hold the address"
            : $"{odd[0].Mac} ({Kind(odd[0])}) and {odd[1].Mac} ({Kind(odd[1])}) are of different kinds: one of them may be a device that is no node, holding the address";
        return new Cause(CauseId.ForeignDevice, summary,
            [], [.. odd.Select(m => CauseCatalogue.Heard(f, m)), .. odd.Select(Describe),
                odd.Count == 1 ? $"the others are {string.Join(", ", others.Select(Kind).Distinct())}: nodes of one cluster are usually alike" : "nodes of one cluster are usually alike"],
            $"'arpdoctor locate {f.Vip}' mapping {(odd.Count == 1 ? "the MAC" : "both MACs")} to nodes.", Remove(f), f.Proof)
        {
            Confirm = [CauseCatalogue.Locate(f) + " finding no node for the MAC: another device", "the switch's MAC table: the port that MAC comes from"],
        };
    }

    /// <summary>The MAC whose kind no other MAC shares, beside others of one kind (both, when there are just two); <c>null</c> when none stands out.</summary>
    private static List<HeardMac>? Odd(IReadOnlyList<HeardMac> macs, Func<HeardMac, string?> kind)
    {
        var known = macs.Where(m => kind(m) is not null).ToList();
        if (known.Count < 2) return null;
        var groups = known.GroupBy(kind).ToList();
        if (groups.Count != 2) return null;
        var single = groups.Where(g => g.Count() == 1).SelectMany(g => g).ToList();
        return single.Count is 1 or 2 ? single : null;
    }

    private static string Describe(HeardMac m) =>
        m.Mac.IsLocallyAdministered
            ? $"{m.Mac} is locally administered (bit 0x02 of its first byte): a virtual interface, container or VM, not a card's burnt-in address"
            : $"{m.Mac} is a burnt-in address of {m.Vendor ?? "a vendor the registry does not name"}";

    private static Remedy Remove(CaseFacts f) => new(RemedyKind.Elsewhere,
        $"Find the device (the switch's MAC table, 'arp-scan -I {f.Interface} {f.Vip}' for its vendor) and take {f.Vip} off it, or remove {f.Vip} from the announcer's address pool so it is not handed out twice.",
        null);
}
