using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.Platforms;

/// <summary>What the platform is told from: kube-proxy's objects, the Nodes, and kubeadm's <c>kube-system/kubeadm-config</c>.</summary>
public sealed record PlatformInputs(
    ConfigMapSnapshot? KubeProxyConfigMap,
    DaemonSetSnapshot? KubeProxy,
    IReadOnlyList<NodeSnapshot> Nodes,
    ConfigMapSnapshot? KubeadmConfig = null);

/// <summary>
/// Tells who manages kube-proxy from the markers each platform really leaves (sources in docs/kubernetes.md), most
/// specific first: KKP's addon label, each node's platform (<see cref="NodePlatforms"/>: EKS hybrid, Google Distributed Cloud
/// bare metal, k8s-snap, then the clouds), OpenShift's, Rancher's, RKE2's and k3s' node-args
/// annotations, k0s' stack label, Talos' OS image, MicroK8s' node label, KubeOne's node label, Cluster API's node
/// annotations, Kubespray's certificate directory; else kubeadm.
/// </summary>
public static class PlatformDetector
{
    public static PlatformDetection Detect(ConfigMapSnapshot? kubeProxyConfig, DaemonSetSnapshot? kubeProxy, IReadOnlyList<NodeSnapshot> nodes) =>
        Detect(new PlatformInputs(kubeProxyConfig, kubeProxy, nodes));

    public static PlatformDetection Detect(PlatformInputs inputs)
    {
        var objects = new List<(string What, IReadOnlyDictionary<string, string> Map)>();
        if (inputs.KubeProxyConfigMap is { } cm)
        {
            objects.Add(($"configmap {cm.Namespace}/{cm.Name} label", cm.Labels));
            objects.Add(($"configmap {cm.Namespace}/{cm.Name} annotation", cm.Annotations));
        }
        if (inputs.KubeProxy is { } ds)
        {
            objects.Add(($"daemonset {ds.Namespace}/{ds.Name} label", ds.Labels));
            objects.Add(($"daemonset {ds.Namespace}/{ds.Name} annotation", ds.Annotations));
        }
        var nodes = inputs.Nodes;
        var nodeLabels = nodes.Select(n => ($"node {n.Name} label", n.Labels)).ToList();
        var nodeAnnotations = nodes.Select(n => ($"node {n.Name} annotation", n.Annotations)).ToList();
        var all = objects.Concat(nodeLabels).Concat(nodeAnnotations).ToList();

        var nodePlatforms = NodePlatforms.Of(nodes);
        IEnumerable<string> OnPlatform(string platform) => nodePlatforms.Where(p => p.Platform == platform).Select(p => p.Evidence);

        IEnumerable<string> Kubelet(string suffix) => nodes.Where(n => n.KubeletVersion.Contains(suffix, StringComparison.Ordinal))
            .Select(n => $"node {n.Name} kubeletVersion {n.KubeletVersion}");

        var rules = new (KubeProxyManager Manager, Func<IEnumerable<string>> Markers)[]
        {
            (KubeProxyManager.Kkp, () => Markers(objects, k => k is "kubermatic-addon" or "addons.kubermatic.io/ensure")),
            // Per node first: one hybrid node makes kube-proxy's strictARP matter, and an on-premises node is never called cloud.
            (KubeProxyManager.EksHybrid, () => OnPlatform(NodePlatforms.EksHybrid)),
            (KubeProxyManager.GdcBareMetal, () => OnPlatform(NodePlatforms.GdcBareMetal)),
            (KubeProxyManager.K8sSnap, () => OnPlatform(NodePlatforms.K8sSnap)),
            (KubeProxyManager.Eks, () => OnPlatform(NodePlatforms.Eks)),
            (KubeProxyManager.Aks, () => OnPlatform(NodePlatforms.Aks)),
            (KubeProxyManager.Gke, () => OnPlatform(NodePlatforms.Gke)),
            (KubeProxyManager.OpenShift, () => Markers(nodeLabels, k => k.StartsWith("node.openshift.io/", StringComparison.Ordinal))),
            (KubeProxyManager.RancherRke2, () => Rke2Markers(nodes, nodeAnnotations).Any()
                ? Markers(nodeLabels, k => k == "rke.cattle.io/machine") : []),
            (KubeProxyManager.Rke2, () => Rke2Markers(nodes, nodeAnnotations)),
            (KubeProxyManager.K3s, () => Markers(nodeAnnotations, k => k == "k3s.io/node-args").Concat(Kubelet("+k3s"))),
            (KubeProxyManager.K0s, () => Markers(objects.Concat(nodeLabels), k => k.StartsWith("k0s.k0sproject.io/", StringComparison.Ordinal) || k.StartsWith("node.k0sproject.io/", StringComparison.Ordinal)).Concat(Kubelet("+k0s"))),
            (KubeProxyManager.Talos, () => nodes.Where(n => n.OsImage.StartsWith("Talos (", StringComparison.Ordinal)).Select(n => $"node {n.Name} osImage {n.OsImage}")),
            (KubeProxyManager.MicroK8s, () => Markers(nodeLabels, k => k.StartsWith("microk8s.io/", StringComparison.Ordinal))),
            (KubeProxyManager.KubeOne, () => Markers(all, k => k.Contains("kubeone.io/", StringComparison.Ordinal))),
            (KubeProxyManager.ClusterApi, () => Markers(nodeAnnotations, k => k is "cluster.x-k8s.io/owner-kind" or "cluster.x-k8s.io/machine")),
            (KubeProxyManager.Kubespray, () => KubesprayMarkers(inputs, all)),
        };
        foreach (var (manager, markers) in rules)
        {
            var found = markers().Distinct().Take(3).ToList();
            if (found.Count > 0) return new PlatformDetection(manager, found);
        }
        return new PlatformDetection(KubeProxyManager.Kubeadm, inputs.KubeProxyConfigMap is { } c
            ? [$"configmap {c.Namespace}/{c.Name} without a platform's markers"] : []);
    }

