using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>
/// The Linux nodes a layer-2 announcer can answer ARP from: MetalLB's speaker nodes that its L2Advertisements select
/// (their <c>nodeSelectors</c>; all speaker nodes when any L2Advertisement has none), kube-vip DaemonSets' nodes (their
/// pods, else their placement), the nodes announcers name for Services, and every Linux node for OpenELB and Cilium
/// (whose node selectors are not read). Every Linux node when no layer-2 announcer is found.
/// </summary>
/// <param name="Selection">How MetalLB's L2Advertisements narrow the speaker's nodes; <c>null</c> when they do not.</param>
public sealed record AnnouncingNodes(IReadOnlyList<string> Nodes, IReadOnlyList<string> Evidence, string? Selection = null)
{
    public static AnnouncingNodes Of(ClusterFacts facts, bool metalLbLayer2, IReadOnlyList<AnnouncerPresence> others)
    {
        var linux = facts.Nodes.Where(n => n.Os != "windows").Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var evidence = new List<string>();
        string? selection = null;
        void From(DaemonSetSnapshot ds, Func<string, bool>? selected = null)
        {
            var nodes = Scheduling.NodesOf(ds, facts.Pods, facts.Nodes, out var fromPods).Where(linux.Contains).ToList();
            found.UnionWith(nodes.Where(selected ?? (_ => true)));
            evidence.Add($"daemonset {ds.Namespace}/{ds.Name} runs on {Names(nodes)} ({(fromPods ? "its pods" : "its nodeSelector and tolerations")})");
        }
        if (metalLbLayer2 && facts.MetalLbSpeaker is { } speaker)
        {
            var advertised = Advertised(facts.MetalLb.L2Advertisements, facts.Nodes);
            if (advertised is not null)
            {
                var speakerNodes = Scheduling.NodesOf(speaker, facts.Pods, facts.Nodes, out _).Where(linux.Contains).ToList();
                selection = $"MetalLB announces from {Names(speakerNodes.Where(advertised.Value.Nodes.Contains).ToList())}: its speaker's nodes that {advertised.Value.Evidence}";
            }
            From(speaker, advertised is null ? null : advertised.Value.Nodes.Contains);
        }
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
        return new AnnouncingNodes(found.ToList(), selection is null ? evidence : [.. evidence, selection], selection);
    }

    /// <summary>
    /// The nodes MetalLB's L2Advertisements select, and how, when every one of them has <c>nodeSelectors</c>; <c>null</c>
    /// when one has none (it announces from every node) or there are none to read (the legacy ConfigMap has no selectors).
    /// </summary>
    private static (HashSet<string> Nodes, string Evidence)? Advertised(IReadOnlyList<L2AdvertisementSnapshot>? ads, IReadOnlyList<NodeSnapshot> nodes)
    {
        if (ads is not { Count: > 0 } || ads.Any(a => a.NodeSelectors.Count == 0)) return null;
        var selected = new HashSet<string>(StringComparer.Ordinal);
        var how = new List<string>();
        foreach (var ad in ads.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var mine = nodes.Where(n => ad.NodeSelectors.Any(s => Scheduling.Matches(s, n.Labels))).Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
            selected.UnionWith(mine);
            how.Add($"L2Advertisement {ad.Id} selects ({string.Join(" or ", ad.NodeSelectors.Select(s => $"[{s}]"))}): {Names(mine)}");
        }
        return (selected, string.Join("; ", how));
    }

    /// <summary>Node names for a message: all of them, comma-separated, or <c>no node</c>.</summary>
    public static string Names(IReadOnlyCollection<string> nodes) => nodes.Count == 0 ? "no node" : string.Join(", ", nodes);
}
