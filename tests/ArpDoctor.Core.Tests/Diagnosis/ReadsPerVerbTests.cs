using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Locating;
using ArpDoctor.Core.Packets;
using ArpDoctor.TestKit.Cluster;
using Xunit;
using static ArpDoctor.TestKit.Cluster.ClusterKit;

namespace ArpDoctor.Core.Tests.Diagnosis;

/// <summary>
/// Each verb reads what it needs: check everything, fix only what decides kube-proxy's strictARP and who manages it,
/// locate only the nodes and as much as names the announcer. Counted at the port, on kubeadm with MetalLB in layer 2
/// (<see cref="ClusterKit.Kubeadm"/>).
/// </summary>
public sealed class ReadsPerVerbTests
{
    private static readonly string[] KubeProxyReads =
        ["list daemonsets", "list nodes", "list pods", "get configmap kube-system/kube-proxy", "get configmap kube-system/kubeadm-config"];

    [Fact]
    public async Task Check_reads_kube_proxy_then_every_announcer_record()
    {
        var cluster = Kubeadm(KubeProxyConf());
        await ClusterFacts.ReadAsync(cluster, CancellationToken.None);
        Assert.Equal([.. KubeProxyReads, "get metallb metallb-system", "list services", "list servicel2statuses", "list events", "list leases", "list eips",
            "get configmap kube-system/cilium-config"], cluster.Reads);
    }

    [Fact]
    public async Task Fix_reads_five_things_and_no_announcer_Service_or_event()
    {
        var cluster = Kubeadm(KubeProxyConf());
        await KubeProxyFacts.ReadAsync(cluster, CancellationToken.None);
        Assert.Equal(KubeProxyReads, cluster.Reads);
    }

    public static TheoryData<string, string[]> LocateCases => new()
    {
        { "ServiceL2Status", ["list nodes", "list services", "list servicel2statuses"] },
        { "event", ["list nodes", "list services", "list servicel2statuses", "list events"] },
        { "kube-vip lease", ["list nodes", "list services", "list servicel2statuses", "list events", "list daemonsets", "list leases", "get configmap kube-system/cilium-config"] },
        { "no Service", ["list nodes", "list services"] },
    };

    [Theory]
    [MemberData(nameof(LocateCases))]
    public async Task Locate_reads_the_nodes_and_stops_at_the_first_record_naming_the_announcer(string namedBy, string[] reads)
    {
        var cluster = Kubeadm(KubeProxyConf());
        var at = new DateTimeOffset(2025, 12, 1, 9, 0, 0, TimeSpan.Zero);
        switch (namedBy)
        {
            case "ServiceL2Status": cluster.L2Statuses.Add(new ServiceL2StatusSnapshot("shop", "web", "n2", at)); break;
            case "event": cluster.Events.Add(new AnnouncementEvent("shop", "web", "n2", "layer2", at)); break;
            case "kube-vip lease": cluster.Add(KubeVip()).Leases.Add(new LeaseSnapshot("kube-system", "plndr-svcs-lock", "n2")); break;
            case "no Service": cluster.Services.Clear(); break;
        }
        var facts = await LocateFacts.ReadAsync(cluster, Ipv4Address.Parse("203.0.113.10"), CancellationToken.None);
        Assert.Equal(reads, cluster.Reads);
        Assert.Equal(namedBy == "no Service" ? null : "n2", facts.Announcer);
        Assert.Equal(3, facts.Nodes.Count);
    }
}
