using System.Text.Json;
using System.Text.Json.Nodes;
using ArpDoctor.Agent;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Doctor;

/// <summary>
/// <c>doctor --from agent</c> against the fake API server, each agent's <c>/metrics</c> the text a real agent registry
/// exports after a round (<see cref="AgentMetrics"/> driven as the probe loop drives it), served through the fake's pod
/// proxy. Address plan (the fixtures'): n1..n3 192.0.2.11..13, MACs 02:00:00:00:00:01..03; VIP 203.0.113.10 of
/// shop/web announced by n2 (MetalLB).
/// </summary>
public sealed class DoctorAgentCommandTests : IAsyncLifetime
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly string[] Nodes = ["n1", "n2", "n3"];
    private static Ipv4Address IpOf(string node) => Ipv4Address.Parse($"192.0.2.1{node[1..]}");
    private static MacAddress MacOf(string node) => MacAddress.Parse($"02:00:00:00:00:0{node[1..]}");

    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-doctor-agent-").FullName;
    private readonly Dictionary<string, (int Status, string Body)> _scrapes = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        _api.PodProxy = (target, _) => Task.FromResult(target.Path == "/metrics" && target.Port == 9464 && _scrapes.TryGetValue(target.Pod, out var s)
            ? s : (404, "404 page not found\n"));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<CliOutcome> Doctor(params string[] args) =>
        CliRun.RunAsync(["doctor", "--kubeconfig", _api.WriteKubeconfig(_dir), "--from", "agent", .. args]);

    /// <summary>An agent Pod as the chart's DaemonSet makes it: labelled, owned by arpdoctor-agent, on its node, listening on :9464.</summary>
    private static JsonObject AgentPod(string node, string phase = "Running") => JsonNode.Parse($$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"arpdoctor-agent-{{node}}x","namespace":"arpdoctor",
          "labels":{"app.kubernetes.io/name":"arpdoctor","app.kubernetes.io/instance":"arpdoctor","app.kubernetes.io/component":"agent"},
          "ownerReferences":[{"apiVersion":"apps/v1","kind":"DaemonSet","name":"arpdoctor-agent","uid":"u1","controller":true}]},
         "spec":{"nodeName":"{{node}}","hostNetwork":true,"containers":[{"name":"agent","image":"ghcr.io/arpdoctor/arpdoctor:0.1.0",
           "args":["agent","--interval","10s","--listen",":9464","--interface","eth0"]}]},
         "status":{"phase":"{{phase}}"} }
        """)!.AsObject();

    /// <summary>
    /// What the agent on <paramref name="node"/> exports <paramref name="age"/> after a round in which <paramref name="answering"/>
    /// answered the VIP: every other node's MAC as heard on the wire, its own when its kernel answers (as the agent counts it).
    /// </summary>
    private static async Task<string> Scrape(string node, string[] answering, TimeSpan age, TimeSpan? interval = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var metrics = new AgentMetrics(node, "0.1.0", time);
        metrics.Agent.Probing(interval ?? TimeSpan.FromSeconds(10));
        metrics.Agent.Interface("eth0", true);
        var web = new ServiceRef("shop", "web");
        metrics.Vip.Tracking(web, Vip);
        metrics.Vip.Resolved(web, Vip, [.. answering.Select(MacOf)]);
        metrics.Node.AddressesHeard(Nodes.ToDictionary(IpOf, n => (IReadOnlyList<MacAddress>)[MacOf(n)]), []);
        metrics.Agent.RoundDone(TimeSpan.FromSeconds(1));
        time.Advance(age);
        return await metrics.ExportAsync();
    }

    private async Task Agents(string[] answering, TimeSpan age, params string[] on)
    {
        foreach (var node in on)
        {
            _api.Add(AgentPod(node));
            _scrapes[$"arpdoctor-agent-{node}x"] = (200, await Scrape(node, answering, age));
        }
    }

    [Fact]
    public async Task The_seed_read_from_the_agents_names_IPVS_without_strictARP_and_the_nodes_it_makes_answer()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-broken");
        await Agents(["n2", "n1", "n3"], TimeSpan.FromSeconds(4), Nodes);
        var r = await Doctor("-o", "json");
        r.AssertExit(1);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(("cause-found", "agent", "agent on n1, n2, n3 (round 4s ago)", "eth0"),
            (root.GetProperty("verdict").GetString(), root.GetProperty("from").GetString(), root.GetProperty("vantage").GetString(), root.GetProperty("interface").GetString()));
        var cause = Assert.Single(root.GetProperty("causes").EnumerateArray());
        Assert.Equal("ipvs-without-strict-arp", cause.GetProperty("id").GetString());
        Assert.Equal(["n1", "n3"], cause.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        var vip = Assert.Single(root.GetProperty("vips").EnumerateArray());
        Assert.Equal([("02:00:00:00:00:02", "n2", "announcer"), ("02:00:00:00:00:01", "n1", "kernel (kube-ipvs0)"), ("02:00:00:00:00:03", "n3", "kernel (kube-ipvs0)")],
            vip.GetProperty("responders").EnumerateArray().Select(x => (x.GetProperty("mac").GetString(), x.GetProperty("node").GetString(), x.GetProperty("role").GetString())));
        Assert.Empty(root.GetProperty("notDone").EnumerateArray());

        // Exactly the RBAC documented: arpdoctor-check's reads (its pods list finds the agents) and arpdoctor-doctor-agent's proxy.
        var roles = CliRoles.Together("arpdoctor-check", "arpdoctor-doctor-agent");
        _api.GrantOnly(roles);
        var text = await Doctor();
        text.AssertExit(1);
        Assert.Subset(CliRoles.Granted(roles), new SortedSet<string>(_api.Used, StringComparer.Ordinal));
        Assert.Contains("/pods/proxy:get", _api.Used);
        Assert.Contains("from agent on n1, n2, n3 (round 4s ago)", text.Out);
        Assert.Contains("CAUSE ipvs-without-strict-arp", text.Out);
    }

    [Fact]
    public async Task Only_the_announcer_heard_by_every_agent_is_healthy()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        await Agents(["n2"], TimeSpan.FromSeconds(2), Nodes);
        var r = await Doctor("-o", "json");
        r.AssertExit(0);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("healthy", root.GetProperty("verdict").GetString());
        var responder = Assert.Single(Assert.Single(root.GetProperty("vips").EnumerateArray()).GetProperty("responders").EnumerateArray());
        Assert.Equal(("n2", "announcer", 3), (responder.GetProperty("node").GetString(), responder.GetProperty("role").GetString(), responder.GetProperty("replies").GetInt32()));
    }

    [Fact]
    public async Task A_proxy_the_credentials_may_not_use_is_named_and_nothing_is_probed()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-broken");
        await Agents(["n2", "n1", "n3"], TimeSpan.FromSeconds(4), Nodes);
        _api.Forbid("get", "pods/proxy");
        var r = await Doctor("-o", "json");
        r.AssertExit(3);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("cannot-tell", root.GetProperty("verdict").GetString());
        var notDone = root.GetProperty("notDone").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal(3, notDone.Count);
        Assert.All(notDone, n => Assert.Contains("forbidden", n, StringComparison.Ordinal));
        Assert.All(notDone, n => Assert.Contains("'kubectl auth can-i get pods/proxy -n arpdoctor'", n, StringComparison.Ordinal));
        Assert.StartsWith("cannot read the agent on n1: ", notDone[0], StringComparison.Ordinal);
        Assert.Equal("not-probed", Assert.Single(root.GetProperty("vips").EnumerateArray()).GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Without_agents_installed_it_says_so_and_exits_3()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-broken");
        var r = await Doctor();
        r.AssertExit(3);
        Assert.Contains("not done: cannot read the agents: no arpdoctor agent is installed", r.Out);
        Assert.DoesNotContain("/pods/proxy:get", _api.Used);
    }

    [Fact]
    public async Task Stale_rounds_are_not_evidence()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        await Agents(["n2"], TimeSpan.FromSeconds(45), Nodes);
        var r = await Doctor("-o", "json");
        r.AssertExit(3);
        var notDone = JsonDocument.Parse(r.Out).RootElement.GetProperty("notDone").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Contains("agent on n2: its latest round ended 45s ago, more than 3 intervals (10s each): stale, not evidence", notDone);
    }

    [Fact]
    public async Task An_agent_that_answers_503_is_named_and_the_others_still_count_but_do_not_make_it_healthy()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        await Agents(["n2"], TimeSpan.FromSeconds(2), Nodes);
        _scrapes["arpdoctor-agent-n3x"] = (503, "not ready\n");
        _api.Add(AgentPod("n4", phase: "Pending"));
        var r = await Doctor("-o", "json");
        r.AssertExit(5);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("agent on n1, n2 (round 2s ago)", root.GetProperty("vantage").GetString());
        var notDone = root.GetProperty("notDone").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains("agent pod arpdoctor/arpdoctor-agent-n4x on n4 is Pending: not read", notDone);
        Assert.Contains(notDone, n => n.StartsWith("cannot read the agent on n3: ", StringComparison.Ordinal) && n.Contains("503", StringComparison.Ordinal));
    }
}
