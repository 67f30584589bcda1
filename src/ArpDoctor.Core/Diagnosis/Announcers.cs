using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>How an announcer gets its VIPs to clients.</summary>
public enum AnnounceMode
{
    /// <summary>ARP / layer 2: one node answers for the VIP; kube-proxy's ARP answers fight it.</summary>
    Layer2,
    /// <summary>BGP (or routing) only: ARP is not involved.</summary>
    RoutedOnly,
    /// <summary>Installed but announcing nothing yet.</summary>
    Idle,
}

/// <summary>One VIP announcer found in the cluster: its name and version, its mode, and what showed it.</summary>
public sealed record AnnouncerPresence(string Id, string Name, AnnounceMode Mode, IReadOnlyList<string> Evidence);

/// <summary>The objects kube-vip, OpenELB and Cilium leave in the API (MetalLB's are in <see cref="ClusterFacts"/> itself).</summary>
/// <param name="Eips">OpenELB's <c>Eip</c> objects (name, protocol); <c>null</c> when its CRD is not installed.</param>
/// <param name="CiliumConfig">Cilium's <c>cilium-config</c> ConfigMap, when present.</param>
public sealed record OtherAnnouncerFacts(
    IReadOnlyList<LeaseSnapshot> Leases,
    IReadOnlyList<(string Name, string Protocol)>? Eips,
    ConfigMapSnapshot? CiliumConfig)
{
    public static readonly OtherAnnouncerFacts None = new([], null, null);

    /// <summary>The static pods of <c>kube-system</c> (kube-vip's manifest generator writes its pod there).</summary>
    public IReadOnlyList<PodSnapshot> StaticPods { get; init; } = [];
}

/// <summary>
/// Recognises the layer-2 announcers besides MetalLB and says which node announces each Service, from what each one
/// records: kube-vip (ARP mode; Lease <c>kubevip-SERVICE</c> with per-Service election, else <c>plndr-svcs-lock</c>;
/// annotation <c>kube-vip.io/vipHost</c>), OpenELB (layer-2 <c>Eip</c>; 0.6+ records no announcing node), Cilium L2
/// announcements (Lease <c>cilium-l2announce-NAMESPACE-SERVICE</c>). Sources are named in docs/kubernetes.md.
/// </summary>
public static class Announcers
{
    public const string KubeVip = "kube-vip", OpenElb = "openelb", Cilium = "cilium";

    public static IReadOnlyList<AnnouncerPresence> Others(IReadOnlyList<DaemonSetSnapshot> daemonSets, OtherAnnouncerFacts facts)
    {
        var found = new List<AnnouncerPresence>();
        foreach (var (_, c, seen) in KubeVips(daemonSets, facts))
        {
            var evidence = new List<string> { seen };
            bool arp = IsTrue(c.EnvValue("vip_arp")), bgp = IsTrue(c.EnvValue("bgp_enable")), services = IsTrue(c.EnvValue("svc_enable"));
            evidence.Add($"env vip_arp={c.EnvValue("vip_arp") ?? "(unset)"} bgp_enable={c.EnvValue("bgp_enable") ?? "(unset)"} svc_enable={c.EnvValue("svc_enable") ?? "(unset)"}");
            var mode = !services ? AnnounceMode.Idle : arp ? AnnounceMode.Layer2 : bgp ? AnnounceMode.RoutedOnly : AnnounceMode.Idle;
            found.Add(new AnnouncerPresence(KubeVip, $"kube-vip{Tag(c.Image)}", mode, evidence));
        }
        if (facts.Eips is { } eips)
        {
            var speaker = daemonSets.FirstOrDefault(d => d.Containers.Any(AnnouncerSignatures.IsOpenElbSpeaker));
            var layer2 = eips.Where(e => e.Protocol == "layer2").Select(e => e.Name).ToList();
            var evidence = new List<string>();
            if (speaker is not null) evidence.Add($"daemonset {speaker.Namespace}/{speaker.Name} {string.Join(" ", speaker.Containers.SelectMany(c => c.Args).Where(a => a.Contains("layer2", StringComparison.Ordinal)))}".TrimEnd());
            evidence.Add(layer2.Count > 0 ? $"{Words.Noun(layer2.Count, "Eip")} with protocol layer2: {string.Join(", ", layer2)}" : $"{Words.Count(eips.Count, "Eip")}, none with protocol layer2");
            // From 0.6 the speaker answers for layer-2 Eips only when started with --enable-layer2=true.
            bool enabled = speaker is null || speaker.Containers.SelectMany(c => c.Args).Any(a => a is "--enable-layer2" or "--enable-layer2=true");
            found.Add(new AnnouncerPresence(OpenElb, "OpenELB", layer2.Count > 0 && enabled ? AnnounceMode.Layer2 : eips.Count > 0 ? AnnounceMode.RoutedOnly : AnnounceMode.Idle, evidence));
        }
        if (facts.CiliumConfig?.Get("enable-l2-announcements") is { } l2)
        {
            var on = IsTrue(l2);
            found.Add(new AnnouncerPresence(Cilium, "Cilium", on ? AnnounceMode.Layer2 : AnnounceMode.Idle,
                [$"configmap {facts.CiliumConfig.Namespace}/{facts.CiliumConfig.Name} enable-l2-announcements: {l2}",
                 $"kube-proxy-replacement: {facts.CiliumConfig.Get("kube-proxy-replacement") ?? "(unset)"}"]));
        }
        return found;
    }

