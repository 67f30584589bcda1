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

    /// <summary>An unread fact that decides who manages kube-proxy (nodes' labels, kubeadm-config): a writer must not guess it.</summary>
    public UnreadFact? PlatformUnread => Unread.FirstOrDefault(u => u.What is NodesWhat or KubeadmConfigWhat);

    private const string NodesWhat = "nodes", KubeadmConfigWhat = "configmap kube-system/kubeadm-config";

    /// <summary>
    /// Reads the facts through <paramref name="api"/>. The reads that decide kube-proxy's verdict are needed: their
    /// failure propagates as <see cref="ClusterApiException"/>. The others are optional: refused (403/404), each becomes an
    /// <see cref="UnreadFact"/> in <see cref="Unread"/>. Each read is wrapped on its own, one line each.
    /// </summary>
    public static async Task<ClusterFacts> ReadAsync(IClusterApi api, CancellationToken ct)
    {
        var read = new PartialRead();
        // Needed: where kube-proxy (and the announcers) run, and the file kube-proxy reads.
        var daemonSets = await api.ListDaemonSetsAsync(ct).ConfigureAwait(false);
        // Nodes name where each kube-proxy runs; without any kube-proxy in the API they decide alone (k3s' and RKE2's
        // node-args, the platform), so a refusal is then needed after all.
        var (nodes, nodesRefused) = await PartialRead.TryAsync(() => api.ListNodesAsync(ct), (IReadOnlyList<NodeSnapshot>)[]).ConfigureAwait(false);
        var pods = await api.ListPodsAsync(ct).ConfigureAwait(false);
        var kubeProxies = await KubeProxyDeployment.ReadAllAsync(api, daemonSets, pods, nodes, ct).ConfigureAwait(false);
        if (nodesRefused is not null)
        {
            if (kubeProxies.Count == 0) throw nodesRefused;
            read.Add(NodesWhat, "the platform that manages kube-proxy and the Kubernetes version are not known", nodesRefused);
        }
        var kubeProxy = kubeProxies.FirstOrDefault(k => k.MirrorPod is null);
        var kubeadmConfig = await read.OptionalAsync(KubeadmConfigWhat, "Kubespray is not told apart from kubeadm", (ConfigMapSnapshot?)null,
            () => api.GetConfigMapAsync(KubeProxyDeployment.Namespace, "kubeadm-config", ct)).ConfigureAwait(false);
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
        return new ClusterFacts(kubeProxy, speaker, metalLb, nodes, services, statuses, events)
        {
            DaemonSets = daemonSets,
            KubeadmConfig = kubeadmConfig,
            OtherAnnouncers = others,
            KubeProxies = kubeProxies,
            Pods = pods,
            Unread = read.Unread,
        };
    }
}
