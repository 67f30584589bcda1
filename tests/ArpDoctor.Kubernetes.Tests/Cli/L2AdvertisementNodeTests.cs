using System.Text.Json;
using System.Text.Json.Nodes;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>
/// MetalLB announces only from the nodes its L2Advertisements select (metallb internal/config/config.go selectedNodes:
/// any of spec.nodeSelectors matches; no nodeSelectors selects every node). Cluster: metallb-crs-ipvs-broken (kubeadm,
/// IPVS, strictARP off; speaker on n1..n3; shop/web 203.0.113.10 announced from n2), its L2Advertisement default
/// replaced as the test says. The L2Advertisement shapes follow MetalLB's "Advanced L2 configuration" page
/// (website/content/configuration/_advanced_l2_configuration.md: nodeSelectors matchLabels kubernetes.io/hostname).
/// </summary>
public sealed class L2AdvertisementNodeTests : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-l2adv-").FullName;

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        ClusterFixtures.Load(_api, "metallb-crs-ipvs-broken");
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private void L2Advertisement(string name, JsonArray? nodeSelectors) => _api.Add(new JsonObject
    {
        ["apiVersion"] = "metallb.io/v1beta1",
        ["kind"] = "L2Advertisement",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "metallb-system" },
        ["spec"] = nodeSelectors is null
            ? new JsonObject { ["ipAddressPools"] = new JsonArray("default") }
            : new JsonObject { ["ipAddressPools"] = new JsonArray("default"), ["nodeSelectors"] = nodeSelectors },
    });

    private static JsonArray N2OrN3() => new(
        new JsonObject { ["matchLabels"] = new JsonObject { ["kubernetes.io/hostname"] = "n2" } },
        new JsonObject { ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "kubernetes.io/hostname", ["operator"] = "In", ["values"] = new JsonArray("n3") }) });

    private async Task<(JsonElement Off, List<string> Evidence)> Check()
    {
        var r = await CliRun.RunAsync(["check", "--kubeconfig", _api.WriteKubeconfig(_dir), "-o", "json"]);
        r.AssertExit(1);
        var findings = JsonDocument.Parse(r.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();
        var off = Assert.Single(findings, f => f.GetProperty("id").GetString() == "strict-arp-off");
        return (off, findings.SelectMany(f => f.GetProperty("evidence").EnumerateArray()).Select(e => e.GetString()!).ToList());
    }

    [Fact]
    public async Task The_announcing_nodes_are_the_speakers_nodes_its_L2Advertisements_select()
    {
        L2Advertisement("default", N2OrN3());
        var (off, evidence) = await Check();
        // Every node on the segment answers ARP with strictARP off, announcer or not: still critical, still every node.
        Assert.Equal("critical", off.GetProperty("severity").GetString());
        Assert.Contains("every node answers ARP for every MetalLB VIP", off.GetProperty("summary").GetString());
        Assert.Contains(evidence, e => e.EndsWith("layer-2 announcers can answer from n2, n3", StringComparison.Ordinal));
        Assert.Contains("MetalLB announces from n2, n3: its speaker's nodes that L2Advertisement metallb-system/default selects " +
            "([kubernetes.io/hostname=n2] or [kubernetes.io/hostname In (n3)]): n2, n3", evidence);
    }

    [Fact]
    public async Task One_L2Advertisement_without_nodeSelectors_announces_from_every_speaker_node()
    {
        L2Advertisement("default", N2OrN3());
        L2Advertisement("everywhere", null);
        var (_, evidence) = await Check();
        Assert.Contains(evidence, e => e.EndsWith("layer-2 announcers can answer from n1, n2, n3", StringComparison.Ordinal));
        Assert.DoesNotContain(evidence, e => e.StartsWith("MetalLB announces from", StringComparison.Ordinal));
    }
}
