using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Locating;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Diagnosis;

public sealed class MetalLbFactsTests
{
    [Theory]
    [InlineData("announcing from node \"n2\" with protocol \"layer2\"", "n2", "layer2")]
    [InlineData("announcing from node \"worker-1\" with protocol \"bgp\"", "worker-1", "bgp")]
    [InlineData("announcing from node \"n1\"", "n1", "layer2")]
    public void Parses_nodeAssigned_messages(string message, string node, string protocol)
    {
        Assert.True(MetalLbFacts.TryParseAnnouncement(message, out var n, out var p));
        Assert.Equal(node, n);
        Assert.Equal(protocol, p);
    }

    [Fact]
    public void Other_messages_are_not_announcements() =>
        Assert.False(MetalLbFacts.TryParseAnnouncement("IP allocated", out _, out _));

    [Theory]
    [InlineData("metallb/legacy-config.yaml", "layer2")]
    [InlineData("metallb/legacy-bgp-config.yaml", "bgp")]
    public void Reads_protocols_of_the_legacy_ConfigMap(string file, string protocol) =>
        Assert.Equal([protocol], MetalLbFacts.LegacyProtocols(TestSupport.Golden(file)));

    [Theory]
    [InlineData("quay.io/metallb/speaker:v0.14.8", "v0.14.8")]
    [InlineData("registry.local:5000/metallb/speaker:v0.13.12@sha256:abc", "v0.13.12")]
    [InlineData("registry.local:5000/metallb/speaker", null)]
    public void The_speaker_image_tag_is_the_version(string image, string? version)
    {
        var ds = new DaemonSetSnapshot("metallb-system", "speaker", new Dictionary<string, string>(), new Dictionary<string, string>(),
            new Dictionary<string, string>(), [new ContainerSnapshot("speaker", image, [], [], [])], 1, 1, 1, 1, 1, []);
        Assert.Equal(version, MetalLbFacts.Version(ds));
    }
}

public sealed class ResponderMapTests
{
    private static readonly MacAddress N1 = MacAddress.Parse("02:00:00:00:00:01"), N2 = MacAddress.Parse("02:00:00:00:00:02"), Router = MacAddress.Parse("02:ff:00:00:00:99");

    private static readonly NodeMac[] Nodes =
    [
        new("n1", Ipv4Address.Parse("192.0.2.11"), N1),
        new("n2", Ipv4Address.Parse("192.0.2.12"), N2),
        new("n3", Ipv4Address.Parse("192.0.2.13"), null),
    ];

    [Fact]
    public void Maps_each_MAC_to_its_node_and_role()
    {
        var located = ResponderMap.Map([(N1, 3, 1), (N2, 3, 2), (Router, 1, 0)], Nodes, announcer: "n2");
        Assert.Equal(
            [("n1", ResponderRole.NotAnnouncer), ("n2", ResponderRole.Announcer), (null, ResponderRole.UnknownDevice)],
            located.Select(l => (l.Node, l.Role)));
        Assert.Equal("answers but is not the announcer", located[0].Role.ToWord());
        Assert.Equal("unknown device", located[2].Role.ToWord());
    }

    [Fact]
    public void Without_an_announcer_nodes_are_just_nodes() =>
        Assert.Equal(ResponderRole.Node, Assert.Single(ResponderMap.Map([(N1, 3, 3)], Nodes, announcer: null)).Role);
}
