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
        // Without the cluster (analyze's evidence): not the kube-proxy pattern, not one card's ports, not one failover. Two
        // MACs answering together, once each, are an address held twice; MACs taking turns as the first answer are two
        // announcers each claiming it in turn.
        if (CauseCatalogue.HasSiblings(f) || IsFailover(f) || IpvsPattern.Infer(f.Macs) is not null) return null;
        var every = CauseCatalogue.AllAnswerEveryProbe(f);
        var heard = f.Macs.Select(m => CauseCatalogue.Heard(f, m)).ToList();
        string[] confirm = [CauseCatalogue.Check + " naming more than one announcer, or an announcer naming another node than the one answering",
            $"the announcers' logs (MetalLB speaker, kube-vip, keepalived): more than one node claiming {f.Vip}", CauseCatalogue.Locate(f) + " mapping the MACs to the nodes they claim from"];
        if (every)
        {
            if (f.Macs.Count != 2 || f.Macs.Any(m => m.ProbesAnsweredTwice > 0)) return null;
            return new Cause(CauseId.TwoAnnouncers,
                $"{f.Vip} is held twice: {f.Macs[0].Mac} and {f.Macs[1].Mac} both answer every probe (two announcers both active, keepalived with two MASTERs, or a device configured with the same address)",
                [], [.. heard, "both answered every probe, once each: two hosts hold the address at once; they are not ports of one card, and neither answered twice per probe as the announcer's node does under kube-proxy IPVS"],
                "'arpdoctor check' reading kube-proxy IPVS without strictARP (on a two-node cluster that is the cause instead), or 'arpdoctor locate' finding one MAC is no node's (another device).",
                SplitBrain(f, []), f.Proof) { Confirm = confirm };
        }
        // Taking turns is back and forth: one move is a failover (or a host taking the address over), said by that rule.
        if (f.Macs.Count(m => m.Wins > 0) < 2 || f.Moves is { WinnerChanges: < 2 }) return null;
        var moves = f.Moves is { } mv
            ? $"the first answer moved {mv.WinnerChanges} {(mv.WinnerChanges == 1 ? "time" : "times")} between them, {(mv.ContestedProbes == 0 ? "each probe answered by one MAC" : $"{mv.ContestedProbes} probes answered by more than one")}: they take turns, unlike kernels that all hold the address at once"
            : "not every MAC answered every probe, and more than one was first: they take turns, unlike kernels that all hold the address at once";
        List<string> evidence = [.. heard, moves];
        if (f.Moves is { AnnouncedChanges: > 0 } announced)
            evidence.Add($"{announced.AnnouncedChanges} of the changes came with a gratuitous ARP from the new MAC: each claims {f.Vip} in turn, more often than a failover would");
        return new Cause(CauseId.TwoAnnouncers,
            $"{f.Macs.Count} MACs take turns answering {f.Vip}: two announcers each claiming it (a shared IP elected on two nodes, split brain of speakers, keepalived or kube-vip), or two hosts configured with it",
            [], evidence,
            "Every MAC answering every probe (the kube-proxy pattern), one announcer's log claiming the VIP throughout, or 'arpdoctor locate' showing one host behind them.",
            SplitBrain(f, []), f.Proof) { Confirm = confirm };
    }

    /// <summary>
    /// The first answer moved to another MAC once, or there and back with each move announced by the new MAC's
    /// gratuitous ARP, and no probe was answered by two: the announcer moved the VIP (or, unannounced, a host took the
    /// address over). Analyze's evidence only.
    /// </summary>
    public static Cause? Failover(CaseFacts f)
    {
        if (!IsFailover(f)) return null;
        var moves = f.Moves!;
        var announcers = f.Macs.Where(m => m.Announcements > 0).Select(m => m.Mac.ToString()).ToList();
        bool announced = moves.AnnouncedChanges >= moves.WinnerChanges;
        var summary = announced
            ? $"a failover: {f.Vip} moved to {string.Join(", ", announcers)}, which announced it with a gratuitous ARP; normal when it happens once (the announcer moved the VIP to another node), not a fault"
            : $"one move: {f.Vip} moved to another MAC once, with no announcement in the evidence: a failover whose gratuitous ARP was not captured, or a host that took the address over; normal when it happens once, and more evidence settles which";
        return new Cause(CauseId.Failover, summary,
            [], [.. f.Macs.Select(m => CauseCatalogue.Heard(f, m)),
                $"{Words(moves.WinnerChanges)}{(announced ? ", each announced by the new MAC" : ", not announced in the evidence")}, and no probe answered by two MACs"],
            "Changes that repeat (two announcers taking turns, or an announcer restarting in a loop), or probes answered by both MACs.",
            new Remedy(RemedyKind.Elsewhere,
                "Nothing to fix for one failover. If they repeat, find why the announcer moves: restarts of its pod, a node leaving ('kubectl get events -A', the speaker's restart count).",
                null), f.Proof)
        {
            Confirm = [$"the announcer's log at the change (MetalLB speaker, kube-vip): which node took {f.Vip} over, and why", $"'arpdoctor watch {f.Vip}': no further changes", CauseCatalogue.Locate(f) + " mapping the new MAC to a node (no node: another host took the address)"],
        };
    }

    private static string Words(long changes) => changes == 1 ? "one winner change" : $"{changes} winner changes";

    private static bool IsFailover(CaseFacts f) =>
        f.Cluster is null && f.Macs.Count >= 2 && f.Moves is { ContestedProbes: 0 } m
        && (m.WinnerChanges == 1 || m.WinnerChanges == 2 && m.AnnouncedChanges >= 2);

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