    private static IEnumerable<string> Rke2Markers(IReadOnlyList<NodeSnapshot> nodes, List<(string, IReadOnlyDictionary<string, string>)> nodeAnnotations) =>
        Markers(nodeAnnotations, k => k == "rke2.io/node-args")
            .Concat(nodes.Where(n => n.KubeletVersion.Contains("+rke2", StringComparison.Ordinal)).Select(n => $"node {n.Name} kubeletVersion {n.KubeletVersion}"))
            .Concat(Markers(nodeAnnotations, k => k.StartsWith("rke2.io/", StringComparison.Ordinal)));

    /// <summary>
    /// Kubespray leaves no label of its own; its fingerprints are kubeadm's certificate directory moved to
    /// <c>/etc/kubernetes/ssl</c> and kube-proxy's kubeconfig pointed at the node-local API proxy.
    /// </summary>
    private static IEnumerable<string> KubesprayMarkers(PlatformInputs inputs, IEnumerable<(string What, IReadOnlyDictionary<string, string> Map)> all)
    {
        foreach (var m in Markers(all, k => k.Contains("kubespray", StringComparison.OrdinalIgnoreCase))) yield return m;
        if (inputs.KubeadmConfig?.Get("ClusterConfiguration") is { } cc && cc.Contains("certificatesDir: /etc/kubernetes/ssl", StringComparison.Ordinal))
            yield return "configmap kube-system/kubeadm-config ClusterConfiguration certificatesDir: /etc/kubernetes/ssl";
        if (inputs.KubeProxyConfigMap?.Get("kubeconfig.conf") is { } kc && kc.Contains("server: https://127.0.0.1:", StringComparison.Ordinal)
            && inputs.KubeadmConfig is not null && inputs.KubeadmConfig.Get("ClusterConfiguration")?.Contains("/etc/kubernetes/ssl", StringComparison.Ordinal) == true)
            yield return $"configmap {inputs.KubeProxyConfigMap.Namespace}/{inputs.KubeProxyConfigMap.Name} kubeconfig.conf server: https://127.0.0.1 (node-local API proxy)";
    }

    private static IEnumerable<string> Markers(IEnumerable<(string What, IReadOnlyDictionary<string, string> Map)> objects, Func<string, bool> isMarker) =>
        objects.SelectMany(o => o.Map.Where(kv => isMarker(kv.Key)).Select(kv => $"{o.What} {kv.Key}={Short(kv.Value)}"));

    private static string Short(string value) => value.Length <= 80 ? value : value[..77] + "...";
}
