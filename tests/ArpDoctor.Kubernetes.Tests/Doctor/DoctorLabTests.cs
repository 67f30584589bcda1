using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArpDoctor.Core.Packets;
using ArpDoctor.Kubernetes.Tests.Fakes;
using ArpDoctor.Linux.Lab;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Doctor;

/// <summary>
/// <c>doctor</c> as one command from the lab's client, against real kernels, with the fake API server describing the
/// lab's nodes (a cluster fixture whose Nodes have the lab nodes' addresses as InternalIPs).
/// <code>
///   client  eth0 192.0.2.2 (doctor runs here)
///   node1..3 eth0 192.0.2.11..13 = Nodes n1..n3, VIP 203.0.113.10 on kube-ipvs0 (MetalLB's announcer: n2)
///   node4   eth0 192.0.2.14, no Node in the API: the foreign device when it holds the VIP
///   node2 eth1 192.0.2.22 in the two-interfaces case
/// </code>
/// </summary>
[Collection("lab")]
public sealed class DoctorLabTests(HeadlessChromium browser) : IAsyncLifetime, IClassFixture<HeadlessChromium>
{
    private readonly HeadlessChromium _browser = browser;
    private FakeKubeApi _api = null!;
    private LabNetwork? _lab;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-doctor-").FullName;

    public async Task InitializeAsync() => _api = await FakeKubeApi.StartAsync();

