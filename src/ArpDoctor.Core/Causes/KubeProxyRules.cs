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
        // Without the cluster (analyze's evidence): the MACs answer together, every probe, and either one of them twice per
        // probe (the announcer beside its own kernel) and the rest once, or three or more once each (every node's kernel).
        if (!CauseCatalogue.AllAnswerEveryProbe(f) || CauseCatalogue.HasSiblings(f)) return null;
        var pattern = IpvsPattern.Infer(f.Macs);
        if (pattern is null && (f.Macs.Count < 3 || f.Macs.Any(m => m.ProbesAnsweredTwice > 0))) return null;
        var evidence = new List<string>(f.Macs.Select(m => CauseCatalogue.Heard(f, m)));
        if (pattern is not null)
        {
            evidence.Add($"{pattern.Announcer} answered twice per probe: an announcer (MetalLB's speaker) and its own node's kernel both answer, so that is the announcer's node");
            evidence.Add($"{string.Join(", ", pattern.KernelResponders)} answered once per probe: kernels answering for {f.Vip} from kube-ipvs0");
        }
        else
            evidence.Add($"{f.Macs.Count} MACs each answered every probe, once: kernels that all hold {f.Vip}, as kube-proxy's IPVS mode puts every VIP on every node's kube-ipvs0");
        return new Cause(CauseId.IpvsWithoutStrictArp,
            $"kube-proxy in IPVS mode without strictARP: {f.Macs.Count} MACs answer every probe for {f.Vip}{(pattern is null ? "" : $", {pattern.Announcer} twice (the announcer's node)")}, as every node's kernel does for VIPs on kube-ipvs0",
            [], evidence,
            RuledOut + " Or 'arpdoctor locate' finding a MAC that is no node's.",
            new Remedy(RemedyKind.Fix, "Set ipvs.strictARP: true in kube-proxy's file and restart kube-proxy ('arpdoctor check' confirms, 'arpdoctor fix' does it).", "arpdoctor fix"),
            f.Proof)
        {
            Confirm = [CauseCatalogue.Check + " reading kube-proxy in IPVS mode with strictARP off", CauseCatalogue.Locate(f) + " mapping every MAC to a node"],
        };
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
