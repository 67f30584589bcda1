using ArpDoctor.Core.Causes;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Causes;

/// <summary>
/// The catalogue's rules, one row per case. Address plan:
/// <code>
///   VIP 203.0.113.10, probed 3 times on eth0
///   n1 02:00:00:00:01:01, n2 02:00:00:00:01:02 (announcer), n3 02:00:00:00:01:03; n2's second interface 02:00:00:00:02:02
///   foreign 0c:c4:7a:00:00:09 (a burnt-in address); sibling ports 00:1b:21:00:00:10 and :11 (one card)
/// </code>
/// </summary>
public sealed class CauseCatalogueTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress N1 = MacAddress.Parse("02:00:00:00:01:01"), N2 = MacAddress.Parse("02:00:00:00:01:02"),
        N3 = MacAddress.Parse("02:00:00:00:01:03"), N2b = MacAddress.Parse("02:00:00:00:02:02"), Foreign = MacAddress.Parse("0c:c4:7a:00:00:09"),
        PortA = MacAddress.Parse("00:1b:21:00:00:10"), PortB = MacAddress.Parse("00:1b:21:00:00:11");

    private static readonly Remedy FixRemedy = new(RemedyKind.Fix, "fix's plan: set strictARP", "arpdoctor fix");

    private static ClusterView Cluster(KubeProxyArp kubeProxy = KubeProxyArp.Quiet, string? announcer = "n2", bool notReady = false, bool noAnnouncer = false) =>
        new(announcer, announcer is null ? null : "MetalLB",
            new Dictionary<MacAddress, string> { [N1] = "n1", [N2] = "n2", [N3] = "n3", [N2b] = "n2" },
            notReady ? new Dictionary<string, string> { ["n2"] = "Ready=Unknown" } : new Dictionary<string, string>(),
            kubeProxy, [$"check: {kubeProxy}"], FixRemedy, noAnnouncer ? ["L2Advertisement metallb-system/l2 selects (x=y): no node"] : []);

    private static HeardMac Every(MacAddress mac, int wins = 1, string? vendor = null) => new(mac, 3, wins, vendor);

    public static TheoryData<string, HeardMac[], ClusterView?, CauseId[], string[]> Cases() => new()
    {
        { "seed: every node once beside the announcer, strictARP off", [Every(N1), Every(N2), Every(N3)], Cluster(KubeProxyArp.StrictArpOff), [CauseId.IpvsWithoutStrictArp], ["n1", "n3"] },
        { "strictARP set, pods not restarted", [Every(N1), Every(N2), Every(N3)], Cluster(KubeProxyArp.RestartPending), [CauseId.RestartPending], ["n1", "n3"] },
        { "two nodes answer with kube-proxy quiet: two announcers", [Every(N2, 2), Every(N3, 1)], Cluster(), [CauseId.TwoAnnouncers], ["n3"] },
        { "one node from two interfaces", [Every(N2, 2), Every(N2b, 1)], Cluster(), [CauseId.TwoInterfaces], ["n2"] },
        { "a MAC no node has", [Every(N2, 2), Every(Foreign, 1, "Supermicro")], Cluster(), [CauseId.ForeignDevice], [] },
        { "the announcer is NotReady", [Every(N2)], Cluster(notReady: true), [CauseId.AnnouncerNotReady], ["n2"] },
        { "no announcer: nothing selects a node", [], Cluster(announcer: null, noAnnouncer: true), [CauseId.NoAnnouncer], [] },
        { "healthy: only the announcer", [Every(N2, 3)], Cluster(), [], [] },
        { "kube-proxy unknown, two nodes: no cause is certain", [Every(N1), Every(N2)], Cluster(KubeProxyArp.Unknown), [], [] },
        { "no cluster: every MAC every probe is the IPVS pattern", [Every(N1), Every(N2), Every(N3)], null, [CauseId.IpvsWithoutStrictArp], [] },
        { "no cluster: MACs taking turns are two announcers", [new HeardMac(N1, 2, 2, null), new HeardMac(N2, 1, 1, null)], null, [CauseId.TwoAnnouncers], [] },
        { "no cluster: sibling ports of one card are one host", [Every(PortA, 2, "Intel"), Every(PortB, 1, "Intel")], null, [CauseId.TwoInterfaces], [] },
        { "no cluster: one vendor apart from the others", [Every(PortA, 1, "Intel"), Every(MacAddress.Parse("00:1b:21:55:00:00"), 1, "Intel"), Every(Foreign, 1, "Supermicro")], null, [CauseId.IpvsWithoutStrictArp, CauseId.ForeignDevice], [] },
        { "no cluster: one MAC names nothing", [Every(N1, 3)], null, [], [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Names_the_cause_the_evidence_points_to(string _, HeardMac[] macs, ClusterView? cluster, CauseId[] expected, string[] nodes)
    {
        var causes = CauseCatalogue.Name(new CaseFacts(Vip, "eth0", 3, macs, cluster));
        Assert.Equal(expected, causes.Select(c => c.Id));
        if (expected.Length > 0) Assert.Equal(nodes, causes[0].Nodes);
        foreach (var c in causes)
        {
            Assert.NotEmpty(c.Evidence);
            Assert.False(string.IsNullOrWhiteSpace(c.RuledOutBy));
            Assert.Equal("arpdoctor watch 203.0.113.10 -i eth0 --duration 1h", c.Proof);
        }
    }

    [Fact]
    public void Kube_proxy_causes_carry_fix_s_plan_and_host_causes_say_what_to_change_where()
    {
        var ipvs = CauseCatalogue.Name(new CaseFacts(Vip, "eth0", 3, [Every(N1), Every(N2)], Cluster(KubeProxyArp.StrictArpOff))).Single();
        Assert.Equal(FixRemedy, ipvs.Remedy);
        var flux = CauseCatalogue.Name(new CaseFacts(Vip, "eth0", 3, [Every(N2), Every(N2b)], Cluster())).Single();
        Assert.Equal(RemedyKind.Elsewhere, flux.Remedy.Kind);
        Assert.Contains("arp_ignore=1", flux.Remedy.Text, StringComparison.Ordinal);
        Assert.Contains("On node n2", flux.Remedy.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_foreign_device_says_whether_its_address_is_locally_administered()
    {
        var local = MacAddress.Parse("06:11:22:33:44:55");
        var cause = CauseCatalogue.Name(new CaseFacts(Vip, "eth0", 3, [Every(N2), Every(local)], Cluster())).Single();
        Assert.Equal(CauseId.ForeignDevice, cause.Id);
        Assert.Contains(cause.Evidence, e => e.Contains("locally administered", StringComparison.Ordinal));
        var burnt = CauseCatalogue.Name(new CaseFacts(Vip, "eth0", 3, [Every(N2), Every(Foreign, 1, "Supermicro")], Cluster())).Single();
        Assert.Contains(burnt.Evidence, e => e.Contains("burnt-in address of Supermicro", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_cause_has_a_rule_and_a_word()
    {
        Assert.Equal(Enum.GetValues<CauseId>().Order(), CauseCatalogue.Rules.Select(r => r.Id).Order());
        Assert.Equal(Enum.GetValues<CauseId>().Length, Enum.GetValues<CauseId>().Select(c => c.ToWord()).Distinct().Count());
    }
}
