using System.Net;
using System.Text.Json;
using ArpDoctor.Kubernetes.Tests.Fakes;
using ArpDoctor.Linux.Lab;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Agent;

/// <summary>
/// End to end: the <c>arpdoctor agent</c> process runs inside lab node n1 against the fake API server, and
/// the test scrapes its <c>/metrics</c>. Needs root, iproute2 and libpcap; skipped otherwise (failed with
/// ARPDOCTOR_REQUIRE_LAB=1).
/// <code>
///   lab segment   n1..n3 eth0 192.0.2.11..13 = Nodes n1..n3; VIPs 203.0.113.10 (shop/web), 203.0.113.11 (shop/api) on kube-ipvs0
///   API link      test process 198.51.100.249/30 (fake API) ── veth ── n1 api0 198.51.100.250/30 (agent, metrics on :19464)
///                 Service shop/edge has VIP 198.51.100.249: only api0's network holds it, so the agent (given
///                 -i eth0 -i api0) probes it there and the test process's end answers.
/// </code>
/// </summary>
[Collection("lab")]
public sealed class AgentLabTests
{
    private const int MetricsPort = 19464;
    private static readonly IPAddress ApiAddress = IPAddress.Parse("198.51.100.249");
    private const string AgentAddress = "198.51.100.250";
    private const string Web = "arpdoctor_vip_responders{lb_service=\"shop/web\",ip=\"203.0.113.10\"}";
    private const string ApiSvc = "arpdoctor_vip_responders{lb_service=\"shop/api\",ip=\"203.0.113.11\"}";
    private const string Edge = "arpdoctor_vip_responders{lb_service=\"shop/edge\",ip=\"198.51.100.249\"}";

