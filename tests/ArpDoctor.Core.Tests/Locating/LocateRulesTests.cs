using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Locating;
using ArpDoctor.Core.Packets;
using ArpDoctor.TestKit.Cluster;
using Xunit;
using static ArpDoctor.TestKit.Cluster.ClusterKit;

namespace ArpDoctor.Core.Tests.Locating;

/// <summary>
/// locate's rules on an in-memory cluster: the nodes' InternalIPs (192.0.2.11-13, <see cref="ClusterKit"/>) resolve to
/// 02:00:00:00:01:0N; the VIP 203.0.113.10 is answered by some of them and by a device no node owns (02:00:00:00:09:99).
/// </summary>
public sealed class LocateRulesTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static MacAddress NodeMac(int i) => MacAddress.Parse($"02:00:00:00:01:0{i}");
    private static readonly MacAddress Stranger = MacAddress.Parse("02:00:00:00:09:99");

    private static IReadOnlyList<NodeMac> Resolved(LocateFacts facts) =>
        facts.Nodes.SelectMany(n => n.InternalIps.Select(ip => new NodeMac(n.Name, ip, NodeMac(int.Parse(n.Name[1..], System.Globalization.CultureInfo.InvariantCulture))))).ToList();

    public static TheoryData<string, int[], bool, string[]> Cases => new()
    {
        // announcer named, responders (node numbers; 0 = the stranger), roles in order
        { "only the announcer answers", [2], true, ["n2 announcer"] },
        { "every node answers (strictARP off)", [2, 1, 3], true, ["n2 announcer", "n1 answers but is not the announcer", "n3 answers but is not the announcer"] },
        { "no announcer named", [1], false, ["n1 node"] },
        { "a device that is no node", [2, 0], true, ["n2 announcer", "- unknown device"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_answering_MAC_is_mapped_to_its_node_and_role(string name, int[] responders, bool announced, string[] expected)
    {
        var cluster = Kubeadm(KubeProxyConf());
        if (announced) cluster.L2Statuses.Add(new ServiceL2StatusSnapshot("shop", "web", "n2", new DateTimeOffset(2025, 12, 1, 9, 0, 0, TimeSpan.Zero)));
        var facts = await LocateFacts.ReadAsync(cluster, Vip, CancellationToken.None);
        var located = ResponderMap.Map(responders.Select(i => (i == 0 ? Stranger : NodeMac(i), 3, 1)), Resolved(facts), facts.Announcer);
        Assert.True(expected.SequenceEqual(located.Select(r => $"{r.Node ?? "-"} {r.Role.ToWord()}")), name);
    }

    [Fact]
    public async Task Services_or_announcer_records_forbidden_only_leave_labels_unknown()
    {
        var cluster = Kubeadm(KubeProxyConf()).Refuse("servicel2statuses").Refuse("events").Refuse("leases");
        var facts = await LocateFacts.ReadAsync(cluster, Vip, CancellationToken.None);
        Assert.Equal("shop/web", $"{facts.Service!.Namespace}/{facts.Service.Name}");
        Assert.Null(facts.Announcer);
        Assert.Equal(["servicel2statuses.metallb.io", "events", "leases"], facts.Unread.Select(u => u.What));
    }

    [Fact]
    public async Task The_nodes_are_needed_so_nodes_forbidden_is_a_failure()
    {
        var e = await Assert.ThrowsAsync<ClusterApiException>(() => LocateFacts.ReadAsync(Kubeadm(KubeProxyConf()).Refuse("nodes"), Vip, CancellationToken.None));
        Assert.Equal(ApiRefusal.Forbidden, e.Refusal);
    }
}
