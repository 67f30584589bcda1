using System.Text.Json;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>
/// <c>arpdoctor locate</c> end to end: fake API nodes and an in-memory segment.
/// <code>
///   n1 192.0.2.11 02:00:00:00:00:01   n2 192.0.2.12 02:00:00:00:00:02   n3 192.0.2.13 02:00:00:00:00:03
///   VIP 203.0.113.10 (shop/web), MetalLB announcer n2 (newest ServiceL2Status)
///   prober 02:00:00:00:00:fe
/// </code>
/// </summary>
public sealed class LocateCommandTests : IAsyncLifetime
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static MacAddress NodeMac(int n) => new(0x0200_0000_0000UL + (ulong)n);

    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-locate-").FullName;

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static LinkOpener Segment(Dictionary<MacAddress, Ipv4Address[]> hosts) =>
        name => (TestKit.Fakes.TimedFakeArpLink.Segment(name, MacAddress.Parse("02:00:00:00:00:fe"), TimeProvider.System, hosts), null);

    private static Dictionary<MacAddress, Ipv4Address[]> Nodes(params int[] answeringForVip) =>
        Enumerable.Range(1, 3).ToDictionary(NodeMac, n =>
            answeringForVip.Contains(n) ? new[] { Ipv4Address.Parse($"192.0.2.{10 + n}"), Vip } : [Ipv4Address.Parse($"192.0.2.{10 + n}")]);

    private Task<CliOutcome> Locate(LinkOpener opener, params string[] extra) =>
        CliRun.RunAsync(["locate", "203.0.113.10", "-i", "eth0", "--kubeconfig", _api.WriteKubeconfig(_dir), .. extra], opener);

    [Theory]
    [InlineData("kubevip-arp-ipvs-broken")]
    [InlineData("cilium-l2-kpr")]
    public async Task The_announcer_of_kube_vip_and_Cilium_is_compared_as_MetalLB_s(string fixture)
    {
        await using var api = await FakeKubeApi.StartAsync();
        ClusterFixtures.Load(api, fixture);
        var r = await CliRun.RunAsync(["locate", "203.0.113.10", "-i", "eth0", "--kubeconfig", api.WriteKubeconfig(_dir), "-o", "json"], Segment(Nodes(1, 2, 3)));
        r.AssertExit(1);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("n2", json.GetProperty("announcer").GetString());
        var roles = json.GetProperty("responders").EnumerateArray()
            .ToDictionary(x => x.GetProperty("node").GetString()!, x => x.GetProperty("role").GetString());
        Assert.Equal("announcer", roles["n2"]);
        Assert.Equal("answers but is not the announcer", roles["n1"]);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public async Task The_table_never_cuts_a_MAC_or_a_node_name(int width)
    {
        // At 80 columns the MAC column used to wrap ("6e:dd:22:5f:4e:1" / "e").
        var r = await CliRun.RunAsync(["locate", "203.0.113.10", "-i", "eth0", "--kubeconfig", _api.WriteKubeconfig(_dir)], Segment(Nodes(1, 2, 3)),
            arrange: console => console.Profile.Width = width);
        r.AssertExit(1);
        foreach (var n in new[] { 1, 2, 3 })
        {
            Assert.Contains(NodeMac(n).ToString(), r.Out);
            Assert.Contains($"n{n}", r.Out);
        }
        Assert.All(r.Out.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"{line.TrimEnd().Length} > {width}: {line}"));
    }

    [Fact]
    public async Task Every_node_answering_is_flagged_except_the_announcer()
    {
        var r = await Locate(Segment(Nodes(1, 2, 3)), "-o", "json");
        r.AssertExit(1);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("shop/web", json.GetProperty("service").GetString());
        Assert.Equal("n2", json.GetProperty("announcer").GetString());
        var roles = json.GetProperty("responders").EnumerateArray()
            .ToDictionary(x => x.GetProperty("node").GetString()!, x => x.GetProperty("role").GetString());
        Assert.Equal("announcer", roles["n2"]);
        Assert.Equal("answers but is not the announcer", roles["n1"]);
        Assert.Equal("answers but is not the announcer", roles["n3"]);
        Assert.Equal("conflict", json.GetProperty("verdict").GetString());
        Assert.Equal(["02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:03"],
            json.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("mac").GetString()));
    }

    [Fact]
    public async Task Under_the_builtin_view_role_locate_still_maps_MACs_to_nodes_and_notes_what_it_could_not_read()
    {
        // view reads no nodes: locate's one needed read. With nodes added to it (a role binding many teams have),
        // MetalLB's ServiceL2Statuses and the leases stay unreadable: the announcer from the nodeAssigned event, notes on stderr.
        var role = Deploy.YamlDocs.Parse(Manifests.TestData("rbac/view.yaml")).Single();
        role["rules"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{"apiGroups":[""],"resources":["nodes"],"verbs":["list"]}"""));
        _api.GrantOnly(role);
        var r = await Locate(Segment(Nodes(1, 2, 3)), "-o", "json");
        r.AssertExit(1);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("n3", json.GetProperty("announcer").GetString());
        Assert.Contains("arpdoctor: locate: note: could not read servicel2statuses.metallb.io (forbidden): the node MetalLB announces each VIP from is not known ('kubectl auth can-i list servicel2statuses.metallb.io -A')", r.Err);

        _api.GrantOnly(Deploy.YamlDocs.Parse(Manifests.TestData("rbac/view.yaml")).Single());
        var refused = await Locate(Segment(Nodes(1, 2, 3)));
        refused.AssertExit(4);
        Assert.Contains("the permission missing: 'kubectl auth can-i list nodes'", refused.Err);
    }

    [Fact]
    public async Task Under_the_documented_locate_ClusterRole_nothing_goes_unread_and_nothing_granted_goes_unused()
    {
        var role = CliRoles.Role("arpdoctor-locate");
        _api.GrantOnly(role);
        var r = await Locate(Segment(Nodes(1, 2, 3)), "-o", "json");
        r.AssertExit(1);
        Assert.Equal("", r.Err);
        Assert.Equal("n2", JsonDocument.Parse(r.Out).RootElement.GetProperty("announcer").GetString());
        // The announcer came from the ServiceL2Status, so events, leases, cilium-config and daemonsets were not needed this time.
        Assert.Subset(CliRoles.Granted(role), new SortedSet<string>(_api.Used, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_the_announcer_answering_is_healthy()
    {
        var r = await Locate(Segment(Nodes(2)));
        r.AssertExit(0);
        Assert.Contains("Healthy: only n2 answers for 203.0.113.10", r.Out);
    }

    [Fact]
    public async Task An_unknown_device_is_named_by_its_vendor()
    {
        // 00:50:56 is VMware's (the fixture registry, real ieee-data records): a VM outside the cluster holds the VIP.
        var hosts = Nodes(2);
        hosts[MacAddress.Parse("00:50:56:ac:dc:88")] = [Vip];
        var text = await Locate(Segment(hosts));
        text.AssertExit(1);
        var row = text.Out.Split('\n').Single(l => l.Contains("00:50:56:ac:dc:88", StringComparison.Ordinal));
        Assert.Matches(@"^\s*00:50:56:ac:dc:88 \(VMware\)\s+-\s+unknown device\s", row);
        Assert.Matches(@"^\s*02:00:00:00:00:02 \(local\)\s+n2\s+announcer\s", text.Out.Split('\n').Single(l => l.Contains("02:00:00:00:00:02", StringComparison.Ordinal)));

        var json = JsonDocument.Parse((await Locate(Segment(hosts), "-o", "json")).Out).RootElement;
        var vendors = json.GetProperty("responders").EnumerateArray().ToDictionary(x => x.GetProperty("mac").GetString()!, x => x.GetProperty("vendor"));
        Assert.Equal("VMware", vendors["00:50:56:ac:dc:88"].GetString());
        Assert.Equal(JsonValueKind.Null, vendors["02:00:00:00:00:02"].ValueKind);   // locally administered: no vendor
    }

    [Fact]
    public async Task A_MAC_no_node_owns_is_an_unknown_device()
    {
        var hosts = Nodes(2);
        hosts[MacAddress.Parse("02:ff:00:00:00:99")] = [Vip];
        var r = await Locate(Segment(hosts), "-o", "json");
        r.AssertExit(1);
        var json = JsonDocument.Parse(r.Out).RootElement;
        var unknown = json.GetProperty("responders").EnumerateArray().Single(x => x.GetProperty("mac").GetString() == "02:ff:00:00:00:99");
        Assert.Equal("unknown device", unknown.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, unknown.TryGetProperty("node", out var node) ? node.ValueKind : JsonValueKind.Null);
    }

    [Fact]
    public async Task Nobody_answering_is_a_problem()
    {
        var r = await Locate(Segment(Nodes()));
        r.AssertExit(1);
        Assert.Contains("No answer for 203.0.113.10", r.Out);
    }

    [Fact]
    public async Task A_missing_interface_is_exit_3()
    {
        var r = await CliRun.RunAsync(["locate", "203.0.113.10", "-i", "nope0", "--kubeconfig", _api.WriteKubeconfig(_dir)]);
        r.AssertExit(3);
        Assert.StartsWith("arpdoctor: locate: no such interface: nope0", r.Err);
    }

    [Theory]
    [InlineData("203.0.113", "arpdoctor: locate: '203.0.113' is not an IPv4 address")]
    [InlineData("2001:db8::1", "arpdoctor: locate: 2001:db8::1 is an IPv6 address")]
    public async Task A_bad_VIP_is_exit_2(string vip, string expected)
    {
        var r = await CliRun.RunAsync(["locate", vip, "-i", "eth0"]);
        r.AssertExit(2);
        Assert.StartsWith(expected, r.Err);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
    }
}
