using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using Xunit;

namespace ArpDoctor.Core.Tests.Diagnosis;

/// <summary>Announcers are recognised by what their containers run, whatever the image is called.</summary>
public sealed class AnnouncerSignaturesTests
{
    private static ContainerSnapshot Container(string image, string[] command, string[] args, params (string Name, string? Value)[] env) =>
        new("c", image, command, args, [],
            env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value!),
            env.Select(e => e.Name).ToList());

    private static DaemonSetSnapshot DaemonSet(string ns, string name, params ContainerSnapshot[] containers) =>
        new(ns, name, new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), containers, 1, 1, 3, 3, 3, []);

    public static TheoryData<ContainerSnapshot, bool> KubeVipCases => new()
    {
        // Harvester's cloud provider chart: the mirrored image, args [manager], the chart's env.
        { Container("rancher/mirrored-kube-vip-kube-vip-iptables:v0.8.7", [], ["manager"], ("vip_arp", "true"), ("svc_enable", "true"), ("cp_enable", "false")), true },
        // A private mirror under any name: the subcommand and env are enough.
        { Container("registry.example.internal/mirror/vip-agent:v1.0.4", [], ["manager"], ("vip_arp", "true"), ("vip_leaderelection", "true")), true },
        // The static pod kube-vip's manifest generator writes, with vip_nodename from the downward API.
        { Container("ghcr.io/kube-vip/kube-vip:v0.8.7", [], ["manager"], ("cp_enable", "true"), ("vip_nodename", null)), true },
        // Before 0.4 the subcommand was start.
        { Container("plndr/kube-vip:0.2.3", [], ["start"], ("vip_arp", "true")), true },
        // An image called kube-vip without kube-vip's settings is not enough, nor a 'manager' of something else.
        { Container("ghcr.io/kube-vip/kube-vip-cloud-provider:v0.0.12", ["/kube-vip-cloud-provider"], [], ("KUBEVIP_NAMESPACE", "kube-system")), false },
        { Container("example/controller:v1", ["/manager"], ["manager"], ("WATCH_NAMESPACE", "")), false },
    };

    [Theory]
    [MemberData(nameof(KubeVipCases))]
    public void Kube_vip_by_its_subcommand_and_settings(ContainerSnapshot container, bool expected) =>
        Assert.Equal(expected, AnnouncerSignatures.KubeVip("daemonset kube-system/x", [container]) is not null);

    [Fact]
    public void MetalLB_speaker_under_any_name_and_image_by_the_env_it_reads()
    {
        var speaker = DaemonSet("lb", "l2-agent", Container("registry.example.internal/mirror/lb-speaker:v0.14.9", [], ["--port=7472", "--log-level=info"],
            ("METALLB_NODE_NAME", null), ("METALLB_HOST", null), ("METALLB_ML_BIND_PORT", "7946")));
        var other = DaemonSet("kube-system", "speaker", Container("example/other:v1", [], []));
        Assert.Same(speaker, MetalLbFacts.FindSpeaker([other, speaker]));
    }

    [Fact]
    public void OpenELB_speaker_and_Cilium_agent_by_what_they_run()
    {
        Assert.True(AnnouncerSignatures.IsOpenElbSpeaker(Container("mirror/elb:v0.6.0", ["openelb-speaker"], ["--api-hosts=:50051", "--enable-layer2=true"], ("NODE_NAME", null))));
        Assert.False(AnnouncerSignatures.IsOpenElbSpeaker(Container("kubesphere/openelb-controller:v0.6.0", ["openelb-controller"], ["--leader-elect"], ("NODE_NAME", null))));
        var cilium = DaemonSet("cilium-system", "agent", Container("mirror/cni:v1.16.5", ["cilium-agent"], ["--config-dir=/tmp/cilium/config-map"], ("CILIUM_K8S_NAMESPACE", null)));
        Assert.Equal("cilium-system", AnnouncerSignatures.CiliumNamespace([cilium]));
        Assert.Equal("kube-system", AnnouncerSignatures.CiliumNamespace([]));
    }
}
