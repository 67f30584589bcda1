using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Findings;
using ArpDoctor.TestKit.Cluster;
using Xunit;
using static ArpDoctor.TestKit.Cluster.ClusterKit;

namespace ArpDoctor.Core.Tests.Diagnosis;

/// <summary>
/// check's rules on an in-memory cluster (address plan in <see cref="ClusterKit"/>): each case builds the objects a
/// platform leaves, reads them through the port as check does, and names the verdict and the findings it must give.
/// </summary>
public sealed class ClusterCheckRulesTests
{
    /// <summary>A cluster, the verdict check gives, and findings (<c>id</c> or <c>id:severity</c>) that must be among its own.</summary>
    public sealed record Case(Func<InMemoryCluster> Build, string Verdict, params string[] Findings);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["kubeadm ipvs strictARP off, MetalLB layer 2"] = new(() => Kubeadm(KubeProxyConf()), "must-change", "strict-arp-off:Critical", "metallb-layer2"),
        ["kubeadm ipvs strictARP on"] = new(() => Kubeadm(KubeProxyConf(strictArp: true)), "nothing-must-change", "strict-arp-on"),
        ["kubeadm iptables"] = new(() => Kubeadm(KubeProxyConf("iptables")), "nothing-must-change", "kube-proxy-mode"),
        ["strictARP off without any announcer is a warning"] = new(() => Kubeadm(KubeProxyConf(), metalLb: false), "nothing-must-change", "strict-arp-off:Warning", "metallb-absent"),
        ["MetalLB BGP only makes ARP irrelevant"] = new(() => Bgp(), "nothing-must-change", "strict-arp-off:Info", "metallb-bgp-only"),
        ["MetalLB's advertisements forbidden: taken as layer 2"] = new(() => Kubeadm(KubeProxyConf()).Refuse("metallb"), "must-change", "metallb-unknown", "strict-arp-off:Critical", "unread-metallb-advertisements"),
        ["kube-vip in ARP mode is a layer-2 announcer"] = new(() => WithKubeVip(arp: true), "must-change", "announcer-kube-vip", "strict-arp-off:Critical"),
        ["kube-vip without ARP announces nothing in layer 2"] = new(() => WithKubeVip(arp: false), "nothing-must-change", "announcer-kube-vip", "strict-arp-off:Warning"),
        ["a strict kube-system kube-proxy does not hide a loose second DaemonSet"] = new(() => TwoKubeProxies(), "must-change", "strict-arp-on", "strict-arp-off:Critical"),
        ["static pods without --ipvs-strict-arp"] = new(() => StaticPods("--proxy-mode=ipvs"), "must-change", "strict-arp-off:Critical"),
        ["static pods with --ipvs-strict-arp=true"] = new(() => StaticPods("--proxy-mode=ipvs", "--ipvs-strict-arp=true"), "nothing-must-change", "strict-arp-on"),
        ["a boolean flag with a separate value is refused by kube-proxy"] = new(() => StaticPods("--proxy-mode=ipvs", "--ipvs-strict-arp", "true"), "must-change", "kube-proxy-config-invalid:Critical"),
        ["restart pending: pods started before the file's last write"] = new(() => RestartPending(), "must-change", "strict-arp-on", "restart-pending:Critical"),
        ["restart unknown: pods unreadable, no restart since the write"] = new(() => Kubeadm(KubeProxyConf(strictArp: true)).Refuse("pods"), "cannot-tell", "strict-arp-on", "restart-unknown"),
        ["pods unreadable, but a restart after the write rolled out"] = new(() => RestartedAfterWrite().Refuse("pods"), "nothing-must-change", "strict-arp-on"),
        ["KKP owns the ConfigMap: its advice, and still critical"] = new(() => Platform(cmLabels: Map("kubermatic-addon=kube-proxy")), "must-change", "kube-proxy-manager", "strict-arp-off:Critical"),
        ["KubeOne's node labels"] = new(() => Platform(nodeLabels: Map("v1.kubeone.io/operating-system=ubuntu")), "must-change", "kube-proxy-manager", "strict-arp-off:Critical"),
        ["k3s node-args run kube-proxy in ipvs without strictARP"] = new(() => Embedded("k3s", "v1.31.4+k3s1", "[\"server\",\"--kube-proxy-arg\",\"proxy-mode=ipvs\"]"), "must-change", "strict-arp-off:Critical"),
        ["RKE2 node-args with strictARP on"] = new(() => Embedded("rke2", "v1.31.4+rke2r1", "[\"server\",\"--kube-proxy-arg\",\"proxy-mode=ipvs\",\"--kube-proxy-arg\",\"ipvs-strict-arp=true\"]"), "nothing-must-change", "strict-arp-on"),
        ["k3s without kube-proxy"] = new(() => Embedded("k3s", "v1.31.4+k3s1", "[\"server\",\"--disable-kube-proxy\"]"), "nothing-must-change", "kube-proxy-absent"),
        ["RKE2 whose settings the API does not show"] = new(() => Embedded("rke2", "v1.31.4+rke2r1", null), "cannot-tell", "kube-proxy-config-unreadable"),
        ["k8s-snap runs kube-proxy as a host service"] = new(() => K8sSnap(), "cannot-tell", "kube-proxy-config-unreadable:Warning"),
        ["EKS: layer 2 does not apply"] = new(() => Platform(nodeLabels: Map("eks.amazonaws.com/nodegroup=workers"), kubelet: "v1.31.3-eks-59bf375", providerId: "aws:///us-east-1a/i-0abc"),
            "nothing-must-change", "cloud-platform:Warning", "strict-arp-off:Info"),
        ["a cloud node among layer-2 nodes is named, the others judged"] = new(() => MixedCloud(), "must-change", "cloud-nodes", "strict-arp-off:Critical"),
        ["no kube-proxy at all"] = new(() => NoKubeProxy(), "nothing-must-change", "kube-proxy-absent"),
        ["a leftover kube-proxy ConfigMap is unused"] = new(() => Leftover(), "nothing-must-change", "kube-proxy-unused:Warning"),
        ["a Windows-only kube-proxy is not judged"] = new(() => WindowsOnly(), "must-change", "kube-proxy-windows", "strict-arp-off:Critical"),
        ["IPVS deprecated from 1.35"] = new(() => Platform(kubelet: "v1.35.0"), "must-change", "ipvs-deprecated:Warning"),
        ["leases forbidden: a note, the verdict stands"] = new(() => Kubeadm(KubeProxyConf()).Refuse("leases"), "must-change", "unread-leases", "strict-arp-off:Critical"),
        ["events forbidden: a note, the verdict stands"] = new(() => Kubeadm(KubeProxyConf()).Refuse("events"), "must-change", "unread-events"),
        ["kubeadm-config forbidden: a note"] = new(() => Kubeadm(KubeProxyConf(strictArp: true)).Refuse("configmap kube-system/kubeadm-config"), "nothing-must-change", "unread-configmap-kubeadm-config"),
        ["nodes forbidden with kube-proxy in the API: a note"] = new(() => Kubeadm(KubeProxyConf()).Refuse("nodes"), "must-change", "unread-nodes", "strict-arp-off:Critical"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Check_gives_the_verdict_and_findings_the_cluster_calls_for(string name)
    {
        var c = Cases[name];
        var report = ClusterCheck.Diagnose(await ClusterFacts.ReadAsync(c.Build(), CancellationToken.None));
        var found = report.Findings.Select(f => $"{f.Id}:{f.Severity}").ToList();
        Assert.True(c.Verdict == report.Verdict, $"{report.Verdict}, not {c.Verdict}: {string.Join(", ", found)}");
        foreach (var want in c.Findings)
            Assert.True(found.Any(f => want.Contains(':', StringComparison.Ordinal) ? f == want : f.StartsWith(want + ":", StringComparison.Ordinal)),
                $"{want} not among {string.Join(", ", found)}");
    }

    [Fact]
    public async Task Without_kube_proxy_in_the_API_nodes_decide_so_nodes_forbidden_is_a_failure_not_an_all_clear()
    {
        var cluster = NoKubeProxy().Refuse("nodes");
        var e = await Assert.ThrowsAsync<ClusterApiException>(() => ClusterFacts.ReadAsync(cluster, CancellationToken.None));
        Assert.Equal(ApiRefusal.Forbidden, e.Refusal);
    }

    [Fact]
    public async Task The_file_kube_proxy_reads_is_needed_so_its_ConfigMap_forbidden_is_a_failure()
    {
        var cluster = Kubeadm(KubeProxyConf()).Refuse("configmap kube-system/kube-proxy");
        await Assert.ThrowsAsync<ClusterApiException>(() => ClusterFacts.ReadAsync(cluster, CancellationToken.None));
    }

    [Fact]
    public async Task The_restart_pending_finding_names_the_pods_that_run_the_old_file()
    {
        var report = ClusterCheck.Diagnose(await ClusterFacts.ReadAsync(RestartPending(), CancellationToken.None));
        var pending = Assert.Single(report.Findings, f => f.Id == "restart-pending");
        Assert.Contains("kube-proxy-n1, kube-proxy-n2, kube-proxy-n3", pending.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_Service_is_listed_with_the_node_its_announcer_names()
    {
        var cluster = Kubeadm(KubeProxyConf());
        cluster.Events.Add(new AnnouncementEvent("shop", "web", "n1", "layer2", new DateTimeOffset(2025, 12, 1, 9, 0, 0, TimeSpan.Zero)));
        cluster.L2Statuses.Add(new ServiceL2StatusSnapshot("shop", "web", "n2", new DateTimeOffset(2025, 12, 1, 8, 0, 0, TimeSpan.Zero)));
        var report = ClusterCheck.Diagnose(await ClusterFacts.ReadAsync(cluster, CancellationToken.None));
        var web = Assert.Single(report.Services);
        // A ServiceL2Status outranks a newer event.
        Assert.Equal(("shop", "web", "n2"), (web.Namespace, web.Name, web.Announcer));
    }

    private static InMemoryCluster Bgp()
    {
        var cluster = Kubeadm(KubeProxyConf());
        cluster.L2Advertisements.Clear();
        cluster.BgpAdvertisements.Add("bgp");
        return cluster;
    }

    private static InMemoryCluster WithKubeVip(bool arp)
    {
        var cluster = Kubeadm(KubeProxyConf(), metalLb: false);
        cluster.Add(KubeVip(arp)).Add(Web());
        return cluster;
    }

    private static InMemoryCluster TwoKubeProxies()
    {
        var cluster = new InMemoryCluster();
        var main = KubeProxyDaemonSet(placement: new PodPlacement(Map("zone=core"), [], []));
        var edge = KubeProxyDaemonSet(ns: "edge", name: "kube-proxy-edge", configMap: "kube-proxy-edge", placement: new PodPlacement(Map("zone=edge"), [], []));
        cluster.Add(KubeProxyConfigMap(KubeProxyConf(strictArp: true))).Add(main)
            .Add(KubeProxyConfigMap(KubeProxyConf(), ns: "edge", name: "kube-proxy-edge")).Add(edge);
        for (int i = 1; i <= 3; i++)
        {
            var zone = i == 3 ? "edge" : "core";
            cluster.Add(Node(i, labels: Map($"kubernetes.io/hostname=n{i}", "kubernetes.io/os=linux", $"zone={zone}")))
                .Add(PodOf(zone == "edge" ? edge : main, $"n{i}"));
        }
        AddMetalLb(cluster);
        return cluster;
    }

    private static InMemoryCluster StaticPods(params string[] args)
    {
        var cluster = new InMemoryCluster();
        for (int i = 1; i <= 3; i++) cluster.Add(Node(i)).Add(StaticKubeProxy($"n{i}", args));
        AddMetalLb(cluster);
        return cluster;
    }

    /// <summary>strictARP on in the file, written after the pods started (someone edited it and did not restart).</summary>
    private static InMemoryCluster RestartPending()
    {
        var cluster = Kubeadm(KubeProxyConf(strictArp: true));
        cluster.Add(KubeProxyConfigMap(KubeProxyConf(strictArp: true), lastWrite: PodsStarted.AddHours(1)));
        return cluster;
    }

    private static InMemoryCluster RestartedAfterWrite()
    {
        var cluster = Kubeadm(KubeProxyConf(strictArp: true));
        var ds = cluster.DaemonSet("kube-system", "kube-proxy")!;
        cluster.Add(ds with { TemplateAnnotations = new Dictionary<string, string>(ds.TemplateAnnotations) { ["kubectl.kubernetes.io/restartedAt"] = "2025-12-01T00:00:00Z" } });
        return cluster;
    }

    private static InMemoryCluster Platform(Dictionary<string, string>? cmLabels = null, Dictionary<string, string>? nodeLabels = null, string kubelet = "v1.31.4", string providerId = "")
    {
        var cluster = new InMemoryCluster();
        var ds = KubeProxyDaemonSet();
        cluster.Add(KubeProxyConfigMap(KubeProxyConf(), labels: cmLabels)).Add(ds);
        for (int i = 1; i <= 3; i++)
        {
            var labels = new Dictionary<string, string>(nodeLabels ?? []) { [$"kubernetes.io/hostname"] = $"n{i}", ["kubernetes.io/os"] = "linux" };
            cluster.Add(Node(i, kubelet, labels, providerId: providerId)).Add(PodOf(ds, $"n{i}"));
        }
        AddMetalLb(cluster);
        return cluster;
    }

    /// <summary>k3s or RKE2: kube-proxy inside the program, its flags in each node's node-args (<c>null</c>: no annotation).</summary>
    private static InMemoryCluster Embedded(string program, string kubelet, string? nodeArgs)
    {
        var cluster = new InMemoryCluster();
        for (int i = 1; i <= 3; i++)
            cluster.Add(Node(i, kubelet, annotations: nodeArgs is null ? Map($"{program}.io/hostname=n{i}") : new Dictionary<string, string> { [$"{program}.io/node-args"] = nodeArgs }));
        AddMetalLb(cluster);
        return cluster;
    }

    private static InMemoryCluster K8sSnap()
    {
        var cluster = new InMemoryCluster();
        for (int i = 1; i <= 3; i++) cluster.Add(Node(i, labels: Map($"kubernetes.io/hostname=n{i}", "kubernetes.io/os=linux", "k8sd.io/role=worker")));
        AddMetalLb(cluster);
        return cluster;
    }

    private static InMemoryCluster MixedCloud()
    {
        var cluster = Kubeadm(KubeProxyConf());
        cluster.Nodes[2] = Node(3, providerId: "aws:///us-east-1a/i-0abc");
        return cluster;
    }

    private static InMemoryCluster NoKubeProxy()
    {
        var cluster = new InMemoryCluster();
        for (int i = 1; i <= 3; i++) cluster.Add(Node(i));
        AddMetalLb(cluster);
        return cluster;
    }

    private static InMemoryCluster Leftover()
    {
        var cluster = NoKubeProxy();
        cluster.Add(KubeProxyConfigMap(KubeProxyConf()));
        return cluster;
    }

    private static InMemoryCluster WindowsOnly()
    {
        var cluster = Kubeadm(KubeProxyConf());
        var win = KubeProxyDaemonSet(name: "kube-proxy-windows", placement: new PodPlacement(Map("kubernetes.io/os=windows"), [], []));
        cluster.Add(win).Add(Node(4, labels: Map("kubernetes.io/hostname=n4", "kubernetes.io/os=windows"))).Add(PodOf(win, "n4"));
        return cluster;
    }

    private static void AddMetalLb(InMemoryCluster cluster)
    {
        var speaker = Speaker();
        cluster.Add(speaker);
        cluster.L2Advertisements.Add(new L2AdvertisementSnapshot("metallb-system", "l2", []));
        cluster.Add(Web());
    }
}
