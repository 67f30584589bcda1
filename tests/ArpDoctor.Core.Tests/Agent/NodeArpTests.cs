using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Agent;

/// <summary>Node 192.0.2.11 on eth0; VIP 203.0.113.10 on kube-ipvs0 (as kube-proxy IPVS binds it); 203.0.113.11 on eth0 too (a speaker holding it).</summary>
public sealed class NodeArpTests
{
    private static readonly Ipv4Address IpvsVip = Ipv4Address.Parse("203.0.113.10");
    private static readonly Ipv4Address EthVip = Ipv4Address.Parse("203.0.113.11");
    private static readonly Ipv4Address Elsewhere = Ipv4Address.Parse("203.0.113.12");

    private static NodeArpState State(int ignore, int announce) => new("n1", "eth0", new ArpSysctls(ignore, announce),
        new HashSet<Ipv4Address> { IpvsVip, EthVip }, new HashSet<Ipv4Address> { Ipv4Address.Parse("192.0.2.11"), EthVip });

    [Theory]
    [InlineData(0, 0, 0, 0, 0, 0)]
    [InlineData(1, 2, 0, 0, 1, 2)] // all wins when higher: what kube-proxy's strictARP writes
    [InlineData(0, 0, 1, 2, 1, 2)] // the interface wins when higher
    [InlineData(1, 0, 0, 2, 1, 2)] // each sysctl on its own
    [InlineData(8, 1, 2, 2, 8, 2)]
    public void Effective_value_is_the_higher_of_all_and_the_interface(int allIgnore, int allAnnounce, int devIgnore, int devAnnounce, int ignore, int announce) =>
        Assert.Equal(new ArpSysctls(ignore, announce), ArpSysctls.Effective(new ArpSysctls(allIgnore, allAnnounce), new ArpSysctls(devIgnore, devAnnounce)));

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(1, 0, false)]
    [InlineData(0, 2, false)]
    [InlineData(1, 2, true)]
    [InlineData(2, 2, true)]
    public void StrictARP_needs_arp_ignore_1_and_arp_announce_2(int ignore, int announce, bool strict) =>
        Assert.Equal(strict, new ArpSysctls(ignore, announce).IsStrict);

    [Theory]
    [InlineData(0, true, true, false)]  // strictARP off: the kernel answers for kube-ipvs0's VIP (the flapping)
    [InlineData(1, false, true, false)] // strictARP on: only addresses on eth0 itself
    [InlineData(2, false, true, false)]
    [InlineData(3, false, false, false)] // scope host only
    [InlineData(8, false, false, false)] // never
    public void Whether_the_kernel_answers_follows_arp_ignore(int ignore, bool answersIpvs, bool answersEth, bool answersElsewhere)
    {
        var state = State(ignore, 2);
        Assert.Equal(answersIpvs, state.Answers(IpvsVip));
        Assert.Equal(answersEth, state.Answers(EthVip));
        Assert.Equal(answersElsewhere, state.Answers(Elsewhere));
    }
}
