using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Fixing;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Platforms;
using Xunit;

namespace ArpDoctor.Core.Tests.Diagnosis;

public sealed class PlatformDetectorTests
{
    private static Dictionary<string, string> Map(params string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static ConfigMapSnapshot ConfigMap(Dictionary<string, string>? labels = null, string? conf = null) =>
        new("kube-system", "kube-proxy", "7", new Dictionary<string, string> { ["config.conf"] = conf ?? TestSupport.Golden("kube-proxy/kubeadm-ipvs.conf") },
            labels ?? Map("app=kube-proxy"), Map());

    private static NodeSnapshot Node(string version = "v1.31.4", Dictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null, string providerId = "", string name = "n1") =>
        new(name, [], labels ?? Map(), annotations ?? Map(), version, ProviderId: providerId);

    public static TheoryData<ConfigMapSnapshot?, NodeSnapshot, KubeProxyManager> Cases => new()
    {
        { ConfigMap(), Node(), KubeProxyManager.Kubeadm },
        { ConfigMap(Map("kubermatic-addon=kube-proxy")), Node(), KubeProxyManager.Kkp },
        // KKP's label wins over KubeOne's node labels: the addon is what re-applies the ConfigMap.
        { ConfigMap(Map("kubermatic-addon=kube-proxy")), Node(labels: Map("v1.kubeone.io/operating-system=ubuntu")), KubeProxyManager.Kkp },
        { ConfigMap(), Node(labels: Map("v1.kubeone.io/operating-system=flatcar")), KubeProxyManager.KubeOne },
        { ConfigMap(Map("kubeone.io/addon=kube-proxy")), Node(), KubeProxyManager.KubeOne },
        { null, Node("v1.30.6+rke2r1"), KubeProxyManager.Rke2 },
        { null, Node(annotations: Map("rke2.io/hostname=n1")), KubeProxyManager.Rke2 },
        { ConfigMap(), Node(labels: Map("kubespray.io/managed=true")), KubeProxyManager.Kubespray },
        { ConfigMap(), Node("v1.31.3-eks-59bf375", Map("eks.amazonaws.com/compute-type=hybrid", "eks.amazonaws.com/hybrid-credential-provider=ssm"), providerId: "eks-hybrid:///us-west-2/c/n1"), KubeProxyManager.EksHybrid },
        { ConfigMap(), Node("v1.31.3-eks-59bf375", Map("eks.amazonaws.com/nodegroup=workers"), providerId: "aws:///us-east-1a/i-0abc"), KubeProxyManager.Eks },
        // kubeadm on EC2: a provider ID says where the VM runs, not who manages kube-proxy.
        { ConfigMap(), Node(providerId: "aws:///us-east-1a/i-0abc"), KubeProxyManager.Kubeadm },
        // Google Distributed Cloud on bare metal carries a GKE-style kubelet version.
        { null, Node("v1.31.4-gke.1300", Map("baremetal.cluster.gke.io/node-pool=node-pool-1")), KubeProxyManager.GdcBareMetal },
        { null, Node("v1.31.4-gke.1300", Map("cloud.google.com/gke-nodepool=default-pool"), providerId: "gce://p/z/n1"), KubeProxyManager.Gke },
        { ConfigMap(), Node(labels: Map("k8sd.io/role=worker", "node-role.kubernetes.io/worker=")), KubeProxyManager.K8sSnap },
        // AKS Arc (Azure Local) nodes are VMs on premises: not the AKS cloud.
        { ConfigMap(), Node(labels: Map("kubernetes.azure.com/cluster=arc"), providerId: "moc://n1"), KubeProxyManager.Kubeadm },
    };

    public static TheoryData<NodeSnapshot, string, NodeNetwork> NodeCases => new()
    {
        { Node("v1.31.3-eks-59bf375", Map("eks.amazonaws.com/compute-type=hybrid")), NodePlatforms.EksHybrid, NodeNetwork.Layer2 },
        { Node("v1.31.3-eks-59bf375", providerId: "eks-hybrid:///us-west-2/c/n1"), NodePlatforms.EksHybrid, NodeNetwork.Layer2 },
        { Node("v1.31.3-eks-59bf375", Map("eks.amazonaws.com/compute-type=fargate")), NodePlatforms.Eks, NodeNetwork.Cloud },
        { Node("v1.31.4-gke.1300", Map("baremetal.cluster.gke.io/node-pool=np1")), NodePlatforms.GdcBareMetal, NodeNetwork.Layer2 },
        { Node("v1.31.4-gke.1300"), NodePlatforms.Gke, NodeNetwork.Cloud },
        { Node(labels: Map("kubernetes.azure.com/cluster=x"), providerId: "moc://vm-1"), NodePlatforms.AksArc, NodeNetwork.Layer2 },
        { Node(labels: Map("kubernetes.azure.com/cluster=x"), providerId: "azure:///subscriptions/s/x"), NodePlatforms.Aks, NodeNetwork.Cloud },
        { Node("v1.31.4+rke2r1", providerId: "harvester://5b0e1c6a"), NodePlatforms.Harvester, NodeNetwork.Layer2 },
        { Node(labels: Map("k8sd.io/role=control-plane")), NodePlatforms.K8sSnap, NodeNetwork.Layer2 },
        { Node(providerId: "aws:///us-east-1a/i-0abc"), NodePlatforms.Ec2, NodeNetwork.Cloud },
        { Node(), NodePlatforms.Unknown, NodeNetwork.Layer2 },
    };

    [Theory]
    [MemberData(nameof(NodeCases))]
    public void Classifies_each_node_and_its_network_on_its_own(NodeSnapshot node, string platform, NodeNetwork network)
    {
        var p = NodePlatforms.Of(node);
        Assert.Equal((platform, network), (p.Platform, p.Network));
        Assert.StartsWith("node n1", p.Evidence);
    }

    [Fact]
    public void Only_a_cluster_that_mixes_networks_has_cloud_nodes_to_set_apart()
    {
        NodeSnapshot ec2 = Node(labels: Map("eks.amazonaws.com/nodegroup=workers"), name: "n1"),
            hybrid = Node(labels: Map("eks.amazonaws.com/compute-type=hybrid"), name: "n2");
        Assert.Equal(["n1"], NodePlatforms.CloudNodesOfMixed([ec2, hybrid]).Select(n => n.Node));
        Assert.Empty(NodePlatforms.CloudNodesOfMixed([ec2]));
        Assert.Empty(NodePlatforms.CloudNodesOfMixed([hybrid]));
    }

    [Fact]
    public void Every_lasting_remedy_that_names_a_fragment_has_one_and_KubeOne_speaks_its_current_API()
    {
        foreach (var p in PlatformCatalog.All.Where(p => p.Advice.Contains("--emit", StringComparison.Ordinal)))
            Assert.Contains($"arpdoctor fix --emit {p.Word}", p.Advice);
        Assert.Contains("apiVersion: kubeone.k8c.io/v1beta3", PlatformCatalog.Fragment("kubeone"));
        Assert.Contains("\"mode\": \"iptables\"", PlatformCatalog.Fragment("eks-hybrid"));
        Assert.Contains("--ipvs-strict-arp=true", PlatformCatalog.Fragment("k8s-snap"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tells_who_manages_kube_proxy(ConfigMapSnapshot? cm, NodeSnapshot node, KubeProxyManager expected) =>
        Assert.Equal(expected, PlatformDetector.Detect(cm, null, [node]).Manager);

    [Theory]
    [InlineData(KubeProxyManager.Kubeadm, false, FixStepKind.Edit)]
    [InlineData(KubeProxyManager.Kubespray, false, FixStepKind.Edit)]
    [InlineData(KubeProxyManager.Kkp, false, FixStepKind.Managed)]
    [InlineData(KubeProxyManager.Kkp, true, FixStepKind.Edit)]
    [InlineData(KubeProxyManager.KubeOne, false, FixStepKind.Managed)]
    [InlineData(KubeProxyManager.KubeOne, true, FixStepKind.Edit)]
    [InlineData(KubeProxyManager.EksHybrid, false, FixStepKind.Edit)]
    public void Fix_refuses_where_a_reconciler_would_revert_unless_forced(KubeProxyManager manager, bool force, FixStepKind expected)
    {
        var plan = FixPlanner.Plan(new KubeProxyDeployment("configmap kube-system/kube-proxy", null, KubeProxyFlags.None, ConfigMap(), "config.conf", null),
            new PlatformDetection(manager, []), force);
        Assert.Equal(expected, plan.Kind);
        if (manager is KubeProxyManager.Kubespray or KubeProxyManager.Kkp or KubeProxyManager.KubeOne or KubeProxyManager.EksHybrid && expected == FixStepKind.Edit)
            Assert.Contains(PlatformCatalog.Of(manager).Advice, string.Join(" ", plan.Warnings));
    }

    [Fact]
    public void Rke2_without_a_ConfigMap_cannot_be_patched_even_with_force() =>
        Assert.Equal(FixStepKind.Managed, FixPlanner.Plan(null, new PlatformDetection(KubeProxyManager.Rke2, []), force: true).Kind);
}
