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
        { "no cluster: two MACs every probe, neither twice: the address held twice", [Every(N1, 3), Every(N2, 0)], null, [CauseId.TwoAnnouncers], [] },
        { "no cluster: one MAC twice per probe, the other once: the IPVS pattern with two nodes", [Counted(N1, 3, twice: 3, wins: 3), Counted(N2, 3)], null, [CauseId.IpvsWithoutStrictArp], [] },
        { "no cluster: a MAC answering some probes, never first, fits nothing", [Counted(N1, 3, wins: 3), Counted(N2, 1)], null, [], [] },
        { "no cluster: sibling ports without a registry are still one card", [Every(PortA, 2), Every(PortB, 1)], null, [CauseId.TwoInterfaces], [] },
        { "no cluster: a locally administered MAC among burnt-in ones", [Counted(PortA, 3, wins: 3, vendor: "Intel"), Counted(Foreign, 3, vendor: "Supermicro"), Counted(N1, 1)], null, [CauseId.ForeignDevice], [] },
    };

    /// <summary>A MAC as analyze's evidence counts it: probes answered, and how many of them twice.</summary>
    private static HeardMac Counted(MacAddress mac, int answered, int twice = 0, int wins = 0, string? vendor = null, int announcements = 0) =>
        new(mac, answered + twice, wins, vendor) { ProbesAnswered = answered, ProbesAnsweredTwice = twice, Announcements = announcements };

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

    [Theory]
    // Once (announced, or not: its announcement may be missing), or there and back each announced, no probe answered by both: a failover.
    [InlineData(1, 0, 1, CauseId.Failover)]
    [InlineData(1, 0, 0, CauseId.Failover)]
    [InlineData(2, 0, 2, CauseId.Failover)]
    // Repeated, there and back unannounced, or with probes answered by both: MACs taking turns.
    [InlineData(5, 0, 5, CauseId.TwoAnnouncers)]
    [InlineData(2, 0, 1, CauseId.TwoAnnouncers)]
    [InlineData(3, 0, 1, CauseId.TwoAnnouncers)]
    [InlineData(2, 1, 2, CauseId.TwoAnnouncers)]
    public void A_change_announced_by_the_new_mac_is_a_failover_when_it_happens_once(long changes, long contested, long announced, CauseId expected)
    {
        var facts = new CaseFacts(Vip, "IFACE", 6, [Counted(N1, 3, wins: 3), Counted(N2, 3, wins: 3, announcements: 1)], null)
        {
            Moves = new WinnerMoves(changes, contested, announced),
        };
        var cause = CauseCatalogue.Name(facts).Single();
        Assert.Equal(expected, cause.Id);
        Assert.NotEmpty(cause.Confirm);
    }

    [Fact]
    public void Analyze_s_causes_say_what_would_confirm_them_with_check_or_locate()
    {
        var causes = new[]
        {
            new CaseFacts(Vip, "IFACE", 3, [Counted(N1, 3, twice: 3, wins: 3), Counted(N2, 3), Counted(N3, 3)], null),
            new CaseFacts(Vip, "IFACE", 3, [Every(PortA, 3), Every(PortB, 0)], null),
            new CaseFacts(Vip, "IFACE", 6, [Counted(N1, 3, wins: 3), Counted(N2, 3, wins: 3)], null) { Moves = new WinnerMoves(5, 0, 0) },
            new CaseFacts(Vip, "IFACE", 3, [Counted(PortA, 3, wins: 3, vendor: "Intel"), Counted(Foreign, 3, vendor: "Intel"), Counted(N1, 1)], null),
        }.Select(f => CauseCatalogue.Name(f).Single()).ToList();
        Assert.Equal([CauseId.IpvsWithoutStrictArp, CauseId.TwoInterfaces, CauseId.TwoAnnouncers, CauseId.ForeignDevice], causes.Select(c => c.Id));
        foreach (var c in causes)
            Assert.Contains(c.Confirm, line => line.StartsWith("'arpdoctor check'", StringComparison.Ordinal) || line.StartsWith("'arpdoctor locate 203.0.113.10'", StringComparison.Ordinal));
        Assert.Contains(causes[0].Evidence, e => e.StartsWith("02:00:00:00:01:01 answered twice per probe", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_cause_has_a_rule_and_a_word()
    {
        Assert.Equal(Enum.GetValues<CauseId>().Order(), CauseCatalogue.Rules.Select(r => r.Id).Order());
        Assert.Equal(Enum.GetValues<CauseId>().Length, Enum.GetValues<CauseId>().Select(c => c.ToWord()).Distinct().Count());
    }
}
