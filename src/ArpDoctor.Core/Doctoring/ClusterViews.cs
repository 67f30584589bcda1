using ArpDoctor.Core.Causes;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Findings;
using ArpDoctor.Core.Fixing;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Doctoring;

/// <summary>What the cluster says that every VIP's causes share: kube-proxy's ARP as check judges it, fix's plan, readiness, who may announce.</summary>
public sealed record ClusterSide(
    KubeProxyArp KubeProxy, IReadOnlyList<string> KubeProxyEvidence, Remedy KubeProxyRemedy,
    IReadOnlyDictionary<string, string> NotReady, IReadOnlyList<string> NoAnnouncerEvidence, CheckReport Check)
{
    /// <summary>Reads <paramref name="facts"/> as check does (<see cref="ClusterCheck"/>) and fix would plan (<see cref="FixPlanner"/>).</summary>
    public static ClusterSide Of(ClusterFacts facts)
    {
        var check = ClusterCheck.Diagnose(facts);
        var off = check.Findings.FirstOrDefault(f => f.Id == "strict-arp-off" && f.Severity == Severity.Critical);
        var pending = check.Findings.FirstOrDefault(f => f.Id == RestartPending.Id);
        var unknown = check.Findings.FirstOrDefault(f => f.Unknown);
        var (arp, finding) = off is not null ? (KubeProxyArp.StrictArpOff, off)
            : pending is not null ? (KubeProxyArp.RestartPending, pending)
            : unknown is not null ? (KubeProxyArp.Unknown, unknown)
            : (KubeProxyArp.Quiet, check.Findings.FirstOrDefault(f => f.Id is "strict-arp-on" or "kube-proxy-mode" or "kube-proxy-absent"));
        var evidence = finding is null ? new List<string>() : [$"check: {finding.Id}: {finding.Summary}", .. finding.Evidence];
        var notReady = facts.Nodes.Where(n => n.Ready is not null and not "True")
            .ToDictionary(n => n.Name, n => $"Ready={n.Ready} ({(n.Ready == "Unknown" ? "the kubelet stopped reporting" : "the kubelet reports it not ready")})", StringComparer.Ordinal);
        return new ClusterSide(arp, evidence, RemedyFor(facts, arp, finding), notReady, NoAnnouncer(facts), check);
    }

    private static Remedy RemedyFor(ClusterFacts facts, KubeProxyArp arp, Finding? finding)
    {
        if (arp == KubeProxyArp.RestartPending)
            return new Remedy(RemedyKind.Fix, finding!.Remediation ?? "Restart kube-proxy so it reads its file again.", "arpdoctor fix");
        var platform = ClusterCheck.Platform(facts);
        var plan = FixPlanner.Plan(facts.KubeProxy, platform, force: false);
        return plan.Kind switch
        {
            FixStepKind.Edit => new Remedy(RemedyKind.Fix, EditPlan(plan), "arpdoctor fix"),
            FixStepKind.Managed when platform.Info.Word is { } word => new Remedy(RemedyKind.Emit, plan.Message, $"arpdoctor fix --emit {word}"),
            _ => new Remedy(RemedyKind.Elsewhere, finding?.Remediation ?? plan.Message, null),
        };
    }

    /// <summary>fix's edit in words: the key it sets, and the DaemonSet it restarts (a step's message is empty for an edit).</summary>
    private static string EditPlan(FixStep plan)
    {
        var restart = plan.Target?.DaemonSet is { } ds ? $", then restart daemonset {ds.Namespace}/{ds.Name} so its pods read it" : "";
        return $"fix's plan: set ipvs.strictARP to true in {plan.Target?.ConfigWhere ?? "kube-proxy's ConfigMap"} (backed up first){restart}";
    }

    /// <summary>Why no node can announce in layer 2 (MetalLB without an L2Advertisement, none selecting a speaker's node, no speaker pod); empty when some can.</summary>
    private static IReadOnlyList<string> NoAnnouncer(ClusterFacts facts)
    {
        var (mode, modeEvidence) = MetalLbFacts.Mode(facts.MetalLbSpeaker, facts.MetalLb);
        if (mode == MetalLbMode.NoAdvertisements) return ["MetalLB has no L2Advertisement (nor BGPAdvertisement): it assigns VIPs but announces none", .. modeEvidence];
        if (mode != MetalLbMode.Layer2 || facts.MetalLbSpeaker is not { } speaker) return [];
        var nodes = Scheduling.NodesOf(speaker, facts.Pods, facts.Nodes, out var fromPods);
        if (fromPods && nodes.Count == 0 || facts.Pods is not null && !facts.Pods.Any(p => p.OwnedBy(speaker)))
            return [$"daemonset {speaker.Namespace}/{speaker.Name} has no pods: no speaker runs to announce"];
        var announcing = AnnouncingNodes.Of(facts with { Services = [] }, true, []);
        return announcing.Nodes.Count == 0 && announcing.Selection is { } selection ? [selection] : [];
    }

    /// <summary>The announcer's name for a Service: MetalLB when MetalLB records it, else the layer-2 announcers found.</summary>
    public static string? KindOf(ClusterFacts facts, ServiceSnapshot service, string? node)
    {
        if (node is null) return null;
        if (MetalLbFacts.Announcer(service.Namespace, service.Name, facts.L2Statuses, facts.Announcements) is not null) return "MetalLB";
        var others = Announcers.Others(facts.DaemonSets, facts.OtherAnnouncers).Where(a => a.Mode == AnnounceMode.Layer2).Select(a => a.Name).ToList();
        return others.Count > 0 ? string.Join(" or ", others) : null;
    }

    /// <summary>Every MAC a node's InternalIP answered from, and the node.</summary>
    public static IReadOnlyDictionary<MacAddress, string> MacOwners(IReadOnlyList<NodeSnapshot> nodes, Func<Ipv4Address, IEnumerable<MacAddress>> heard)
    {
        var owners = new Dictionary<MacAddress, string>();
        foreach (var n in nodes)
            foreach (var ip in n.InternalIps)
                foreach (var mac in heard(ip))
                    owners.TryAdd(mac, n.Name);
        return owners;
    }
}