    /// <summary>
    /// The node announcing <paramref name="service"/>: MetalLB's newest ServiceL2Status or nodeAssigned event, else
    /// what kube-vip or Cilium record; <c>null</c> when no announcer says.
    /// </summary>
    public static string? NodeOf(ServiceSnapshot service, IReadOnlyList<ServiceL2StatusSnapshot> statuses, IReadOnlyList<AnnouncementEvent> events,
        IReadOnlyList<DaemonSetSnapshot> daemonSets, OtherAnnouncerFacts others) =>
        MetalLbFacts.Announcer(service.Namespace, service.Name, statuses, events) ?? AnnouncingNode(service, daemonSets, others)?.Node;

    /// <summary>
    /// Reads what <see cref="NodeOf"/> needs for one Service (for <c>locate</c>, which reads no more of the cluster), and stops
    /// at the first record that names the node: ServiceL2Statuses, then events, then kube-vip's and Cilium's. Every
    /// read is optional: one the server refuses (403/404) is added to <paramref name="read"/>'s notes, and the node may stay unknown.
    /// </summary>
    public static async Task<string?> ReadNodeOfAsync(IClusterApi api, ServiceSnapshot service, PartialRead read, CancellationToken ct)
    {
        var statuses = await read.OptionalAsync("servicel2statuses.metallb.io", "the node MetalLB announces each VIP from is not known", (IReadOnlyList<ServiceL2StatusSnapshot>)[],
            () => api.ListServiceL2StatusesAsync(ct)).ConfigureAwait(false);
        // A ServiceL2Status outranks any event (see MetalLbFacts.Announcer): with one, the events need not be read.
        if (MetalLbFacts.Announcer(service.Namespace, service.Name, statuses, []) is { } reported) return reported;
        var events = await read.OptionalAsync("events", "MetalLB's nodeAssigned events do not name announcing nodes", (IReadOnlyList<AnnouncementEvent>)[],
            () => api.ListAnnouncementEventsAsync(ct)).ConfigureAwait(false);
        if (MetalLbFacts.Announcer(service.Namespace, service.Name, statuses, events) is { } node) return node;
        var daemonSets = await read.OptionalAsync("daemonsets", "kube-vip and Cilium are not found", (IReadOnlyList<DaemonSetSnapshot>)[],
            () => api.ListDaemonSetsAsync(ct)).ConfigureAwait(false);
        var others = new OtherAnnouncerFacts(
            await read.OptionalAsync("leases", "the kube-vip and Cilium announcers' nodes are not known", (IReadOnlyList<LeaseSnapshot>)[],
                () => api.ListLeasesAsync(ct)).ConfigureAwait(false),
            null,
            await read.OptionalAsync("configmap cilium-config", "whether Cilium announces in layer 2 is not known", (ConfigMapSnapshot?)null,
                () => api.GetConfigMapAsync(AnnouncerSignatures.CiliumNamespace(daemonSets), "cilium-config", ct)).ConfigureAwait(false));
        return AnnouncingNode(service, daemonSets, others)?.Node;
    }

