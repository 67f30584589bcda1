using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>
/// The Linux nodes a layer-2 announcer can answer ARP from: MetalLB's speaker and kube-vip DaemonSets' nodes (their pods,
/// else their placement), the nodes announcers name for Services, and every Linux node for OpenELB and Cilium (whose
/// node selectors are not read). L2Advertisement node selectors are not read either: the speaker's nodes are the bound.
/// Every Linux node when no layer-2 announcer is found.
/// </summary>
public sealed record AnnouncingNodes(IReadOnlyList<string> Nodes, IReadOnlyList<string> Evidence)
{
    public static AnnouncingNodes Of(ClusterFacts facts, bool metalLbLayer2, IReadOnlyList<AnnouncerPresence> others)
    {
        var linux = facts.Nodes.Where(n => n.Os != "windows").Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var evidence = new List<string>();
        void From(DaemonSetSnapshot ds)
        {
            var nodes = Scheduling.NodesOf(ds, facts.Pods, facts.Nodes, out var fromPods).Where(linux.Contains).ToList();
            found.UnionWith(nodes);
            evidence.Add($"daemonset {ds.Namespace}/{ds.Name} runs on {Names(nodes)} ({(fromPods ? "its pods" : "its nodeSelector and tolerations")})");
        }
        if (metalLbLayer2 && facts.MetalLbSpeaker is { } speaker) From(speaker);
        if (others.Any(a => a.Id == Announcers.KubeVip && a.Mode == AnnounceMode.Layer2))
            foreach (var ds in Announcers.KubeVipDaemonSets(facts.DaemonSets)) From(ds);
        if (others.Any(a => a.Id is Announcers.OpenElb or Announcers.Cilium && a.Mode == AnnounceMode.Layer2))
        {
            found.UnionWith(linux);
            evidence.Add("OpenELB or Cilium may announce from any Linux node");
        }
        var named = facts.Services.Select(s => Announcers.NodeOf(s, facts.L2Statuses, facts.Announcements, facts.DaemonSets, facts.OtherAnnouncers))
            .OfType<string>().Where(linux.Contains).Distinct().Order(StringComparer.Ordinal).ToList();
        if (named.Count > 0)
        {
            found.UnionWith(named);
            evidence.Add($"announcing Services now: {Names(named)}");
        }
        if (found.Count == 0 && evidence.Count == 0) return new AnnouncingNodes(linux.Order(StringComparer.Ordinal).ToList(), ["no layer-2 announcer found: every Linux node counts"]);
        return new AnnouncingNodes(found.ToList(), evidence);
    }

    /// <summary>Node names for a message: all of them, comma-separated, or <c>no node</c>.</summary>
    public static string Names(IReadOnlyCollection<string> nodes) => nodes.Count == 0 ? "no node" : string.Join(", ", nodes);
}