    [SkippableFact]
    public async Task The_agent_counts_responders_in_loose_and_speaker_modes_and_posts_the_Warning_Event()
    {
        using var lab = Labs.Create(3, LabMode.Loose, vips: 2);
        var hostEnd = $"adtapi{Environment.ProcessId}";
        var dir = Directory.CreateTempSubdirectory("arpdoctor-agentlab-").FullName;
        try
        {
            var node1 = lab.Plan.NodeNamespace(1);
            CommandRunner.RunChecked("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", "api0", "netns", node1);
            CommandRunner.RunChecked("ip", "addr", "add", $"{ApiAddress}/30", "dev", hostEnd);
            CommandRunner.RunChecked("ip", "link", "set", hostEnd, "up");
            CommandRunner.RunChecked("ip", "-n", node1, "addr", "add", $"{AgentAddress}/30", "dev", "api0");
            CommandRunner.RunChecked("ip", "-n", node1, "link", "set", "api0", "up");
            // Up is not yet carrier: the agent must not start before the links it was given can carry frames.
            NamespaceLinks.WaitForCarrier(node1, "api0");
            NamespaceLinks.WaitForCarrier(node1, "eth0");

            await using var api = await FakeKubeApi.StartAsync(bind: ApiAddress);
            api.Add(Manifests.LoadBalancer("shop", "web", "203.0.113.10"));
            api.Add(Manifests.LoadBalancer("shop", "api", "203.0.113.11"));
            api.Add(Manifests.LoadBalancer("shop", "edge", ApiAddress.ToString()));
            for (int n = 1; n <= 3; n++) api.Add(Manifests.Node($"n{n}", $"192.0.2.{10 + n}"));

            using var agent = BackgroundArpdoctor.StartAssemblyIn(node1, Path.Combine(AppContext.BaseDirectory, "cli", "arpdoctor.dll"), "agent", "-i", "eth0", "-i", "api0", "--node", "n1", "--interval", "1s", "--wait", "300ms",
                "--listen", $":{MetricsPort}", "--kubeconfig", api.WriteKubeconfig(dir));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var macs = lab.NodeMacs();

            // strictARP off: n2 and n3 answer on the wire, n1's own kernel would answer too (node-local truth).
            await WaitForAsync(http, agent, m => Value(m, Web) == "3" && Value(m, ApiSvc) == "3" && Value(m, Edge) == "1",
                "3 responders in loose mode on eth0, 1 on api0");
            var loose = await ScrapeAsync(http);
            Assert.Equal("1", Value(loose, "arpdoctor_node_answers_vip{node=\"n1\",ip=\"203.0.113.10\"}"));
            Assert.Equal("0", Value(loose, "arpdoctor_node_strict_arp{node=\"n1\"}"));
            Assert.Equal("ok\n", await http.GetStringAsync($"http://{AgentAddress}:{MetricsPort}/readyz"));
            // The agent's libpcap rings (the process's packet-socket mappings, one per interface) stay resident:
            // it opens the small ones.
            var rings = SocketMappingKiB(agent.Id);
            Assert.NotEmpty(rings);
            Assert.All(rings, ring => Assert.True(ring <= 1024 + 64, $"capture ring of {ring} KiB; the agent's are 1 MiB"));

            await PrometheusStoresTheVipsOwnServiceAsync(dir);

            await Eventually.True(() => api.Events().Count == 2, "a Warning Event per VIP", 20);
            var web = api.Events().Single(e => e["involvedObject"]!["name"]!.GetValue<string>() == "web");
            Assert.Equal("Warning", web["type"]!.GetValue<string>());
            var message = web["message"]!.GetValue<string>();
            for (int n = 1; n <= 3; n++) Assert.Contains($"{macs[n]} (n{n})", message);

            // strictARP on, n2 holds the VIPs as MetalLB's speaker would: one responder, n1 no longer answers.
            lab.SetMode(LabMode.Speaker, speakerNode: 2);
            await WaitForAsync(http, agent, m => Value(m, Web) == "1" && Value(m, ApiSvc) == "1", "1 responder in speaker mode");
            var speaker = await ScrapeAsync(http);
            Assert.Equal("0", Value(speaker, "arpdoctor_node_answers_vip{node=\"n1\",ip=\"203.0.113.10\"}"));
            Assert.Equal("1", Value(speaker, "arpdoctor_node_strict_arp{node=\"n1\"}"));
            Assert.Equal(2, api.Events().Count); // nothing new to warn about

            agent.Terminate();
            Assert.Equal(0, agent.WaitForExit(TimeSpan.FromSeconds(15)));
            var logs = agent.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(logs);
            foreach (var line in logs)
                Assert.Equal("arpdoctor.agent", JsonDocument.Parse(line).RootElement.GetProperty("Category").GetString());
            Assert.Contains(logs, l => l.Contains("agent stopping", StringComparison.Ordinal));
            Assert.Equal("", agent.Error);
        }
        finally
        {
            CommandRunner.Run("ip", ["link", "del", hostEnd]);
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public async Task The_agent_keeps_its_request_timeout_and_logs_JSON_as_the_CLI_writes_it()
    {
        // The first Service list hangs (reported at --request-timeout 2s, not the default 30 s), the next is
        // forbidden: its message quotes the kubectl command, written with ' as the CLI's JSON has it, not \u0027.
        using var lab = Labs.Create(1, LabMode.Loose, vips: 1);
        var hostEnd = $"adtapi{Environment.ProcessId}";
        var dir = Directory.CreateTempSubdirectory("arpdoctor-agentlog-").FullName;
        try
        {
            var node1 = lab.Plan.NodeNamespace(1);
            CommandRunner.RunChecked("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", "api0", "netns", node1);
            CommandRunner.RunChecked("ip", "addr", "add", $"{ApiAddress}/30", "dev", hostEnd);
            CommandRunner.RunChecked("ip", "link", "set", hostEnd, "up");
            CommandRunner.RunChecked("ip", "-n", node1, "addr", "add", $"{AgentAddress}/30", "dev", "api0");
            CommandRunner.RunChecked("ip", "-n", node1, "link", "set", "api0", "up");

            await using var api = await FakeKubeApi.StartAsync(bind: ApiAddress);
            api.FailNext(-1, method: "GET", resource: "services");
            api.Forbid("list", "services");
            using var agent = BackgroundArpdoctor.StartAssemblyIn(node1, Path.Combine(AppContext.BaseDirectory, "cli", "arpdoctor.dll"), "agent", "-i", "eth0", "--node", "n1",
                "--interval", "1s", "--wait", "300ms", "--listen", $":{MetricsPort}", "--kubeconfig", api.WriteKubeconfig(dir), "--request-timeout", "2s");
            var started = System.Diagnostics.Stopwatch.StartNew();
            await Eventually.True(() => agent.Output.Contains("did not answer in time", StringComparison.Ordinal), "the hung list reported", 20);
            Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
            await Eventually.True(() => agent.Output.Contains("kubectl auth can-i list services -A", StringComparison.Ordinal), "the forbidden list reported", 20);
            agent.Terminate();
            agent.WaitForExit(TimeSpan.FromSeconds(15));
            var logs = agent.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(logs, l => l.Contains("did not answer in time (--request-timeout 2s)", StringComparison.Ordinal));
            var forbidden = logs.First(l => l.Contains("kubectl auth can-i", StringComparison.Ordinal));
            Assert.Contains("the permission missing: 'kubectl auth can-i list services -A'", forbidden);
            Assert.DoesNotContain("\\u0027", agent.Output);
            Assert.Contains("cannot list resource \"services\"", JsonDocument.Parse(forbidden).RootElement.GetProperty("Message").GetString());
        }
        finally
        {
            CommandRunner.Run("ip", ["link", "del", hostEnd]);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// A real Prometheus (Debian's), listening on loopback only, scrapes the agent with the target labels the Prometheus
    /// Operator's ServiceMonitor sets (namespace, service, pod): the stored series still names the VIP's own Service.
    /// </summary>
    private static async Task PrometheusStoresTheVipsOwnServiceAsync(string dir)
    {
        Requirements.Tool("prometheus");
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var config = Path.Combine(dir, "prometheus.yml");
        File.WriteAllText(config, $$"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: arpdoctor-agent-metrics
                static_configs:
                  - targets: ["{{AgentAddress}}:{{MetricsPort}}"]
                    labels: {namespace: arpdoctor, service: arpdoctor-agent-metrics, pod: arpdoctor-agent-7x2kq}
            """);
        var info = new System.Diagnostics.ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir, "tsdb")}", $"--web.listen-address=127.0.0.1:{port}" })
            info.ArgumentList.Add(a);
        using var prometheus = System.Diagnostics.Process.Start(info)!;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            JsonElement series = default;
            for (int i = 0; i < 60 && series.ValueKind != JsonValueKind.Object; i++)
            {
                await Task.Delay(500);
                try
                {
                    var body = await http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query=arpdoctor_vip_responders%7Bip%3D%22203.0.113.10%22%7D");
                    var result = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("result");
                    if (result.GetArrayLength() > 0) series = result[0].Clone();
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }
            Assert.True(series.ValueKind == JsonValueKind.Object, "Prometheus stored no arpdoctor_vip_responders for 203.0.113.10 within 30 s");
            var metric = series.GetProperty("metric");
            Assert.Equal("shop/web", metric.GetProperty("lb_service").GetString());
            Assert.Equal("arpdoctor", metric.GetProperty("namespace").GetString());            // the target's, untouched
            Assert.False(metric.TryGetProperty("exported_service", out _));
            Assert.False(metric.TryGetProperty("exported_namespace", out _));
            Assert.Equal("3", series.GetProperty("value")[1].GetString());
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            prometheus.WaitForExit(10_000);
        }
    }

    private static async Task<string> ScrapeAsync(HttpClient http) =>
        await http.GetStringAsync($"http://{AgentAddress}:{MetricsPort}/metrics");

    private static async Task WaitForAsync(HttpClient http, BackgroundArpdoctor agent, Func<string, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await ScrapeAsync(http);
                if (condition(last)) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"not within 30s: {what}\nmetrics:\n{last}\nagent stdout:\n{agent.Output}\nagent stderr:\n{agent.Error}");
    }

    private static string? Value(string exposition, string series) =>
        exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))?[(series.Length + 1)..].Trim();

    /// <summary>Sizes of the process's memory-mapped sockets (libpcap's capture rings), from /proc/PID/maps.</summary>
    private static List<long> SocketMappingKiB(int pid) =>
        File.ReadAllLines($"/proc/{pid}/maps")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 6 && f[5].StartsWith("socket:", StringComparison.Ordinal))
            .Select(f => f[0].Split('-'))
            .Select(r => (Convert.ToInt64(r[1], 16) - Convert.ToInt64(r[0], 16)) / 1024)
            .ToList();
}