    /// <summary>The node kube-vip or Cilium names as announcing <paramref name="service"/>, with where it said so; <c>null</c> when neither does.</summary>
    public static (string Node, string Source)? AnnouncingNode(ServiceSnapshot service, IReadOnlyList<DaemonSetSnapshot> daemonSets, OtherAnnouncerFacts facts)
    {
        string? Holder(string ns, string name) => facts.Leases.FirstOrDefault(l => l.Namespace == ns && l.Name == name)?.Holder;

        var cilium = facts.CiliumConfig;
        if (cilium is not null && Holder(cilium.Namespace, $"cilium-l2announce-{service.Namespace}-{service.Name}") is { } c)
            return (c, $"lease {cilium.Namespace}/cilium-l2announce-{service.Namespace}-{service.Name}");

        foreach (var (kubeVipNs, container, _) in KubeVips(daemonSets, facts))
        {
            if (IsTrue(container.EnvValue("svc_election")))
            {
                var lease = service.Annotation("kube-vip.io/leaseName") ?? $"kubevip-{service.Name}";
                var (ns, name) = lease.Contains('/', StringComparison.Ordinal) ? (lease.Split('/')[0], lease.Split('/')[1]) : (service.Namespace, lease);
                if (Holder(ns, name) is { } h) return (h, $"lease {ns}/{name}");
            }
            else
            {
                var name = container.EnvValue("svc_leasename") ?? "plndr-svcs-lock";
                if (Holder(kubeVipNs, name) is { } h) return (h, $"lease {kubeVipNs}/{name}");
            }
        }
        if (service.Annotation("kube-vip.io/vipHost") is { Length: > 0 } vipHost)
            return (vipHost, "annotation kube-vip.io/vipHost");
        return null;
    }

    /// <summary>The DaemonSets that run kube-vip, recognised by what they run (<see cref="AnnouncerSignatures.KubeVip"/>).</summary>
    public static IEnumerable<DaemonSetSnapshot> KubeVipDaemonSets(IReadOnlyList<DaemonSetSnapshot> daemonSets) =>
        daemonSets.Where(d => AnnouncerSignatures.KubeVip($"daemonset {d.Namespace}/{d.Name}", d.Containers) is not null);

    /// <summary>
    /// Every kube-vip, recognised by what it runs (<see cref="AnnouncerSignatures.KubeVip"/>): each DaemonSet, and the
    /// static pods (one per control-plane node, from one manifest) as one, naming them all.
    /// </summary>
    private static IEnumerable<(string Namespace, ContainerSnapshot Container, string Evidence)> KubeVips(IReadOnlyList<DaemonSetSnapshot> daemonSets, OtherAnnouncerFacts facts)
    {
        foreach (var ds in daemonSets)
            if (AnnouncerSignatures.KubeVip($"daemonset {ds.Namespace}/{ds.Name}", ds.Containers) is { } match)
                yield return (ds.Namespace, match.Container, match.Evidence);
        var pods = facts.StaticPods.Where(p => p.IsMirror && AnnouncerSignatures.KubeVip("", p.Containers) is not null).ToList();
        if (pods.Count > 0 && AnnouncerSignatures.KubeVip(
                $"{Words.Noun(pods.Count, "static pod")} {string.Join(", ", pods.Select(p => $"{p.Namespace}/{p.Name}{(p.NodeName.Length == 0 ? "" : $" (node {p.NodeName})")}"))}",
                pods[0].Containers) is { } seen)
            yield return (pods[0].Namespace, seen.Container, seen.Evidence);
    }

    private static bool IsTrue(string? value) => value is "true" or "True" or "TRUE" or "1";

    private static string Tag(string image)
    {
        var path = image.Split('@')[0];
        int slash = path.LastIndexOf('/'), colon = path.LastIndexOf(':');
        return colon > slash ? $" {path[(colon + 1)..]}" : "";
    }
}