    public async Task DisposeAsync()
    {
        _lab?.Dispose();
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A lab of four nodes in <paramref name="mode"/>; node 4 is no Node of the API and holds no VIP.</summary>
    private LabNetwork Lab(LabMode mode, int vips = 1)
    {
        _lab = Labs.Create(4, mode, vips, speakerNode: 2);
        foreach (var vip in _lab.Plan.Vips) Ip("-n", _lab.Plan.NodeNamespace(4), "addr", "del", $"{vip}/32", "dev", "kube-ipvs0");
        return _lab;
    }

    private static void Ip(params string[] args) => CommandRunner.RunChecked("ip", args);

    private Task<CliOutcome> Doctor(params string[] format) =>
        CliRun.RunAsync(["doctor", "-i", "eth0", "--kubeconfig", _api.WriteKubeconfig(_dir), .. format],
            name => NamespaceLinks.Open(_lab!.Plan.ClientNamespace, name), time: TimeProvider.System);

    private sealed record Seen(string Verdict, string[] Causes, string[] CauseNodes, string? RemedyKind, string? RemedyCommand, Dictionary<string, string> Roles, JsonElement Root);

    /// <summary>
    /// The scenario as three <c>doctor</c> commands, one per output (<c>-o</c> takes one), each with <paramref name="exit"/>; the
    /// HTML page is loaded in the class's headless Chromium and checked against the JSON: every cause's name, nodes, remedy and
    /// proving command, and every answering MAC's node and role, are in the rendered text; the verdict is painted in its colour;
    /// nothing is cut off at a laptop's width; no script error; no request besides the page itself (it works offline).
    /// </summary>
    private async Task<(Seen Json, CliOutcome Text, HeadlessChromium.Page? Page)> RunAll(int exit, [CallerMemberName] string scenario = "")
    {
        var json = await Doctor("-o", "json");
        json.AssertExit(exit);
        var text = await Doctor();
        text.AssertExit(exit);
        var html = await Doctor("-o", "html");
        html.AssertExit(exit);
        var root = JsonDocument.Parse(json.Out).RootElement;
        var vip = root.GetProperty("vips")[0];
        var causes = root.GetProperty("causes").EnumerateArray().ToList();
        var roles = vip.GetProperty("responders").EnumerateArray().ToDictionary(r => r.GetProperty("mac").GetString()!, r => r.GetProperty("role").GetString()!);
        var seen = new Seen(root.GetProperty("verdict").GetString()!, causes.Select(c => c.GetProperty("id").GetString()!).ToArray(),
            causes.Count == 0 ? [] : causes[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!).ToArray(),
            causes.Count == 0 ? null : causes[0].GetProperty("remedy").GetProperty("kind").GetString(),
            causes.Count == 0 ? null : causes[0].GetProperty("remedy").GetProperty("command").GetString(), roles, root);
        // Without Chromium (and without ARPDOCTOR_REQUIRE_LAB=1) the text and JSON are still checked; the page is not.
        var page = Requirements.OnPath("chromium") || Requirements.Required ? await Load(html.Out, scenario) : null;
        if (page is not null) AssertPageShows(page, seen);
        else Console.WriteLine($"{scenario}: chromium is not installed: the HTML page was not looked at");
        return (seen, text, page);
    }

    /// <summary>
    /// Writes the page and loads it. With <c>ARPDOCTOR_KEEP_PAGES=DIR</c> the page and a screenshot of it at
    /// <see cref="HeadlessChromium.Width"/> pixels are kept in DIR, named after the scenario, to be looked at.
    /// </summary>
    private async Task<HeadlessChromium.Page> Load(string html, string scenario)
    {
        var keep = Environment.GetEnvironmentVariable("ARPDOCTOR_KEEP_PAGES");
        var file = Path.Combine(keep is { Length: > 0 } ? Directory.CreateDirectory(keep).FullName : _dir, scenario + ".html");
        await File.WriteAllTextAsync(file, html);
        var clock = Stopwatch.StartNew();
        var page = await _browser.LoadAsync(file, screenshot: keep is { Length: > 0 });
        Console.WriteLine($"{scenario}: page loaded and read in {clock.Elapsed.TotalSeconds:F2} s (browser started in {_browser.StartedIn.TotalSeconds:F2} s)");
        if (page.Png is { } png) await File.WriteAllBytesAsync(Path.ChangeExtension(file, ".png"), png);
        return page;
    }

    /// <summary>Each of <paramref name="texts"/> is in the page's rendered text (when the page was looked at).</summary>
    private static void Shows(HeadlessChromium.Page? page, params string[] texts)
    {
        foreach (var t in texts) if (page is not null) Assert.Contains(t, page.Text);
    }

    private static void AssertPageShows(HeadlessChromium.Page page, Seen seen)
    {
        Assert.Empty(page.Errors);
        Assert.Empty(page.Requests);
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.True(page.ContentWidth <= HeadlessChromium.Width, $"the page is {page.ContentWidth} px wide in a {HeadlessChromium.Width} px window");
        Assert.Contains($"ArpDoctor doctor: {seen.Verdict}", page.Text);
        // Healthy in green, a cause in red: the colours of analyze's report.
        Assert.Equal(seen.Verdict == "healthy" ? "rgb(42, 125, 42)" : "rgb(181, 42, 42)", page.VerdictColour);
        foreach (var vip in seen.Root.GetProperty("vips").EnumerateArray())
            foreach (var r in vip.GetProperty("responders").EnumerateArray())
            {
                // A table row's cells, as rendered: MAC (vendor), node, role, each in its own cell.
                var mac = r.GetProperty("mac").GetString() + (r.GetProperty("vendor").GetString() is { } vendor ? $" ({vendor})" : "");
                Assert.Contains($"{mac}\t{r.GetProperty("node").GetString() ?? "-"}\t{r.GetProperty("role").GetString()}\t", page.Text);
                // The legend under the table says what the role means.
                Assert.Contains($"<dt>{r.GetProperty("role").GetString()}</dt><dd>", page.Html);
            }
        // A MAC that should not answer is marked in the problem colour; on a healthy page none is.
        if (seen.Verdict == "healthy") Assert.DoesNotContain("role problem", page.Html);
        else if (seen.Roles.Values.Any(r => r != "announcer")) Assert.Contains("<td class=\"role problem\">", page.Html);
        foreach (var cause in seen.Root.GetProperty("causes").EnumerateArray())
        {
            Assert.Contains($"<section class=\"cause\" data-cause=\"{cause.GetProperty("id").GetString()}\">", page.Html);
            Assert.Contains($"Cause: {cause.GetProperty("id").GetString()}\n", page.Text);
            Assert.Contains(cause.GetProperty("summary").GetString()!, page.Text);
            var nodes = string.Join(", ", cause.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
            if (nodes.Length > 0) Assert.Contains($"nodes\t{nodes}", page.Text.Replace('\n', '\t'));
            var remedy = cause.GetProperty("remedy");
            // As rendered: a browser folds runs of white space and drops it at the ends.
            Assert.Contains(string.Join(' ', remedy.GetProperty("text").GetString()!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), page.Text);
            if (remedy.GetProperty("command").GetString() is { } command) Assert.Contains(command, page.Text);
            Assert.Contains(cause.GetProperty("proof").GetString()!, page.Text);
        }
        if (seen.Causes.Length == 0) Assert.DoesNotContain("class=\"cause\"", page.Html);
    }

    private string Mac(int node) => _lab!.NodeMacs()[node].ToString();

    [SkippableFact]
    public async Task The_seed_strictARP_off_names_kube_proxy_the_nodes_beside_the_announcer_and_fix()
    {
        Lab(LabMode.Loose);
        ClusterFixtures.Load(_api, "kubeadm-ipvs-broken");
        var (seen, text, page) = await RunAll(1);
        Assert.Equal(["ipvs-without-strict-arp"], seen.Causes);
        Assert.Equal(["n1", "n3"], seen.CauseNodes);
        Assert.Equal(("fix", "arpdoctor fix"), (seen.RemedyKind, seen.RemedyCommand));
        Assert.Equal("announcer", seen.Roles[Mac(2)]);
        Assert.Equal("kernel (kube-ipvs0)", seen.Roles[Mac(1)]);
        Assert.Contains("CAUSE ipvs-without-strict-arp", text.Out);
        Assert.Contains("prove:", text.Out);
        Assert.Contains("arpdoctor watch 203.0.113.10 -i eth0 --duration 1h", text.Out);
        Shows(page, "ArpDoctor doctor: cause-found", "1 cause found; 0 of 1 VIPs healthy.", $"{Mac(2)}\tn2\tannouncer\t", $"{Mac(1)}\tn1\tkernel (kube-ipvs0)\t", $"{Mac(3)}\tn3\tkernel (kube-ipvs0)\t",
            "ipvs-without-strict-arp", "arpdoctor fix", "arpdoctor watch 203.0.113.10 -i eth0 --duration 1h");
        if (page is not null)
        {
            Assert.Contains("<span id=\"verdict\" class=\"verdict cause-found\">cause-found</span>", page.Html);
            Assert.Contains("<dd class=\"nodes\">n1, n3</dd>", page.Html);
            Assert.Contains("<code>arpdoctor watch 203.0.113.10 -i eth0 --duration 1h</code>", page.Html);
        }
    }

    [SkippableFact]
    public async Task StrictARP_set_but_pods_not_restarted_names_the_restart()
    {
        Lab(LabMode.Loose);   // the nodes' sysctls are still loose: kube-proxy has not re-read its file
        ClusterFixtures.Load(_api, "kubeadm-restart-pending");
        var (seen, text, page) = await RunAll(1);
        Assert.Equal(["restart-pending"], seen.Causes);
        Assert.Equal(["n1", "n3"], seen.CauseNodes);
        Assert.Equal(("fix", "arpdoctor fix"), (seen.RemedyKind, seen.RemedyCommand));
        Assert.Contains("CAUSE restart-pending", text.Out);
        Assert.Contains("kubectl rollout restart -n kube-system daemonset kube-proxy", text.Out);
        Shows(page, "restart-pending", "kubectl rollout restart -n kube-system daemonset kube-proxy", $"{Mac(2)}\tn2\tannouncer\t", $"{Mac(1)}\tn1\tkernel (kube-ipvs0)\t");
    }

    [SkippableFact]
    public async Task Split_brain_two_nodes_holding_the_VIP_are_two_announcers()
    {
        var lab = Lab(LabMode.Speaker);
        Ip("-n", lab.Plan.NodeNamespace(3), "addr", "add", $"{lab.FirstVip()}/32", "dev", "eth0");
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        var (seen, text, page) = await RunAll(1);
        Assert.Equal(["two-announcers"], seen.Causes);
        Assert.Equal(["n3"], seen.CauseNodes);
        Assert.Equal("elsewhere", seen.RemedyKind);
        Assert.Equal("second announcer", seen.Roles[Mac(3)]);
        Assert.Contains("CAUSE two-announcers", text.Out);
        Assert.Contains("7946", text.Out);
        Shows(page, "two-announcers", "7946", $"{Mac(3)}\tn3\tsecond announcer\t", $"{Mac(2)}\tn2\tannouncer\t");
    }

    [SkippableFact]
    public async Task One_node_with_two_interfaces_on_the_segment_is_one_host_answering_twice()
    {
        var lab = Lab(LabMode.Speaker);
        string node2 = lab.Plan.NodeNamespace(2);
        Ip("link", "add", "eth1", "netns", node2, "type", "veth", "peer", "name", "q2", "netns", lab.Plan.BridgeNamespace);
        Ip("-n", lab.Plan.BridgeNamespace, "link", "set", "q2", "master", "br0", "up");
        Ip("-n", node2, "addr", "add", "192.0.2.22/24", "dev", "eth1");
        Ip("-n", node2, "link", "set", "eth1", "up");
        lab.SetStrictArp(2, false);   // arp_ignore=0: either interface answers for any of the host's addresses
        var eth1 = MacAddress.Parse(CommandRunner.RunChecked("ip", "-n", node2, "-o", "link", "show", "dev", "eth1").Split("link/ether ")[1][..17]).ToString();
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        var (seen, text, page) = await RunAll(1);
        Assert.Equal(["two-interfaces"], seen.Causes);
        Assert.Equal(["n2"], seen.CauseNodes);
        // Which of the host's two MACs answered first decides which is called its second interface: ARP cannot tell more.
        Assert.Equal(["announcer", "second interface"], new[] { seen.Roles[Mac(2)], seen.Roles[eth1] }.Order());
        Assert.Contains("arp_ignore=1", text.Out);
        Shows(page, "two-interfaces", "arp_ignore=1", $"{eth1}\tn2\t{seen.Roles[eth1]}\t", $"{Mac(2)}\tn2\t{seen.Roles[Mac(2)]}\t");
    }

    [SkippableFact]
    public async Task A_foreign_device_holding_the_VIP_is_named_with_its_MAC_and_no_node()
    {
        var lab = Lab(LabMode.Speaker);
        Ip("-n", lab.Plan.NodeNamespace(4), "addr", "add", $"{lab.FirstVip()}/32", "dev", "eth0");
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        var (seen, text, page) = await RunAll(1);
        Assert.Equal(["foreign-device"], seen.Causes);
        Assert.Equal("foreign device", seen.Roles[Mac(4)]);
        Assert.Equal("announcer", seen.Roles[Mac(2)]);
        Assert.Contains("locally administered", text.Out);
        Shows(page, "foreign-device", "locally administered", $"{Mac(4)}\t-\tforeign device\t", $"{Mac(2)}\tn2\tannouncer\t");
    }

    [SkippableFact]
    public async Task An_announcer_on_a_NotReady_node_is_named()
    {
        Lab(LabMode.Speaker);
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        var n2 = _api.Get("nodes", null, "n2")!;
        foreach (var c in n2["status"]!["conditions"]!.AsArray())
            if (c!["type"]!.GetValue<string>() == "Ready") c["status"] = "Unknown";
        _api.Add(n2);
        var (seen, text, page) = await RunAll(1);
        Assert.Equal(["announcer-not-ready"], seen.Causes);
        Assert.Equal(["n2"], seen.CauseNodes);
        Assert.Contains("Ready=Unknown", text.Out);
        Shows(page, "announcer-not-ready", "Ready=Unknown", $"{Mac(2)}\tn2\tannouncer\t");
    }

    [SkippableFact]
    public async Task Only_the_announcer_answering_is_healthy()
    {
        Lab(LabMode.Speaker);
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        var (seen, text, page) = await RunAll(0);
        Assert.Equal("healthy", seen.Verdict);
        Assert.Equal(new Dictionary<string, string> { [Mac(2)] = "announcer" }, seen.Roles);
        Assert.Contains("Healthy: each of 1 VIP answered by one MAC", text.Out);
        Shows(page, "ArpDoctor doctor: healthy", "Healthy: each of 1 VIP answered by one MAC", $"{Mac(2)}\tn2\tannouncer\t");
    }

    [SkippableFact]
    public async Task Fifty_VIPs_are_diagnosed_in_one_command_well_within_thirty_seconds()
    {
        var lab = Lab(LabMode.Loose, vips: 50);
        ClusterFixtures.Load(_api, "kubeadm-ipvs-broken");
        _api.DeleteService("shop", "web");
        for (int i = 0; i < lab.Plan.Vips.Count; i++)
        {
            _api.Add(Manifests.LoadBalancer("shop", $"web{i:00}", lab.Plan.Vips[i].ToString()));
            _api.Add(Manifests.ServiceL2Status($"l2-{i:00}", "shop", $"web{i:00}", "n2", "2026-01-02T09:00:00Z"));
        }
        var clock = Stopwatch.StartNew();
        var r = await Doctor("-o", "json");
        clock.Stop();
        r.AssertExit(1);
        Assert.Contains("round 3/3", r.Err);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(50, root.GetProperty("vips").GetArrayLength());
        Assert.All(root.GetProperty("vips").EnumerateArray(), v => Assert.Equal("cause-found", v.GetProperty("verdict").GetString()));
        var cause = Assert.Single(root.GetProperty("causes").EnumerateArray());
        Assert.Equal(50, cause.GetProperty("vips").GetArrayLength());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Console.WriteLine($"doctor, 50 VIPs and 3 nodes, 3 rounds: {clock.Elapsed.TotalSeconds:F2} s");
    }
}
