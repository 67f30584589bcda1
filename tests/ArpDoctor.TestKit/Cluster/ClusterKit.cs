using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.TestKit.Cluster;

/// <summary>
/// Cluster objects as the adapter decodes them from what the API server sends, in the shapes kubeadm, MetalLB and
/// kube-vip create them. The address plan of every cluster built here:
/// <code>
///   nodes      n1 192.0.2.11, n2 192.0.2.12, n3 192.0.2.13 (InternalIP)
///   VIP        203.0.113.10 for Service shop/web
/// </code>
/// </summary>
public static class ClusterKit
{
    public static readonly DateTimeOffset PodsStarted = new(2025, 12, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ConfigWritten = new(2025, 11, 30, 8, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, string> Map(params string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);

    /// <summary>kube-proxy's configuration file as kubeadm writes it, with <c>mode</c> and <c>strictARP</c> set.</summary>
    public static string KubeProxyConf(string mode = "ipvs", bool strictArp = false) =>
        "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n" +
        "bindAddress: 0.0.0.0\n" +
        "clientConnection:\n  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf\n" +
        "clusterCIDR: 10.244.0.0/16\n" +
        "ipvs:\n  excludeCIDRs: null\n  minSyncPeriod: 0s\n  scheduler: \"\"\n" +
        $"  strictARP: {(strictArp ? "true" : "false")}\n  syncPeriod: 0s\n" +
        "kind: KubeProxyConfiguration\n" +
        $"mode: {mode}\n";

    /// <summary>kubeadm's <c>kube-system/kube-proxy</c> ConfigMap: <c>config.conf</c> and <c>kubeconfig.conf</c>.</summary>
    public static ConfigMapSnapshot KubeProxyConfigMap(string configConf, Dictionary<string, string>? labels = null, string ns = "kube-system", string name = "kube-proxy",
        DateTimeOffset? lastWrite = null) =>
        new(ns, name, "1", new Dictionary<string, string>
        {
            ["config.conf"] = configConf,
            ["kubeconfig.conf"] = "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://192.0.2.11:6443\n  name: default\n",
        }, labels ?? Map("app=kube-proxy"), Map("kubeadm.kubernetes.io/component-config.hash=sha256:0f1e2d"))
        {
            Uid = $"uid-{ns}-{name}",
            LastWrite = lastWrite ?? ConfigWritten,
        };

    /// <summary>kubeadm's kube-proxy container: <c>--config</c> through the ConfigMap volume at <c>/var/lib/kube-proxy</c>.</summary>
    public static ContainerSnapshot KubeProxyContainer(params string[] extraArgs) =>
        new("kube-proxy", "registry.k8s.io/kube-proxy:v1.31.4",
            ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)", .. extraArgs], [],
            [new VolumeMountSnapshot("kube-proxy", "/var/lib/kube-proxy", null), new VolumeMountSnapshot("lib-modules", "/lib/modules", null)]);

    /// <summary>kubeadm's <c>kube-system/kube-proxy</c> DaemonSet, rolled out on <paramref name="pods"/> nodes.</summary>
    public static DaemonSetSnapshot KubeProxyDaemonSet(int pods = 3, string ns = "kube-system", string name = "kube-proxy", string configMap = "kube-proxy",
        ContainerSnapshot? container = null, Dictionary<string, string>? labels = null, PodPlacement? placement = null) =>
        new(ns, name, labels ?? Map("k8s-app=kube-proxy"), Map(), Map("prometheus.io/scrape=true", "example.com/owner=platform-team"),
            [container ?? KubeProxyContainer()], 1, 1, pods, pods, pods,
            [new VolumeSnapshot("kube-proxy", [new ConfigMapProjection(configMap, [])], null), new VolumeSnapshot("lib-modules", [], "/lib/modules")])
        {
            Placement = placement ?? PodPlacement.Anywhere,
        };

    /// <summary>A pod the DaemonSet runs on <paramref name="node"/>, its containers started at <paramref name="started"/>.</summary>
    public static PodSnapshot PodOf(DaemonSetSnapshot ds, string node, DateTimeOffset? started = null) =>
        new(ds.Namespace, $"{ds.Name}-{node}", node, Map(), Map(), "DaemonSet", ds.Name, ds.Containers, ds.Volumes,
            ds.Containers.ToDictionary(c => c.Name, _ => started ?? PodsStarted), "Running");

    /// <summary>A static pod's mirror that runs kube-proxy on <paramref name="node"/> with <paramref name="args"/>.</summary>
    public static PodSnapshot StaticKubeProxy(string node, params string[] args) =>
        new("kube-system", $"kube-proxy-{node}", node, Map("component=kube-proxy"), Map("kubernetes.io/config.mirror=abc123", "kubernetes.io/config.source=file"),
            "Node", node, [new ContainerSnapshot("kube-proxy", "registry.k8s.io/kube-proxy:v1.31.4", ["kube-proxy", .. args], [], [])], [],
            new Dictionary<string, DateTimeOffset> { ["kube-proxy"] = PodsStarted }, "Running");

    /// <summary>Node <c>n<paramref name="i"/></c> at 192.0.2.1<paramref name="i"/>.</summary>
    public static NodeSnapshot Node(int i, string kubeletVersion = "v1.31.4", Dictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null,
        string providerId = "", string osImage = "Ubuntu 24.04.1 LTS") =>
        new($"n{i}", [Ipv4Address.Parse($"192.0.2.1{i}")], labels ?? Map($"kubernetes.io/hostname=n{i}", "kubernetes.io/os=linux"), annotations ?? Map(),
            kubeletVersion, osImage, providerId);

    /// <summary>MetalLB's speaker DaemonSet (metallb-system/speaker).</summary>
    public static DaemonSetSnapshot Speaker(string version = "v0.14.8") =>
        new("metallb-system", "speaker", Map("app=metallb", "component=speaker"), Map(), Map(),
            [new ContainerSnapshot("speaker", $"quay.io/metallb/speaker:{version}", [], ["--port=7472"], [])], 1, 1, 3, 3, 3, []);

    /// <summary>kube-vip as a DaemonSet in ARP mode announcing Services (<c>vip_arp</c>, <c>svc_enable</c>).</summary>
    public static DaemonSetSnapshot KubeVip(bool arp = true, bool election = false) =>
        new("kube-system", "kube-vip-ds", Map("app.kubernetes.io/name=kube-vip-ds"), Map(), Map(),
            [new ContainerSnapshot("kube-vip", "ghcr.io/kube-vip/kube-vip:v0.8.7", [], ["manager"], [],
                Map($"vip_arp={(arp ? "true" : "false")}", "svc_enable=true", $"svc_election={(election ? "true" : "false")}", "bgp_enable=false"))],
            1, 1, 3, 3, 3, []);

    /// <summary>Service shop/web with VIP 203.0.113.10.</summary>
    public static ServiceSnapshot Web(Dictionary<string, string>? annotations = null) => new("shop", "web", ["203.0.113.10"], annotations, "uid-web", "50");

    /// <summary>
    /// kubeadm with MetalLB in layer 2 on three nodes: kube-proxy's DaemonSet, its ConfigMap holding
    /// <paramref name="configConf"/>, a pod per node, MetalLB's speaker and one L2Advertisement, Service shop/web.
    /// </summary>
    public static InMemoryCluster Kubeadm(string configConf, TimeProvider? time = null, bool metalLb = true)
    {
        var cluster = time is null ? new InMemoryCluster() : new InMemoryCluster(time);
        // Without MetalLB its CRDs are not installed either.
        cluster.MetalLbCrds = metalLb;
        var ds = KubeProxyDaemonSet();
        cluster.Add(KubeProxyConfigMap(configConf)).Add(ds);
        for (int i = 1; i <= 3; i++) cluster.Add(Node(i)).Add(PodOf(ds, $"n{i}"));
        if (metalLb)
        {
            var speaker = Speaker();
            cluster.Add(speaker);
            for (int i = 1; i <= 3; i++) cluster.Add(PodOf(speaker, $"n{i}"));
            cluster.L2Advertisements.Add(new L2AdvertisementSnapshot("metallb-system", "l2", []));
            cluster.Add(Web());
        }
        return cluster;
    }
}
