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
}
