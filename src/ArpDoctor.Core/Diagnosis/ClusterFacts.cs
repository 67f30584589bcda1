using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.KubeProxy;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>Everything <c>check</c> reads from the cluster, read once; <see cref="ClusterCheck"/> judges it without I/O.</summary>
public sealed record ClusterFacts(
    KubeProxyDeployment? KubeProxy,
    DaemonSetSnapshot? MetalLbSpeaker,
    MetalLbResources MetalLb,
    IReadOnlyList<NodeSnapshot> Nodes,
    IReadOnlyList<ServiceSnapshot> Services,
    IReadOnlyList<ServiceL2StatusSnapshot> L2Statuses,
    IReadOnlyList<AnnouncementEvent> Announcements)
{
    public const string DefaultMetalLbNamespace = "metallb-system";

    /// <summary>Every DaemonSet (kube-vip's, OpenELB's speaker are recognised among them).</summary>
    public IReadOnlyList<DaemonSetSnapshot> DaemonSets { get; init; } = [];

    /// <summary>kubeadm's <c>kube-system/kubeadm-config</c>, a platform marker (Kubespray's certificate directory).</summary>
    public ConfigMapSnapshot? KubeadmConfig { get; init; }

    /// <summary>What kube-vip, OpenELB and Cilium left in the API.</summary>
    public OtherAnnouncerFacts OtherAnnouncers { get; init; } = OtherAnnouncerFacts.None;

    /// <summary>Every kube-proxy found (see <see cref="KubeProxyDeployment.ReadAllAsync"/>); <see cref="KubeProxy"/> is the first DaemonSet of them, or the ConfigMap alone.</summary>
    public IReadOnlyList<KubeProxyDeployment> KubeProxies { get; init; } = [];

    /// <summary>Every pod; <c>null</c> when the credentials may not list them.</summary>
    public IReadOnlyList<PodSnapshot>? Pods { get; init; }

    /// <summary>The optional reads the API server refused (403/404): the verdict stands, and each is a note of what is not known.</summary>
    public IReadOnlyList<UnreadFact> Unread { get; init; } = [];

    /// <summary>The part of these facts that is about kube-proxy (what <c>fix</c> reads alone).</summary>
    public KubeProxyFacts Proxy => new(DaemonSets, Nodes, Pods, KubeProxies, KubeadmConfig, Unread);

    /// <summary>
    /// Reads everything <c>check</c> judges: <see cref="KubeProxyFacts.ReadAsync"/> first, then the announcers' objects.
    /// The reads that decide kube-proxy's verdict are needed: their failure propagates as <see cref="ClusterApiException"/>.
    /// The others are optional: refused (403/404), each becomes an <see cref="UnreadFact"/> in <see cref="Unread"/>.
    /// </summary>
    public static async Task<ClusterFacts> ReadAsync(IClusterApi api, CancellationToken ct)
    {
        var proxy = await KubeProxyFacts.ReadAsync(api, ct).ConfigureAwait(false);
        var read = new PartialRead();
        var (daemonSets, pods) = (proxy.DaemonSets, proxy.Pods);
        var speaker = MetalLbFacts.FindSpeaker(daemonSets);
        var metalLb = await read.OptionalAsync("MetalLB's advertisements", "whether MetalLB announces in layer 2 is not known, so it is taken to", MetalLbResources.NotRead,
            () => api.GetMetalLbResourcesAsync(speaker?.Namespace ?? DefaultMetalLbNamespace, MetalLbFacts.LegacyConfigName(speaker), ct)).ConfigureAwait(false);
        var services = await read.OptionalAsync("services", "the LoadBalancer Services and their VIPs are not listed", (IReadOnlyList<ServiceSnapshot>)[],
            () => api.ListLoadBalancerServicesAsync(ct)).ConfigureAwait(false);
        var statuses = await read.OptionalAsync("servicel2statuses.metallb.io", "the node MetalLB announces each VIP from is not known", (IReadOnlyList<ServiceL2StatusSnapshot>)[],
            () => api.ListServiceL2StatusesAsync(ct)).ConfigureAwait(false);
        var events = await read.OptionalAsync("events", "MetalLB's nodeAssigned events do not name announcing nodes", (IReadOnlyList<AnnouncementEvent>)[],
            () => api.ListAnnouncementEventsAsync(ct)).ConfigureAwait(false);
        var others = new OtherAnnouncerFacts(
            await read.OptionalAsync("leases", "the kube-vip and Cilium announcers' nodes are not known", (IReadOnlyList<LeaseSnapshot>)[],
                () => api.ListLeasesAsync(ct)).ConfigureAwait(false),
            await read.OptionalAsync("eips.network.kubesphere.io", "whether OpenELB announces in layer 2 is not known", (IReadOnlyList<(string Name, string Protocol)>?)null,
                () => api.ListOpenElbEipsAsync(ct)).ConfigureAwait(false),
            await read.OptionalAsync("configmap cilium-config", "whether Cilium announces in layer 2 is not known", (ConfigMapSnapshot?)null,
                () => api.GetConfigMapAsync(AnnouncerSignatures.CiliumNamespace(daemonSets), "cilium-config", ct)).ConfigureAwait(false))
        {
            StaticPods = pods?.Where(p => p.IsMirror && p.Namespace == KubeProxyDeployment.Namespace).ToList() ?? [],
        };
        return new ClusterFacts(proxy.KubeProxy, speaker, metalLb, proxy.Nodes, services, statuses, events)
        {
            DaemonSets = daemonSets,
            KubeadmConfig = proxy.KubeadmConfig,
            OtherAnnouncers = others,
            KubeProxies = proxy.KubeProxies,
            Pods = pods,
            Unread = [.. proxy.Unread, .. read.Unread],
        };
    }
}
