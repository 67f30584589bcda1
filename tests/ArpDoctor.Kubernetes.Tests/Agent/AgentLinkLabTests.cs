using System.Diagnostics;
using System.Globalization;
using System.Net;
using ArpDoctor.Kubernetes.Tests.Fakes;
using ArpDoctor.Linux.Lab;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace ArpDoctor.Kubernetes.Tests.Agent;

/// <summary>
/// The agent on a link that comes up late, loses its carrier, and goes away and comes back: it stays up, says why on
/// /readyz, and reports the VIP's responders within two rounds of the link carrying frames again. Needs root, iproute2 and
/// libpcap; skipped otherwise (failed with ARPDOCTOR_REQUIRE_LAB=1).
/// <code>
///   lab segment   n1..n3 eth0 192.0.2.11..13 (n1's eth0 is the veth whose bridge-side peer p1 the test takes down), VIP
///                 203.0.113.10 (shop/web) on every node's kube-ipvs0, strictARP off: n1 (node-local truth), n2, n3 answer
///   API link      test process 198.51.100.241/30 (fake API) ── veth ── n1 api0 198.51.100.242/30 (agent, metrics on :19467)
/// </code>
/// </summary>
[Collection("lab")]
public sealed class AgentLinkLabTests(ITestOutputHelper output)
{
    private const int MetricsPort = 19467;
    private static readonly IPAddress ApiAddress = IPAddress.Parse("198.51.100.241");
    private const string AgentAddress = "198.51.100.242";
    private const string Web = "arpdoctor_vip_responders{lb_service=\"shop/web\",ip=\"203.0.113.10\"}";
    private const string Eth0Up = "arpdoctor_agent_interface_up{interface=\"eth0\"}";
    private const string Rounds = "arpdoctor_agent_rounds_total";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1), Wait = TimeSpan.FromMilliseconds(300);

    [SkippableFact]
    public async Task Without_carrier_at_start_after_a_carrier_loss_and_after_the_interface_is_made_again_the_agent_waits_and_resumes_within_two_rounds()
    {
        using var lab = Labs.Create(3, LabMode.Loose);
        var hostEnd = $"adtcar{Environment.ProcessId}";
        var dir = Directory.CreateTempSubdirectory("arpdoctor-agentlink-").FullName;
        var node1 = lab.Plan.NodeNamespace(1);
        try
        {
            CommandRunner.RunChecked("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", "api0", "netns", node1);
            CommandRunner.RunChecked("ip", "addr", "add", $"{ApiAddress}/30", "dev", hostEnd);
            CommandRunner.RunChecked("ip", "link", "set", hostEnd, "up");
            CommandRunner.RunChecked("ip", "-n", node1, "addr", "add", $"{AgentAddress}/30", "dev", "api0");
            CommandRunner.RunChecked("ip", "-n", node1, "link", "set", "api0", "up");
            NamespaceLinks.WaitForCarrier(node1, "api0");
            await using var api = await FakeKubeApi.StartAsync(bind: ApiAddress);
            api.Add(Manifests.LoadBalancer("shop", "web", "203.0.113.10"));
            for (int n = 1; n <= 3; n++) api.Add(Manifests.Node($"n{n}", $"192.0.2.{10 + n}"));

            // The bond or veth comes up after the pod: its peer is down when the agent starts.
            Peer(lab, up: false);
            using var agent = BackgroundArpdoctor.StartAssemblyIn(node1, Path.Combine(AppContext.BaseDirectory, "cli", "arpdoctor.dll"), "agent", "-i", "eth0",
                "--node", "n1", "--interval", "1s", "--wait", "300ms", "--listen", $"{AgentAddress}:{MetricsPort}", "--kubeconfig", api.WriteKubeconfig(dir));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

            const string noCarrier = "interface eth0 no-carrier: interface eth0 is up but has no carrier (no cable, or its veth peer is down), so no frame reaches the segment\n";
            await ReadyzSaysAsync(http, agent, noCarrier);
            await Task.Delay(3 * Interval);
            Assert.False(agent.HasExited, $"the agent exited: {agent.Error}");
            var waiting = await ScrapeAsync(http);
            Assert.Equal("0", Value(waiting, Eth0Up));
            Assert.Null(Value(waiting, Web));                                      // unknown, not "nobody answers"
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://{AgentAddress}:{MetricsPort}/healthz")).StatusCode);

            await ResumesWithinTwoRoundsAsync(http, agent, () => Peer(lab, up: true), "carrier at last");
            await ReadyzSaysAsync(http, agent, "ok\n");

            // Carrier lost mid-run: it used to stay silent, /readyz 200 and every VIP without answer.
            Peer(lab, up: false);
            await ReadyzSaysAsync(http, agent, noCarrier);
            Assert.Null(Value(await ScrapeAsync(http), Web));
            await ResumesWithinTwoRoundsAsync(http, agent, () => Peer(lab, up: true), "carrier back");

            // The interface goes away (its capture ends) and is made again with another MAC and index.
            CommandRunner.RunChecked("ip", "-n", node1, "link", "del", "eth0");
            await ReadyzSaysAsync(http, agent, "interface eth0 absent: no such interface: eth0", prefix: true);
            await ResumesWithinTwoRoundsAsync(http, agent, () => MakeEth0Again(lab), "eth0 made again");

            var logs = agent.Output;
            Assert.Equal(3, CountOf(logs, "cannot carry probes"));                // once per loss, not once a second
            Assert.Equal(3, CountOf(logs, "probing resumes"));
            agent.Terminate();
            Assert.Equal(0, agent.WaitForExit(TimeSpan.FromSeconds(15)));
        }
        finally
        {
            CommandRunner.Run("ip", ["link", "del", hostEnd]);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>n1's eth0 has carrier exactly while its bridge-side peer p1 is up.</summary>
    private static void Peer(LabNetwork lab, bool up) =>
        CommandRunner.RunChecked("ip", "-n", lab.Plan.BridgeNamespace, "link", "set", "p1", up ? "up" : "down");

    /// <summary>As the lab made it: a veth pair, eth0 in n1 with 192.0.2.11/24, p1 a port of the bridge.</summary>
    private static void MakeEth0Again(LabNetwork lab)
    {
        var node1 = lab.Plan.NodeNamespace(1);
        CommandRunner.RunChecked("ip", "link", "add", "eth0", "netns", node1, "type", "veth", "peer", "name", "p1", "netns", lab.Plan.BridgeNamespace);
        CommandRunner.RunChecked("ip", "-n", lab.Plan.BridgeNamespace, "link", "set", "p1", "master", "br0", "up");
        CommandRunner.RunChecked("ip", "-n", node1, "addr", "add", "192.0.2.11/24", "dev", "eth0");
        CommandRunner.RunChecked("ip", "-n", node1, "link", "set", "eth0", "up");
    }

    /// <summary>
    /// Brings the link back and waits for the VIP's three responders (n1's own kernel, n2, n3): at most two rounds may end
    /// between the change and the scrape that shows them.
    /// </summary>
    private async Task ResumesWithinTwoRoundsAsync(HttpClient http, BackgroundArpdoctor agent, Action change, string what)
    {
        var before = await ScrapeAsync(http);
        double rounds = double.Parse(Value(before, Rounds) ?? "0", CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        change();
        string last = before;
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && Value(last, Web) != "3")
        {
            await Task.Delay(50);
            last = await ScrapeAsync(http);
        }
        Assert.True(Value(last, Web) == "3", $"{what}: no 3 responders within 30 s\n{last}\n{agent.Output}\n{agent.Error}");
        double after = double.Parse(Value(last, Rounds)!, CultureInfo.InvariantCulture);
        output.WriteLine($"{what}: responders reported {clock.Elapsed.TotalSeconds:0.0} s and {after - rounds} rounds after the change");
        Assert.True(after - rounds <= 2, $"{what}: {after - rounds} rounds before the responders were reported");
        Assert.Equal("1", Value(last, Eth0Up));
        // Two rounds, the look that finds the link up (every second while down) and the kernel's link watch (up to 1 s).
        Assert.True(clock.Elapsed < 2 * (Interval * 1.1 + Wait) + 2 * TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(2),
            $"{what}: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task ReadyzSaysAsync(HttpClient http, BackgroundArpdoctor agent, string body, bool prefix = false)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string last = "";
        while (DateTime.UtcNow < deadline && !agent.HasExited)
        {
            try
            {
                var response = await http.GetAsync($"http://{AgentAddress}:{MetricsPort}/readyz");
                last = await response.Content.ReadAsStringAsync();
                bool matches = prefix ? last.StartsWith(body, StringComparison.Ordinal) : last == body;
                if (matches && (response.StatusCode == HttpStatusCode.OK) == (body == "ok\n")) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"/readyz never said {body.Trim()}; last: {last}\nagent stdout:\n{agent.Output}\nagent stderr:\n{agent.Error}");
    }

    private static async Task<string> ScrapeAsync(HttpClient http) =>
        await http.GetStringAsync($"http://{AgentAddress}:{MetricsPort}/metrics");

    private static string? Value(string exposition, string series) =>
        exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))?[(series.Length + 1)..].Trim();

    private static int CountOf(string text, string part) =>
        text.Split('\n').Count(l => l.Contains(part, StringComparison.Ordinal));
}
