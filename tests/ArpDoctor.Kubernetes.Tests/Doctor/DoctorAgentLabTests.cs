using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArpDoctor.Kubernetes.Tests.Fakes;
using ArpDoctor.Linux.Lab;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Doctor;

/// <summary>
/// <c>doctor --from agent</c> against real agents: an <c>arpdoctor agent</c> process in each lab node's namespace probes
/// the lab's segment and serves its metrics; doctor, with the fake API server describing the lab's nodes, reads them
/// through the fake's pod proxy, which forwards to each agent over a veth of its own (no <c>ip netns exec</c>). Needs root,
/// iproute2 and libpcap; skipped otherwise (failed with ARPDOCTOR_REQUIRE_LAB=1).
/// <code>
///   lab segment   node1..3 eth0 192.0.2.11..13 = Nodes n1..n3; VIP 203.0.113.10 (shop/web, MetalLB's announcer n2) on kube-ipvs0
///   API links     test process 198.51.100.(4k+1)/30 ── veth ── node k api0 198.51.100.(4k+2)/30, k = 1..3
///                 the fake API listens on every address of the test process; each agent's kubeconfig names its link's
///                 end, and its metrics (:19464) are reached at its api0 address
/// </code>
/// </summary>
[Collection("lab")]
public sealed class DoctorAgentLabTests : IAsyncLifetime
{
    private const int MetricsPort = 19464;
    private FakeKubeApi _api = null!;
    private LabNetwork? _lab;
    private readonly List<BackgroundArpdoctor> _agents = [];
    private readonly List<string> _hostEnds = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-doctor-agentlab-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private static string HostEnd(int node) => $"198.51.100.{4 * node + 1}";
    private static string AgentEnd(int node) => $"198.51.100.{4 * node + 2}";

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync(bind: IPAddress.Any);
        // The API server's pod proxy: to the agent Pod's node, on the port asked for.
        _api.PodProxy = async (target, ct) =>
        {
            var node = int.Parse(target.Pod[^1..], System.Globalization.CultureInfo.InvariantCulture);
            using var response = await _http.GetAsync($"http://{AgentEnd(node)}:{target.Port}{target.Path}", ct);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        };
    }

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            agent.Terminate();
            agent.WaitForExit(TimeSpan.FromSeconds(15));
            agent.Dispose();
        }
        foreach (var end in _hostEnds) CommandRunner.Run("ip", ["link", "del", end]);
        _lab?.Dispose();
        await _api.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The lab's three nodes in <paramref name="mode"/>, each with its agent running and its Pod in the API.</summary>
    private async Task AgentsAsync(LabMode mode, string fixture, int responders)
    {
        _lab = Labs.Create(3, mode, vips: 1, speakerNode: 2);
        ClusterFixtures.Load(_api, fixture);
        var port = _api.Url.Port;
        for (int n = 1; n <= 3; n++)
        {
            var ns = _lab.Plan.NodeNamespace(n);
            var hostEnd = $"adta{Environment.ProcessId % 100000}n{n}";
            CommandRunner.RunChecked("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", "api0", "netns", ns);
            _hostEnds.Add(hostEnd);
            CommandRunner.RunChecked("ip", "addr", "add", $"{HostEnd(n)}/30", "dev", hostEnd);
            CommandRunner.RunChecked("ip", "link", "set", hostEnd, "up");
            CommandRunner.RunChecked("ip", "-n", ns, "addr", "add", $"{AgentEnd(n)}/30", "dev", "api0");
            CommandRunner.RunChecked("ip", "-n", ns, "link", "set", "api0", "up");
            NamespaceLinks.WaitForCarrier(ns, "api0");
            NamespaceLinks.WaitForCarrier(ns, "eth0");
            var dir = Directory.CreateDirectory(Path.Combine(_dir, $"n{n}")).FullName;
            _agents.Add(BackgroundArpdoctor.StartAssemblyIn(ns, Path.Combine(AppContext.BaseDirectory, "cli", "arpdoctor.dll"), "agent", "-i", "eth0",
                "--node", $"n{n}", "--interval", "2s", "--wait", "300ms", "--listen", $":{MetricsPort}",
                "--kubeconfig", _api.WriteKubeconfig(dir, serverOverride: $"http://{HostEnd(n)}:{port}")));
            _api.Add(AgentPod(n));
        }
        // Every agent has finished a round that heard what the lab answers.
        for (int n = 1; n <= 3; n++) await WaitForAsync(n, responders);
    }

    /// <summary>The agent's Pod as the chart's DaemonSet makes it.</summary>
    private static JsonObject AgentPod(int node) => JsonNode.Parse($$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"arpdoctor-agent-n{{node}}","namespace":"arpdoctor",
          "labels":{"app.kubernetes.io/name":"arpdoctor","app.kubernetes.io/component":"agent"},
          "ownerReferences":[{"apiVersion":"apps/v1","kind":"DaemonSet","name":"arpdoctor-agent","uid":"u1","controller":true}]},
         "spec":{"nodeName":"n{{node}}","hostNetwork":true,"containers":[{"name":"agent","image":"ghcr.io/arpdoctor/arpdoctor:0.1.0",
           "args":["agent","--interval","2s","--listen",":{{MetricsPort}}","--interface","eth0"]}]},
         "status":{"phase":"Running"} }
        """)!.AsObject();

    private async Task WaitForAsync(int node, int responders)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await _http.GetStringAsync($"http://{AgentEnd(node)}:{MetricsPort}/metrics");
                if (last.Split('\n').Count(l => l.StartsWith("arpdoctor_vip_responder{", StringComparison.Ordinal)) == responders
                    && last.Contains("\narpdoctor_agent_last_round_age_seconds ", StringComparison.Ordinal)) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        var agent = _agents[node - 1];
        throw new Xunit.Sdk.XunitException($"agent on n{node}: not {responders} responders within 60s\nmetrics:\n{last}\nstdout:\n{agent.Output}\nstderr:\n{agent.Error}");
    }

    private Task<CliOutcome> Doctor(params string[] args) =>
        CliRun.RunAsync(["doctor", "--from", "agent", "--kubeconfig", _api.WriteKubeconfig(_dir, serverOverride: $"http://127.0.0.1:{_api.Url.Port}"), .. args],
            time: TimeProvider.System);

    [SkippableFact]
    public async Task The_seed_read_from_real_agents_names_IPVS_without_strictARP_and_the_nodes_beside_the_announcer()
    {
        await AgentsAsync(LabMode.Loose, "kubeadm-ipvs-broken", responders: 3);
        var macs = _lab!.NodeMacs();
        var r = await Doctor("-o", "json");
        r.AssertExit(1);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.StartsWith("agent on n1, n2, n3 (round ", root.GetProperty("vantage").GetString(), StringComparison.Ordinal);
        var cause = Assert.Single(root.GetProperty("causes").EnumerateArray());
        Assert.Equal("ipvs-without-strict-arp", cause.GetProperty("id").GetString());
        Assert.Equal(["n1", "n3"], cause.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        var roles = root.GetProperty("vips")[0].GetProperty("responders").EnumerateArray()
            .ToDictionary(x => x.GetProperty("mac").GetString()!, x => (x.GetProperty("node").GetString(), x.GetProperty("role").GetString()));
        Assert.Equal(("n2", "announcer"), roles[macs[2].ToString()]);
        Assert.Equal(("n1", "kernel (kube-ipvs0)"), roles[macs[1].ToString()]);
        Assert.Equal(("n3", "kernel (kube-ipvs0)"), roles[macs[3].ToString()]);
        Assert.Empty(root.GetProperty("notDone").EnumerateArray());

        var text = await Doctor();
        text.AssertExit(1);
        Assert.Contains("from agent on n1, n2, n3 (round ", text.Out);
        Assert.Contains("CAUSE ipvs-without-strict-arp", text.Out);
    }

    [SkippableFact]
    public async Task Real_agents_hearing_only_the_announcer_make_it_healthy_and_a_forbidden_proxy_exits_3_naming_the_permission()
    {
        await AgentsAsync(LabMode.Speaker, "kubeadm-ipvs-strict", responders: 1);
        var r = await Doctor("-o", "json");
        r.AssertExit(0);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("healthy", root.GetProperty("verdict").GetString());
        var responder = Assert.Single(root.GetProperty("vips")[0].GetProperty("responders").EnumerateArray());
        Assert.Equal((_lab!.NodeMacs()[2].ToString(), "n2", "announcer"),
            (responder.GetProperty("mac").GetString(), responder.GetProperty("node").GetString(), responder.GetProperty("role").GetString()));

        _api.GrantOnly(CliRoles.Role("arpdoctor-check"));
        var forbidden = await Doctor("-o", "json");
        forbidden.AssertExit(3);
        var notDone = JsonDocument.Parse(forbidden.Out).RootElement.GetProperty("notDone").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal(["n1", "n2", "n3"], notDone.Select(n => n.Split(':')[0]["cannot read the agent on ".Length..]));
        Assert.All(notDone, n => Assert.Contains("forbidden", n, StringComparison.Ordinal));
        Assert.All(notDone, n => Assert.EndsWith("the permission missing: 'kubectl auth can-i get pods/proxy -n arpdoctor'", n, StringComparison.Ordinal));
    }
}
