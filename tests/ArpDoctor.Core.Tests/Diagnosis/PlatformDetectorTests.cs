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

    private static NodeSnapshot Node(string version = "v1.31.4", Dictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null) =>
        new("n1", [], labels ?? Map(), annotations ?? Map(), version);

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
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tells_who_manages_kube_proxy(ConfigMapSnapshot? cm, NodeSnapshot node, KubeProxyManager expected) =>
        Assert.Equal(expected, PlatformDetector.Detect(cm, null, [node]).Manager);

    [Theory]
    [InlineData(KubeProxyManager.Kubeadm, false, FixPlanKind.Edit)]
    [InlineData(KubeProxyManager.Kubespray, false, FixPlanKind.Edit)]
    [InlineData(KubeProxyManager.Kkp, false, FixPlanKind.Managed)]
    [InlineData(KubeProxyManager.Kkp, true, FixPlanKind.Edit)]
    [InlineData(KubeProxyManager.KubeOne, false, FixPlanKind.Managed)]
    [InlineData(KubeProxyManager.KubeOne, true, FixPlanKind.Edit)]
    public void Fix_refuses_where_a_reconciler_would_revert_unless_forced(KubeProxyManager manager, bool force, FixPlanKind expected)
    {
        var plan = FixPlanner.Plan(new KubeProxyDeployment("configmap kube-system/kube-proxy", null, KubeProxyFlags.None, ConfigMap(), "config.conf", null),
            new PlatformDetection(manager, []), force);
        Assert.Equal(expected, plan.Kind);
        if (manager is KubeProxyManager.Kubespray or KubeProxyManager.Kkp or KubeProxyManager.KubeOne && expected == FixPlanKind.Edit)
            Assert.Contains(PlatformCatalog.Of(manager).Advice, string.Join(" ", plan.Warnings));
    }

    [Fact]
    public void Rke2_without_a_ConfigMap_cannot_be_patched_even_with_force() =>
        Assert.Equal(FixPlanKind.Managed, FixPlanner.Plan(null, new PlatformDetection(KubeProxyManager.Rke2, []), force: true).Kind);
}
