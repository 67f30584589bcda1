using System.Text.Json;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Doctor;

/// <summary>
/// <c>doctor</c> where it cannot probe: it says what could not be done and why, and is never healthy. Address plan of the
/// fixtures: n1..n3 192.0.2.11..13, VIP 203.0.113.10 of shop/web announced by n2.
/// </summary>
public sealed class DoctorCommandTests : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-doctor-").FullName;

    public async Task InitializeAsync() => _api = await FakeKubeApi.StartAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<CliOutcome> Doctor(params string[] args) =>
        CliRun.RunAsync(["doctor", "--kubeconfig", _api.WriteKubeconfig(_dir), .. args]);

    [Fact]
    public async Task Without_an_interface_to_probe_from_it_says_so_and_is_not_healthy()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        var r = await Doctor("-i", "nosuch0", "-o", "json");
        r.AssertExit(3);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("cannot-tell", root.GetProperty("verdict").GetString());
        Assert.Equal("cannot probe from here on nosuch0: no such interface: nosuch0", Assert.Single(root.GetProperty("notDone").EnumerateArray()).GetString());
        var vip = Assert.Single(root.GetProperty("vips").EnumerateArray());
        Assert.Equal(("203.0.113.10", "n2", "MetalLB", "not-probed"),
            (vip.GetProperty("vip").GetString(), vip.GetProperty("announcer").GetString(), vip.GetProperty("announcerKind").GetString(), vip.GetProperty("verdict").GetString()));
        var text = await Doctor("-i", "nosuch0");
        text.AssertExit(3);
        Assert.Contains("not done: cannot probe from here on nosuch0", text.Out);
        Assert.Contains("Cannot tell", text.Out);
    }

    [Fact]
    public async Task Without_probing_a_NotReady_announcer_is_still_named_from_the_cluster()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        var n2 = _api.Get("nodes", null, "n2")!;
        foreach (var c in n2["status"]!["conditions"]!.AsArray())
            if (c!["type"]!.GetValue<string>() == "Ready") c["status"] = "False";
        _api.Add(n2);
        var r = await Doctor("-i", "nosuch0", "-o", "json");
        r.AssertExit(1);
        var cause = Assert.Single(JsonDocument.Parse(r.Out).RootElement.GetProperty("causes").EnumerateArray());
        Assert.Equal("announcer-not-ready", cause.GetProperty("id").GetString());
        Assert.Contains("node n2: Ready=False (the kubelet reports it not ready)", cause.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_from_it_cannot_use_is_bad_input()
    {
        var r = await Doctor("--from", "nowhere");
        r.AssertExit(2);
        Assert.Empty(r.Out);
    }

    [Fact]
    public async Task From_a_pod_without_the_nodes_interface_is_bad_input()
    {
        var r = await Doctor("--from", "pod");
        r.AssertExit(2);
        Assert.Empty(r.Out);
        Assert.Equal("arpdoctor: doctor: --from pod needs -i, the node's interface on the VIPs' layer-2 segment (as 'ip -br addr' on the node shows it)", r.Err.TrimEnd());
        Assert.Empty(_api.PodsCreated);
    }

    [Theory]
    [InlineData("agent", new[] { "-i", "eth0" }, "-i does not apply with --from agent: the agents probe from their own nodes' interfaces")]
    [InlineData("agent", new[] { "--rounds", "5" }, "--rounds does not apply with --from agent: it reads the agents' latest rounds")]
    [InlineData("agent", new[] { "-w", "1s" }, "--wait does not apply with --from agent: it reads the agents' latest rounds")]
    [InlineData("here", new[] { "--node", "n1" }, "--node applies only with --from pod")]
    [InlineData("agent", new[] { "--image", "x" }, "--image applies only with --from pod")]
    [InlineData("here", new[] { "--pod-timeout", "1m" }, "--pod-timeout applies only with --from pod")]
    public async Task An_option_the_chosen_from_does_not_use_is_bad_input_not_ignored(string from, string[] option, string error)
    {
        var r = await Doctor(["--from", from, .. option]);
        r.AssertExit(2);
        Assert.Empty(r.Out);
        Assert.Equal($"arpdoctor: doctor: {error}", r.Err.TrimEnd());
    }

    [Fact]
    public async Task From_a_pod_without_an_agent_to_take_the_image_from_it_says_to_name_one()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        var r = await Doctor("--from", "pod", "-i", "eth0", "-o", "json");
        r.AssertExit(3);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("cannot-tell", root.GetProperty("verdict").GetString());
        Assert.Equal("cannot probe from a pod: no arpdoctor agent DaemonSet to take the image from; name an image holding arpdoctor with --image",
            Assert.Single(root.GetProperty("notDone").EnumerateArray()).GetString());
        Assert.Empty(_api.PodsCreated);
    }

    [Fact]
    public async Task From_a_pod_refused_by_RBAC_names_the_permission_missing()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        _api.Forbid("create", "pods");
        var r = await Doctor("--from", "pod", "-i", "eth0", "--image", "registry.example/arpdoctor:0.1.0", "-o", "json");
        r.AssertExit(3);
        var notDone = JsonDocument.Parse(r.Out).RootElement.GetProperty("notDone").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal(2, notDone.Count);   // one per probe node
        Assert.All(notDone, n => Assert.Contains("forbidden", n));
        Assert.All(notDone, n => Assert.Contains("'create pods -n default'", n));
        Assert.Empty(_api.Pods());
    }

    [Fact]
    public async Task From_a_pod_the_installed_agents_image_is_used_and_a_Pod_that_never_ends_is_given_up_and_deleted()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        var agent = Deploy.YamlDocs.Load(Path.Combine(Deploy.YamlDocs.RepoRoot, "deploy", "arpdoctor.yaml")).Single(d => d["kind"]!.GetValue<string>() == "DaemonSet");
        agent["metadata"]!["namespace"] ??= "arpdoctor";
        _api.Add(agent);
        // No kubelet: the Pods stay Pending.
        var r = await Doctor("--from", "pod", "-i", "eth0", "--pod-timeout", "1s", "--pod-namespace", "diag", "-o", "json");
        r.AssertExit(3);
        Assert.Equal(2, _api.PodsCreated.Count);
        var image = agent["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();
        Assert.All(_api.PodsCreated, p => Assert.Equal(image, p["spec"]!["containers"]![0]!["image"]!.GetValue<string>()));
        Assert.All(_api.PodsCreated, p => Assert.Equal("diag", p["metadata"]!["namespace"]!.GetValue<string>()));
        Assert.All(JsonDocument.Parse(r.Out).RootElement.GetProperty("notDone").EnumerateArray(),
            n => Assert.Contains("did not finish within 1s (--pod-timeout)", n.GetString()));
        Assert.Empty(_api.Pods());
    }
}
