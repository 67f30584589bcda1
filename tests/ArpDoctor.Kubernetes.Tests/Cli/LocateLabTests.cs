using ArpDoctor.TestKit;
using System.Text.Json;
using ArpDoctor.Core.Packets;
using ArpDoctor.Kubernetes.Tests.Fakes;
using ArpDoctor.Linux.Lab;
using ArpDoctor.Linux.Processes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>
/// <c>locate</c> against real kernels: the lab's nodes answer ARP as cluster nodes do, and the fake API's
/// Nodes have the lab nodes' addresses as InternalIPs. Needs root, iproute2 and libpcap; skipped otherwise.
/// <code>
///   k8sloc-client eth0 192.0.2.2 (probes from here)
///   k8sloc-node1..3 eth0 192.0.2.11..13 = Nodes n1..n3, VIP 203.0.113.10 on kube-ipvs0
///   MetalLB announcer of shop/web: n2
/// </code>
/// </summary>
[Collection("lab")]
public sealed class LocateLabTests : IAsyncLifetime
{
    private const string Prefix = "k8sloc";
    private FakeKubeApi _api = null!;
    private LabNetwork? _lab;
    private string? _skip;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-lab-").FullName;

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        if (Environment.UserName != "root")
        {
            _skip = "needs root for network namespaces";
            return;
        }
        try
        {
            _lab = LabNetwork.Create(new LabPlan(Prefix, 3, LabPlan.DefaultVips(1)), LabMode.Loose);
        }
        catch (Exception e) when (e is CommandFailedException or System.ComponentModel.Win32Exception)
        {
            _skip = $"cannot build the lab: {e.Message.Split('\n')[0]}";
        }
    }

    public async Task DisposeAsync()
    {
        _lab?.Dispose();
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<CliOutcome> Locate() =>
        CliRun.RunAsync(["locate", "203.0.113.10", "-i", "eth0", "--kubeconfig", _api.WriteKubeconfig(_dir), "-o", "json"],
            name => NamespaceLinks.Open($"{Prefix}-client", name), time: TimeProvider.System);

    [SkippableFact]
    public async Task With_strictARP_off_every_lab_node_answers_and_each_is_named()
    {
        Skip.If(_skip is not null, _skip);
        var r = await Locate();
        r.AssertExit(1);
        var json = JsonDocument.Parse(r.Out).RootElement;
        var macs = _lab!.NodeMacs();
        var responders = json.GetProperty("responders").EnumerateArray()
            .ToDictionary(x => x.GetProperty("node").GetString()!, x => (Mac: x.GetProperty("mac").GetString(), Role: x.GetProperty("role").GetString()));
        Assert.Equal(["n1", "n2", "n3"], responders.Keys.Order());
        for (int n = 1; n <= 3; n++) Assert.Equal(macs[n].ToString(), responders[$"n{n}"].Mac);
        Assert.Equal("announcer", responders["n2"].Role);
        Assert.Equal("answers but is not the announcer", responders["n1"].Role);
    }

    [SkippableFact]
    public async Task When_only_the_announcer_answers_locate_is_healthy()
    {
        Skip.If(_skip is not null, _skip);
        _lab!.SetMode(LabMode.Speaker, speakerNode: 2);
        var r = await Locate();
        r.AssertExit(0);
        var responder = Assert.Single(JsonDocument.Parse(r.Out).RootElement.GetProperty("responders").EnumerateArray());
        Assert.Equal("n2", responder.GetProperty("node").GetString());
        Assert.Equal(_lab.NodeMacs()[2].ToString(), responder.GetProperty("mac").GetString());
    }
}

[CollectionDefinition("lab", DisableParallelization = true)]
public sealed class LabCollection;
