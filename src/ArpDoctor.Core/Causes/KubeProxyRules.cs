namespace ArpDoctor.Core.Causes;

/// <summary>The causes in kube-proxy: its IPVS mode makes every node's kernel answer for VIPs on kube-ipvs0 unless strictARP is on and in effect.</summary>
internal static class KubeProxyRules
{
    private const string RuledOut =
        "Only the announcer's MAC answering while the other nodes are up, or 'arpdoctor check' reading strictARP on with every kube-proxy pod started after its file's last write.";

    public static Cause? WithoutStrictArp(CaseFacts f)
    {
        if (f.Macs.Count < 2) return null;
        if (f.Cluster is { } c)
        {
            if (c.KubeProxy != KubeProxyArp.StrictArpOff) return null;
            var others = OtherNodes(f);
            if (others.Count == 0) return null;
            return new Cause(CauseId.IpvsWithoutStrictArp,
                $"kube-proxy in IPVS mode without strictARP: {CauseCatalogue.Names(others)} answer{(others.Count == 1 ? "s" : "")} for {f.Vip} from kube-ipvs0 beside the announcer",
                others, [.. f.Macs.Select(m => CauseCatalogue.Heard(f, m)), .. c.KubeProxyEvidence], RuledOut, c.KubeProxyRemedy, f.Proof);
        }
        // Without the cluster: every MAC once per probe, none a sibling port of another, is the IPVS pattern.
        if (!CauseCatalogue.AllAnswerEveryProbe(f) || CauseCatalogue.Pairs(f.Macs).Any(p => CauseCatalogue.SiblingPorts(p.A, p.B))) return null;
        return new Cause(CauseId.IpvsWithoutStrictArp,
            $"{f.Macs.Count} MACs each answer every probe for {f.Vip}: the pattern of kube-proxy IPVS without strictARP (every node's kernel answers from kube-ipvs0)",
            [], [.. f.Macs.Select(m => CauseCatalogue.Heard(f, m)), "each MAC answered every probe, as every node's kernel does for an address on kube-ipvs0"],
            RuledOut + " 'arpdoctor locate' says whether each MAC is a node's.",
            new Remedy(RemedyKind.Fix, "Set ipvs.strictARP: true in kube-proxy's file and restart kube-proxy ('arpdoctor check' confirms, 'arpdoctor fix' does it).", "arpdoctor fix"),
            f.Proof);
    }

    public static Cause? RestartPending(CaseFacts f)
    {
        if (f.Cluster is not { KubeProxy: KubeProxyArp.RestartPending } c || f.Macs.Count < 2) return null;
        var others = OtherNodes(f);
        if (others.Count == 0) return null;
        return new Cause(CauseId.RestartPending,
            $"strictARP is set but kube-proxy was not restarted since: {CauseCatalogue.Names(others)} still answer{(others.Count == 1 ? "s" : "")} for {f.Vip} from kube-ipvs0",
            others, [.. f.Macs.Select(m => CauseCatalogue.Heard(f, m)), .. c.KubeProxyEvidence],
            "Every kube-proxy pod started after the file's last write ('arpdoctor check' has no restart-pending finding) and still several nodes answer: then look at the other causes.",
            c.KubeProxyRemedy, f.Proof);
    }

    /// <summary>Nodes that answered and are not the announcer (every answering node when no announcer is named).</summary>
    private static List<string> OtherNodes(CaseFacts f) =>
        CauseCatalogue.AnsweringNodes(f).Where(n => n != f.Cluster!.Announcer).ToList() is { Count: > 0 } others && (f.Cluster!.Announcer is not null || others.Count > 1)
            ? others : [];
}
