namespace ArpDoctor.Core.Causes;

/// <summary>The causes in the announcers: two of them, one on a NotReady node, or none.</summary>
internal static class AnnouncerRules
{
    public static Cause? TwoAnnouncers(CaseFacts f)
    {
        if (f.Macs.Count < 2) return null;
        if (f.Cluster is { } c)
        {
            // kube-proxy accounts for nodes answering when it is (or may be) loose; only with it quiet are two nodes two announcers.
            if (c.KubeProxy != KubeProxyArp.Quiet) return null;
            var nodes = CauseCatalogue.AnsweringNodes(f);
            if (nodes.Count < 2) return null;
            var second = nodes.Where(n => n != c.Announcer).ToList();
            return new Cause(CauseId.TwoAnnouncers,
                $"{nodes.Count} nodes announce {f.Vip} ({CauseCatalogue.Names(nodes)}){(c.Announcer is null ? "" : $"; {c.AnnouncerKind ?? "the announcer"} names {c.Announcer}")}: split brain, or two announcers installed",
                second, [.. f.Macs.Select(m => CauseCatalogue.Heard(f, m)), .. c.KubeProxyEvidence.Take(1), $"kube-proxy does not make nodes answer (strictARP on and in effect, or not IPVS), so each answering node holds {f.Vip} itself"],
                $"Only {c.Announcer ?? "one node"} answering; one announcer's log claiming {f.Vip} (e.g. 'kubectl logs -n metallb-system -l component=speaker | grep {f.Vip}').",
                SplitBrain(f, second), f.Proof);
        }
        // Without the cluster: MACs taking turns (not every MAC answers every probe, and more than one is first) is two announcers.
        if (CauseCatalogue.AllAnswerEveryProbe(f) || f.Macs.Count(m => m.Wins > 0) < 2) return null;
        return new Cause(CauseId.TwoAnnouncers,
            $"{f.Macs.Count} MACs take turns answering {f.Vip}: two announcers (a shared IP elected on two nodes, split brain of speakers, keepalived or kube-vip)",
            [], [.. f.Macs.Select(m => CauseCatalogue.Heard(f, m)), "not every MAC answered every probe, and more than one was first: they take turns, unlike kernels that all hold the address"],
            "Every MAC answering every probe (the kube-proxy pattern), or 'arpdoctor locate' showing one host behind them.",
            SplitBrain(f, []), f.Proof);
    }

    private static Remedy SplitBrain(CaseFacts f, IReadOnlyList<string> second) => new(RemedyKind.Elsewhere,
        $"Make one announcer hold {f.Vip}{(second.Count == 0 ? "" : $": on {CauseCatalogue.Names(second)}")}, look for a second announcer (MetalLB and kube-vip or Cilium both announcing, a keepalived VRRP address, the same IP in two pools) and for speakers that cannot reach each other (MetalLB's memberlist, port 7946 TCP and UDP between nodes); remove the duplicate.",
        null);

    public static Cause? NotReady(CaseFacts f)
    {
        if (f.Cluster is not { Announcer: { } announcer } c || !c.NotReady.TryGetValue(announcer, out var condition)) return null;
        var heard = f.Macs.Any(m => f.NodeOf(m.Mac) == announcer);
        return new Cause(CauseId.AnnouncerNotReady,
            $"{c.AnnouncerKind ?? "the announcer"} announces {f.Vip} from {announcer}, which is NotReady",
            [announcer], [$"node {announcer}: {condition}", $"{c.AnnouncerKind ?? "the announcer"} names {announcer} for {f.Vip}",
                heard ? $"{announcer}'s MAC still answers for {f.Vip}" : $"{announcer}'s MAC did not answer for {f.Vip}"],
            $"node {announcer} Ready=True, or the announcer naming a Ready node for {f.Vip}.",
            new Remedy(RemedyKind.Elsewhere,
                $"Bring {announcer} back to Ready, or move the announcement off it: 'kubectl drain {announcer} --ignore-daemonsets' and delete the speaker pod on it, so a Ready node takes {f.Vip} over (MetalLB fails over when the speaker stops, not when the node turns NotReady).",
                $"kubectl drain {announcer} --ignore-daemonsets"), f.Proof);
    }

    public static Cause? NoAnnouncer(CaseFacts f)
    {
        if (f.Cluster is not { Announcer: null } c || c.NoAnnouncerEvidence.Count == 0) return null;
        return new Cause(CauseId.NoAnnouncer,
            $"no node announces {f.Vip}: {c.NoAnnouncerEvidence[0]}",
            [], [.. c.NoAnnouncerEvidence, f.Macs.Count == 0 ? $"nothing answered for {f.Vip} on {f.Interface}" : $"what answers for {f.Vip} is not an announcer: {string.Join(", ", f.Macs.Select(m => m.Mac))}"],
            $"An announcer naming a node for {f.Vip} (MetalLB's ServiceL2Status, a kube-vip or Cilium lease).",
            new Remedy(RemedyKind.Elsewhere,
                "Let an announcer run where it may announce: an L2Advertisement whose nodeSelectors (and interfaces) select nodes that run the speaker, and speaker pods on those nodes ('kubectl get l2advertisements -A -o yaml', 'kubectl get pods -n metallb-system -o wide').",
                null), f.Proof);
    }
}
