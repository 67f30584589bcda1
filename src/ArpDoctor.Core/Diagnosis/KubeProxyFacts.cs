using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Platforms;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>
/// What decides kube-proxy's strictARP and who manages it, and nothing about the announcers: every kube-proxy, the
/// nodes, the pods, kubeadm's <c>kube-system/kubeadm-config</c>. <c>fix</c> reads only these; <c>check</c> reads them
/// first, as part of <see cref="ClusterFacts"/>.
/// </summary>
public sealed record KubeProxyFacts(
    IReadOnlyList<DaemonSetSnapshot> DaemonSets,
    IReadOnlyList<NodeSnapshot> Nodes,
    IReadOnlyList<PodSnapshot>? Pods,
    IReadOnlyList<KubeProxyDeployment> KubeProxies,
    ConfigMapSnapshot? KubeadmConfig,
    IReadOnlyList<UnreadFact> Unread)
{
    internal const string NodesWhat = "nodes", KubeadmConfigWhat = "configmap kube-system/kubeadm-config";

    /// <summary>The first kube-proxy DaemonSet, or the ConfigMap alone; <c>null</c> when there is neither.</summary>
    public KubeProxyDeployment? KubeProxy => KubeProxies.FirstOrDefault(k => k.MirrorPod is null);

    /// <summary>An unread fact that decides who manages kube-proxy (nodes' labels, kubeadm-config): a writer must not guess it.</summary>
    public UnreadFact? PlatformUnread => Unread.FirstOrDefault(u => u.What is NodesWhat or KubeadmConfigWhat);

    /// <summary>Who manages kube-proxy.</summary>
    public PlatformDetection Platform() =>
        PlatformDetector.Detect(new PlatformInputs(KubeProxy?.ConfigMap, KubeProxy?.DaemonSet, Nodes, KubeadmConfig));

    /// <summary>kube-proxy's flags per node where it runs inside k3s or as RKE2's static pod, from their node-args; empty elsewhere.</summary>
    public IReadOnlyList<NodeKubeProxy> Embedded(PlatformDetection platform) =>
        KubeProxy is null && ClusterCheck.ProgramOf(platform) is { } program ? NodeArgs.Read(Nodes, program) : [];

    /// <summary>
    /// Reads the facts: DaemonSets, nodes, pods, the ConfigMap behind each kube-proxy's <c>--config</c>, kubeadm-config.
    /// DaemonSets, pods and kube-proxy's ConfigMaps are needed (their failure propagates as <see cref="ClusterApiException"/>);
    /// nodes are needed only when no kube-proxy is in the API; kubeadm-config is optional. A refused optional read is an
    /// <see cref="UnreadFact"/>.
    /// </summary>
    public static async Task<KubeProxyFacts> ReadAsync(IClusterApi api, CancellationToken ct)
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
        var kubeadmConfig = await read.OptionalAsync(KubeadmConfigWhat, "Kubespray is not told apart from kubeadm", (ConfigMapSnapshot?)null,
            () => api.GetConfigMapAsync(KubeProxyDeployment.Namespace, "kubeadm-config", ct)).ConfigureAwait(false);
        return new KubeProxyFacts(daemonSets, nodes, pods, kubeProxies, kubeadmConfig, read.Unread);
    }
}
