using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Agent;

/// <summary>
/// A node with eth0 192.0.2.11/24 (default route), a load-balancer network on eth1 198.51.100.2/24 and a
/// narrower 198.51.100.128/25 on eth2; its kube-ipvs0 holds the VIPs as /32.
/// </summary>
public sealed class VipInterfacesTests
{
    private static Ipv4Address Ip(string s) => Ipv4Address.Parse(s);

    /// <summary>The VIPs grouped by the interface each is probed on; those none reaches are listed apart.</summary>
    private static (Dictionary<string, List<Ipv4Address>> ByInterface, List<Ipv4Address> Unreachable) Assign(
        Ipv4Address[] vips, string? fallback, IReadOnlyList<string>? only = null)
    {
        var by = new Dictionary<string, List<Ipv4Address>>();
        var unreachable = new List<Ipv4Address>();
        foreach (var vip in vips)
        {
            if (VipInterfaces.InterfaceOf(vip, Networks, fallback, only) is not { } name) { unreachable.Add(vip); continue; }
            if (!by.TryGetValue(name, out var list)) by[name] = list = [];
            list.Add(vip);
        }
        return (by, unreachable);
    }

    private static readonly InterfaceNetwork[] Networks =
    [
        new("lo", Ip("127.0.0.1"), 8),
        new("eth0", Ip("192.0.2.11"), 24),
        new("eth1", Ip("198.51.100.2"), 24),
        new("eth2", Ip("198.51.100.129"), 25),
        new("kube-ipvs0", Ip("198.51.100.10"), 32),
        new("kube-ipvs0", Ip("203.0.113.10"), 32),
    ];

    [Fact]
    public void A_vip_goes_to_the_interface_whose_network_holds_it_longest_prefix_first()
    {
        var (by, unreachable) = Assign(
            [Ip("198.51.100.10"), Ip("198.51.100.200"), Ip("192.0.2.50"), Ip("203.0.113.10")], fallback: "eth0");

        Assert.Empty(unreachable);
        Assert.Equal([Ip("198.51.100.10")], by["eth1"]);
        Assert.Equal([Ip("198.51.100.200")], by["eth2"]);
        // 203.0.113.10 is only on kube-ipvs0 (a /32): not reachable through it, so the default route's interface.
        Assert.Equal([Ip("192.0.2.50"), Ip("203.0.113.10")], by["eth0"]);
        Assert.False(by.ContainsKey("kube-ipvs0"));
        Assert.False(by.ContainsKey("lo"));
    }

    [Fact]
    public void Given_interfaces_are_the_only_candidates_and_the_first_takes_the_rest()
    {
        var (by, _) = Assign([Ip("198.51.100.10"), Ip("198.51.100.200"), Ip("192.0.2.50")], fallback: "eth0", only: ["eth1"]);

        Assert.Equal(["eth1"], by.Keys);
        Assert.Equal(3, by["eth1"].Count);
    }

    [Fact]
    public void Without_a_default_route_a_vip_no_network_holds_is_unreachable()
    {
        var (by, unreachable) = Assign([Ip("203.0.113.10"), Ip("192.0.2.50")], fallback: null);

        Assert.Equal([Ip("203.0.113.10")], unreachable);
        Assert.Equal([Ip("192.0.2.50")], by["eth0"]);
    }

    [Theory]
    [InlineData("198.51.100.0", 24, "198.51.100.255", true)]
    [InlineData("198.51.100.0", 24, "198.51.101.0", false)]
    [InlineData("198.51.100.128", 25, "198.51.100.127", false)]
    [InlineData("0.0.0.0", 0, "203.0.113.1", true)]
    [InlineData("203.0.113.7", 32, "203.0.113.7", true)]
    public void Contains_follows_the_prefix(string address, int prefix, string ip, bool contains) =>
        Assert.Equal(contains, new InterfaceNetwork("x", Ip(address), prefix).Contains(Ip(ip)));
}
