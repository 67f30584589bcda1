using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.Platforms;

/// <summary>
/// Tells who manages kube-proxy from the markers each platform leaves: KKP's addon label
/// <c>kubermatic-addon</c>, KubeOne's <c>kubeone.io/</c> labels and node labels, RKE2's kubelet version
/// suffix <c>+rke2</c> and <c>rke2.io/</c> node annotations, Kubespray's markers; else kubeadm.
/// </summary>
public static class PlatformDetector
{
    public static PlatformDetection Detect(ConfigMapSnapshot? kubeProxyConfig, DaemonSetSnapshot? kubeProxy, IReadOnlyList<NodeSnapshot> nodes)
    {
        var objects = new List<(string What, IReadOnlyDictionary<string, string> Map)>();
        if (kubeProxyConfig is not null)
        {
            objects.Add(($"configmap {kubeProxyConfig.Namespace}/{kubeProxyConfig.Name} label", kubeProxyConfig.Labels));
            objects.Add(($"configmap {kubeProxyConfig.Namespace}/{kubeProxyConfig.Name} annotation", kubeProxyConfig.Annotations));
        }
        if (kubeProxy is not null)
        {
            objects.Add(($"daemonset {kubeProxy.Namespace}/{kubeProxy.Name} label", kubeProxy.Labels));
            objects.Add(($"daemonset {kubeProxy.Namespace}/{kubeProxy.Name} annotation", kubeProxy.Annotations));
        }

        var kkp = Markers(objects, k => k is "kubermatic-addon" or "addons.kubermatic.io/ensure");
        if (kkp.Count > 0) return new PlatformDetection(KubeProxyManager.Kkp, kkp);

        var nodeObjects = nodes.SelectMany(n => new (string, IReadOnlyDictionary<string, string>)[]
            { ($"node {n.Name} label", n.Labels), ($"node {n.Name} annotation", n.Annotations) }).ToList();

        var kubeone = Markers(objects.Concat(nodeObjects), k => k.Contains("kubeone.io/", StringComparison.Ordinal));
        if (kubeone.Count > 0) return new PlatformDetection(KubeProxyManager.KubeOne, kubeone.Take(3).ToList());

        var rke2 = nodes.Where(n => n.KubeletVersion.Contains("+rke2", StringComparison.Ordinal))
            .Select(n => $"node {n.Name} kubeletVersion {n.KubeletVersion}")
            .Concat(Markers(nodeObjects, k => k.StartsWith("rke2.io/", StringComparison.Ordinal))).ToList();
        if (rke2.Count > 0) return new PlatformDetection(KubeProxyManager.Rke2, rke2.Take(3).ToList());

        var kubespray = Markers(objects.Concat(nodeObjects), k => k.Contains("kubespray", StringComparison.OrdinalIgnoreCase));
        if (kubespray.Count > 0) return new PlatformDetection(KubeProxyManager.Kubespray, kubespray.Take(3).ToList());

        return new PlatformDetection(KubeProxyManager.Kubeadm, kubeProxyConfig is null ? [] : [$"configmap {kubeProxyConfig.Namespace}/{kubeProxyConfig.Name} without a platform's markers"]);
    }

    private static List<string> Markers(IEnumerable<(string What, IReadOnlyDictionary<string, string> Map)> objects, Func<string, bool> isMarker) =>
        objects.SelectMany(o => o.Map.Where(kv => isMarker(kv.Key)).Select(kv => $"{o.What} {kv.Key}={kv.Value}")).ToList();
}
