using ArpDoctor.Agent;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Packets;
using ArpDoctor.TestKit;
using ArpDoctor.TestKit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace ArpDoctor.Agent.Tests;

/// <summary>
/// Probe rounds on a fake segment and a fake clock. The agent runs on n1 (192.0.2.11, 02:00:00:00:01:01);
/// n2 (192.0.2.12, 02:00:00:00:01:02) and n3 (192.0.2.13, 02:00:00:00:01:03) answer for VIP
/// 203.0.113.10 of Service shop/web; n1's own kernel answers too unless its node state says otherwise.
/// </summary>
public sealed class ProbeLoopTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress N1 = MacAddress.Parse("02:00:00:00:01:01");
    private static readonly MacAddress N2 = MacAddress.Parse("02:00:00:00:01:02");
    private static readonly MacAddress N3 = MacAddress.Parse("02:00:00:00:01:03");
    private const string Responders = "arpdoctor_vip_responders{lb_service=\"shop/web\",ip=\"203.0.113.10\"}";

    private readonly ManualClock _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeArpLink _link;
    private readonly InMemoryAgentCluster _cluster = new();
    private readonly FixedNodeNetwork _node = new(Loose());
    private readonly AgentMetrics _metrics = new AgentMetrics();
    private readonly ServiceCatalog _catalog = new();
    private readonly ProbeLoop _loop;

    public ProbeLoopTests()
    {
        _link = new FakeArpLink(N1, _time.GetUtcNow());
        _cluster.Services.Add(new ServiceSnapshot("shop", "web", ["203.0.113.10"]));
        _catalog.Replace(new ServiceListing([.. _cluster.Services], "1"));
        var options = new AgentOptions("n1", Ipv4Address.Parse("192.0.2.11"), N1, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), 50, 0.1, TimeSpan.FromMinutes(10));
        var sync = new ServiceSync(_cluster, _catalog, options, _metrics, _time, NullLogger.Instance);
        _loop = new ProbeLoop(new FakeLinkSource(_link), _node, _cluster, _catalog, sync, options, _metrics, _time, NullLogger.Instance, new Random(1));
        Answer(N2, Vip, 1);
        Answer(N3, Vip, 2);
    }

    private static NodeArpState Loose() => new("n1", "eth0", new ArpSysctls(0, 0), new HashSet<Ipv4Address> { Vip }, new HashSet<Ipv4Address>());
    private static NodeArpState Strict() => new("n1", "eth0", new ArpSysctls(1, 2), new HashSet<Ipv4Address> { Vip }, new HashSet<Ipv4Address>());

    private void Answer(MacAddress mac, Ipv4Address ip, int delayMs) => _link.Responders.Add((mac, ip, TimeSpan.FromMilliseconds(delayMs)));

    private async Task RoundAsync()
    {
        var round = _loop.RoundAsync(CancellationToken.None);
        while (!round.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1);
        }
        await round;
        _time.Advance(TimeSpan.FromSeconds(30));
    }

    private async Task<string> Metric(string series)
    {
        var line = (await _metrics.ExportAsync()).Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line?[(series.Length + 1)..] ?? $"(no series {series})";
    }

    [Fact]
    public async Task With_two_interfaces_each_VIP_is_probed_on_the_one_whose_network_holds_it()
    {
        // eth0 192.0.2.11/24 (the first interface), eth1 198.51.100.2/24 (a load-balancer network).
        var lbVip = Ipv4Address.Parse("198.51.100.10");
        var eth1Mac = MacAddress.Parse("02:00:00:00:02:01");
        _node.Interfaces.AddRange([
            new InterfaceNetwork("eth0", Ipv4Address.Parse("192.0.2.11"), 24),
            new InterfaceNetwork("eth1", Ipv4Address.Parse("198.51.100.2"), 24),
            new InterfaceNetwork("kube-ipvs0", lbVip, 32),
        ]);
        _cluster.Services.Add(new ServiceSnapshot("shop", "lb", ["198.51.100.10"]));
        _catalog.Replace(new ServiceListing([.. _cluster.Services], "2"));
        var eth0 = new FakeArpLink(N1, _time.GetUtcNow(), "eth0");
        var eth1 = new FakeArpLink(eth1Mac, _time.GetUtcNow(), "eth1");
        eth0.Responders.Add((N2, Vip, TimeSpan.FromMilliseconds(1)));
        eth1.Responders.Add((N3, lbVip, TimeSpan.FromMilliseconds(1)));
        var options = new AgentOptions("n1", Ipv4Address.Parse("192.0.2.11"), N1, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), 50, 0.1, TimeSpan.FromMinutes(10));
        var sync = new ServiceSync(_cluster, _catalog, options, _metrics, _time, NullLogger.Instance);
        var router = new VipRouter(["eth0", "eth1"], _node, _time, TimeSpan.FromMinutes(5));
        var loop0 = new ProbeLoop(new FakeLinkSource(eth0), _node, _cluster, _catalog, sync, options, _metrics, _time, NullLogger.Instance, new Random(1), v => router.Owns("eth0", v));
        var loop1 = new ProbeLoop(new FakeLinkSource(eth1), _node, _cluster, _catalog, sync, options with { SourceIp = Ipv4Address.Parse("198.51.100.2"), SourceMac = eth1Mac },
            _metrics, _time, NullLogger.Instance, new Random(1), v => router.Owns("eth1", v));
        _node.State = Strict();

        var rounds = Task.WhenAll(loop0.RoundAsync(CancellationToken.None), loop1.RoundAsync(CancellationToken.None));
        while (!rounds.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1);
        }
        await rounds;

        Assert.Equal([Vip], eth0.Sent.Select(f => f.TargetIp));
        Assert.Equal([lbVip], eth1.Sent.Select(f => f.TargetIp));
        Assert.Equal(Ipv4Address.Parse("198.51.100.2"), eth1.Sent.Single().SenderIp);
        Assert.Equal("1", await Metric(Responders));
        Assert.Equal("1", await Metric("arpdoctor_vip_responders{lb_service=\"shop/lb\",ip=\"198.51.100.10\"}"));
    }

    [Fact]
    public async Task Without_strictARP_the_other_nodes_and_this_one_count_as_responders()
    {
        await RoundAsync();
        Assert.Equal("3", await Metric(Responders));
        Assert.Equal("1", await Metric("arpdoctor_node_answers_vip{node=\"n1\",ip=\"203.0.113.10\"}"));
        Assert.Equal("0", await Metric("arpdoctor_node_strict_arp{node=\"n1\"}"));
        Assert.Equal("1", await Metric("arpdoctor_agent_probes_total"));
    }

    [Fact]
    public async Task With_strictARP_on_this_node_only_the_others_count()
    {
        _node.State = Strict();
        _link.Responders.RemoveAll(r => r.Mac == N3);
        await RoundAsync();
        Assert.Equal("1", await Metric(Responders));
        Assert.Equal("0", await Metric("arpdoctor_node_answers_vip{node=\"n1\",ip=\"203.0.113.10\"}"));
        Assert.Equal("1", await Metric("arpdoctor_node_strict_arp{node=\"n1\"}"));
        Assert.Empty(_cluster.Warnings);
    }

    [Fact]
    public async Task More_than_one_MAC_posts_one_warning_naming_the_nodes_however_many_rounds_see_it()
    {
        _cluster.Nodes.AddRange([
            new NodeSnapshot("n2", [Ipv4Address.Parse("192.0.2.12")], new Dictionary<string, string>(), new Dictionary<string, string>(), "v1.31.4"),
            new NodeSnapshot("n3", [Ipv4Address.Parse("192.0.2.13")], new Dictionary<string, string>(), new Dictionary<string, string>(), "v1.31.4")]);
        Answer(N2, Ipv4Address.Parse("192.0.2.12"), 1);
        Answer(N3, Ipv4Address.Parse("192.0.2.13"), 1);
        // MetalLB moved the Service from n3 to n2: the newest ServiceL2Status names the announcer.
        _cluster.L2Statuses.AddRange([
            new ServiceL2StatusSnapshot("shop", "web", "n3", new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero)),
            new ServiceL2StatusSnapshot("shop", "web", "n2", new DateTimeOffset(2025, 12, 2, 0, 0, 0, TimeSpan.Zero)),
            new ServiceL2StatusSnapshot("shop", "other", "n1", new DateTimeOffset(2025, 12, 3, 0, 0, 0, TimeSpan.Zero))]);
        var sync = new ServiceSync(_cluster, _catalog, new AgentOptions("n1", Ipv4Address.Parse("192.0.2.11"), N1, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), 50, 0.1, TimeSpan.FromMinutes(10)), _metrics, _time, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var syncing = sync.RunAsync(stop.Token);
        var loop = new ProbeLoop(new FakeLinkSource(_link), _node, _cluster, _catalog, sync, new AgentOptions("n1", Ipv4Address.Parse("192.0.2.11"), N1, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), 50, 0.1, TimeSpan.FromMinutes(10)), _metrics, _time, NullLogger.Instance, new Random(1));
        for (int i = 0; i < 3; i++)
        {
            var round = loop.RoundAsync(CancellationToken.None);
            while (!round.IsCompleted) { _time.Advance(TimeSpan.FromMilliseconds(10)); await Task.Delay(1); }
            await round;
            _time.Advance(TimeSpan.FromSeconds(30));
        }
        await stop.CancelAsync();
        await syncing;

        var warning = Assert.Single(_cluster.Warnings);
        Assert.Equal(new ServiceRef("shop", "web"), warning.Service);
        Assert.Equal([N1, N2, N3], warning.Macs);
        Assert.Equal(["n1", "n2", "n3"], warning.Nodes);
        Assert.Equal("n2", warning.Announcer);
        Assert.Contains("MetalLB announces it from n2, the others should not answer", warning.Message);
        Assert.Equal("1", await Metric("arpdoctor_agent_events_total{result=\"created\"}"));
        Assert.Equal("9", await Metric("arpdoctor_agent_probes_total")); // VIP and two node IPs, three rounds
    }

    [Fact]
    public async Task A_warning_carries_the_Service_uid_and_is_posted_again_once_the_nodes_are_known()
    {
        // The first round runs before the Node list arrived: MACs without names. It was not posted again for --event-interval.
        _catalog.Replace(new ServiceListing([new ServiceSnapshot("shop", "web", ["203.0.113.10"], Uid: "0b7e5a5e-0000-4000-8000-00000000000a", ResourceVersion: "7")], "7"));
        var options = new AgentOptions("n1", Ipv4Address.Parse("192.0.2.11"), N1, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), 50, 0.1, TimeSpan.FromMinutes(10));
        var sync = new ServiceSync(_cluster, _catalog, options, _metrics, _time, NullLogger.Instance);
        var loop = new ProbeLoop(new FakeLinkSource(_link), _node, _cluster, _catalog, sync, options, _metrics, _time, NullLogger.Instance, new Random(1));
        async Task Round()
        {
            var round = loop.RoundAsync(CancellationToken.None);
            while (!round.IsCompleted) { _time.Advance(TimeSpan.FromMilliseconds(10)); await Task.Delay(1); }
            await round;
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        await Round();
        var first = Assert.Single(_cluster.Warnings);
        Assert.Equal(new ServiceIdentity("0b7e5a5e-0000-4000-8000-00000000000a", "7"), first.Identity);
        Assert.Equal(["n1", null, null], first.Nodes);

        _cluster.Nodes.AddRange([
            new NodeSnapshot("n2", [Ipv4Address.Parse("192.0.2.12")], new Dictionary<string, string>(), new Dictionary<string, string>(), "v1.31.4"),
            new NodeSnapshot("n3", [Ipv4Address.Parse("192.0.2.13")], new Dictionary<string, string>(), new Dictionary<string, string>(), "v1.31.4")]);
        Answer(N2, Ipv4Address.Parse("192.0.2.12"), 1);
        Answer(N3, Ipv4Address.Parse("192.0.2.13"), 1);
        using var stop = new CancellationTokenSource();
        var syncing = sync.RunAsync(stop.Token);
        for (int i = 0; i < 2000 && sync.NodeIps.Count < 2; i++) await Task.Delay(5);
        Assert.Equal(2, sync.NodeIps.Count);   // the Node list arrived (a bounded wait: a broken sync fails, it does not hang)
        await Round();   // learns which MAC is which node
        await Round();   // and names them
        await stop.CancelAsync();
        await syncing;

        Assert.Equal(["n1", "n2", "n3"], _cluster.Warnings[^1].Nodes);
        Assert.True(_cluster.Warnings.Count <= 3, $"{_cluster.Warnings.Count} posts");
        Assert.Equal("1", await Metric("arpdoctor_agent_events_total{result=\"created\"}"));
    }

    [Fact]
    public async Task A_failed_warning_is_counted_and_retried_next_round()
    {
        _cluster.FailWarnings = true;
        await RoundAsync();
        Assert.Equal("1", await Metric("arpdoctor_agent_events_total{result=\"failed\"}"));
        _cluster.FailWarnings = false;
        await RoundAsync();
        Assert.Single(_cluster.Warnings);
    }

    [Fact]
    public async Task Another_node_answering_first_without_announcing_is_a_flap_and_after_an_announcement_a_failover()
    {
        _node.State = Strict();
        await RoundAsync();                 // n2 wins
        _link.Responders.Clear();
        Answer(N3, Vip, 1);
        Answer(N2, Vip, 2);
        await RoundAsync();                 // n3 first, never announced: flap
        _link.Inject(_time.GetUtcNow(), ArpFrame.Request(N2, Vip, Vip)); // n2 announces the VIP (gratuitous)
        _link.Responders.Clear();
        Answer(N2, Vip, 1);
        await RoundAsync();                 // n2 first after its announcement: failover
        Assert.Equal("1", await Metric("arpdoctor_vip_winner_changes_total{lb_service=\"shop/web\",ip=\"203.0.113.10\",cause=\"flap\"}"));
        Assert.Equal("1", await Metric("arpdoctor_vip_winner_changes_total{lb_service=\"shop/web\",ip=\"203.0.113.10\",cause=\"failover\"}"));
    }

    [Fact]
    public async Task A_deleted_Service_takes_its_series_with_it()
    {
        await RoundAsync();
        _catalog.Apply(new ServiceChange(ServiceChangeKind.Deleted, new ServiceSnapshot("shop", "web", ["203.0.113.10"]), "2"));
        await RoundAsync();
        var export = await _metrics.ExportAsync();
        Assert.DoesNotContain("ip=\"203.0.113.10\"", export);
    }

    private async Task AdvanceUntil(Func<bool> done, TimeSpan limit)
    {
        var end = _time.GetUtcNow() + limit;
        while (!done() && _time.GetUtcNow() < end)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task Between_rounds_frames_are_handled_within_a_quarter_second_not_at_the_next_round()
    {
        using var stop = new CancellationTokenSource();
        var running = _loop.RunAsync(stop.Token);
        await AdvanceUntil(() => _loop.Rounds == 1, TimeSpan.FromMinutes(1));
        Assert.Equal(1, _loop.Rounds);

        _link.Inject(_time.GetUtcNow(), ArpFrame.Request(N3, Vip, Vip)); // n3 announces the VIP
        Assert.Equal(1, _link.Received.Count);
        await AdvanceUntil(() => _link.Received.Count == 0, TimeSpan.FromSeconds(1));
        Assert.Equal(0, _link.Received.Count);
        Assert.Equal(1, _loop.Rounds); // drained by the idle pump, long before the next round (30 s ± 10 %)

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Services_that_share_a_VIP_each_get_their_series_and_their_Warning_Event()
    {
        // MetalLB's allow-shared-ip (sharing key): shop/web on TCP and shop/web-udp on UDP hold 203.0.113.10 together
        // (the shape of MetalLB's documented example, service-http and service-https with one sharing key).
        const string Udp = "arpdoctor_vip_responders{lb_service=\"shop/web-udp\",ip=\"203.0.113.10\"}";
        _catalog.Replace(new ServiceListing([
            new ServiceSnapshot("shop", "web", ["203.0.113.10"], Uid: "0b7e5a5e-0000-4000-8000-00000000000a", ResourceVersion: "7"),
            new ServiceSnapshot("shop", "web-udp", ["203.0.113.10"], Uid: "0b7e5a5e-0000-4000-8000-00000000000b", ResourceVersion: "8")], "8"));
        await RoundAsync();

        Assert.Equal("3", await Metric(Responders));
        Assert.Equal("3", await Metric(Udp));
        Assert.Equal("1", await Metric("arpdoctor_agent_probes_total"));     // one VIP, probed once
        Assert.Equal(["shop/web", "shop/web-udp"], _cluster.Warnings.Select(w => w.Service.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["web-udp.arpdoctor.203-0-113-10", "web.arpdoctor.203-0-113-10"], _cluster.Warnings.Select(w => w.EventName).Order(StringComparer.Ordinal));
        Assert.Equal(["0b7e5a5e-0000-4000-8000-00000000000a", "0b7e5a5e-0000-4000-8000-00000000000b"], _cluster.Warnings.Select(w => w.Identity!.Uid).Order(StringComparer.Ordinal));

        // shop/web-udp is deleted: its series go, shop/web's and the node's stay.
        _catalog.Apply(new ServiceChange(ServiceChangeKind.Deleted, new ServiceSnapshot("shop", "web-udp", ["203.0.113.10"]), "9"));
        await RoundAsync();
        Assert.Equal("(no series " + Udp + ")", await Metric(Udp));
        Assert.Equal("3", await Metric(Responders));
        Assert.Equal("1", await Metric("arpdoctor_node_answers_vip{node=\"n1\",ip=\"203.0.113.10\"}"));
        Assert.Equal(2, _cluster.Warnings.Count);                      // nothing new for shop/web
    }
}
