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

    /// <summary>Reads the facts through <paramref name="api"/>; API failures propagate as <see cref="ClusterApiException"/>.</summary>
    public static async Task<ClusterFacts> ReadAsync(IClusterApi api, CancellationToken ct)
    {
        var daemonSets = await api.ListDaemonSetsAsync(ct).ConfigureAwait(false);
        var nodes = await api.ListNodesAsync(ct).ConfigureAwait(false);
        var pods = await api.ListPodsAsync(ct).ConfigureAwait(false);
        var kubeProxies = await KubeProxyDeployment.ReadAllAsync(api, daemonSets, pods, nodes, ct).ConfigureAwait(false);
        var kubeProxy = kubeProxies.FirstOrDefault(k => k.MirrorPod is null);
        var kubeadmConfig = await api.GetConfigMapAsync(KubeProxyDeployment.Namespace, "kubeadm-config", ct).ConfigureAwait(false);
        var speaker = MetalLbFacts.FindSpeaker(daemonSets);
        var metalLb = await api.GetMetalLbResourcesAsync(speaker?.Namespace ?? DefaultMetalLbNamespace, MetalLbFacts.LegacyConfigName(speaker), ct).ConfigureAwait(false);
        var services = await api.ListLoadBalancerServicesAsync(ct).ConfigureAwait(false);
        var statuses = await api.ListServiceL2StatusesAsync(ct).ConfigureAwait(false);
        var events = await api.ListAnnouncementEventsAsync(ct).ConfigureAwait(false);
        var others = new OtherAnnouncerFacts(
            await api.ListLeasesAsync(ct).ConfigureAwait(false),
            await api.ListOpenElbEipsAsync(ct).ConfigureAwait(false),
            await api.GetConfigMapAsync(AnnouncerSignatures.CiliumNamespace(daemonSets), "cilium-config", ct).ConfigureAwait(false))
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
        };
    }
}
