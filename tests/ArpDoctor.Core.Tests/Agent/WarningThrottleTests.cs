using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Agent;

/// <summary>
/// VIP 203.0.113.10 of Service shop/web (and of shop/dns, which shares it) answered by nodes 1–3 (02:00:00:00:01:0N); the
/// throttle allows one update per 10 minutes.
/// </summary>
public sealed class WarningThrottleTests
{
    private static readonly ServiceVip Web = new(new ServiceRef("shop", "web"), TestSupport.Vip);
    private static readonly ServiceVip Dns = new(new ServiceRef("shop", "dns"), TestSupport.Vip);

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MacAddress[] Two = [TestSupport.Node1, TestSupport.Node2];
    private static readonly MacAddress[] TwoReversed = [TestSupport.Node2, TestSupport.Node1];
    private static readonly MacAddress[] Three = [TestSupport.Node1, TestSupport.Node2, TestSupport.Node3];

    [Fact]
    public void One_responder_or_none_is_no_warning()
    {
        var t = new WarningThrottle(TimeSpan.FromMinutes(10));
        Assert.Equal(WarningAction.None, t.Decide(Web, [], T0).Action);
        Assert.Equal(WarningAction.None, t.Decide(Web, [TestSupport.Node1], T0).Action);
    }

    [Fact]
    public void The_same_MACs_again_are_counted_but_posted_once_per_interval()
    {
        var t = new WarningThrottle(TimeSpan.FromMinutes(10));
        Assert.Equal((WarningAction.Create, 1), t.Decide(Web, Two, T0));
        Assert.Equal((WarningAction.None, 2), t.Decide(Web, TwoReversed, T0.AddSeconds(30)));
        Assert.Equal((WarningAction.None, 3), t.Decide(Web, Two, T0.AddSeconds(60)));
        Assert.Equal((WarningAction.Update, 4), t.Decide(Web, Two, T0.AddMinutes(10)));
    }

    [Fact]
    public void A_new_set_of_MACs_is_posted_at_once()
    {
        var t = new WarningThrottle(TimeSpan.FromMinutes(10));
        t.Decide(Web, Two, T0);
        Assert.Equal((WarningAction.Update, 1), t.Decide(Web, Three, T0.AddSeconds(30)));
    }

    [Fact]
    public void After_a_failed_post_the_next_finding_tries_again()
    {
        var t = new WarningThrottle(TimeSpan.FromMinutes(10));
        t.Decide(Web, Two, T0);
        t.Failed(Web);
        Assert.Equal(WarningAction.Update, t.Decide(Web, Two, T0.AddSeconds(30)).Action);
    }

    [Fact]
    public void The_message_names_each_MAC_and_its_node_where_known()
    {
        var w = new VipWarning(new ServiceRef("shop", "web"), TestSupport.Vip, Two, ["n1", null], T0, 1);
        Assert.Equal("VIP 203.0.113.10 is answered by 2 MACs: 02:00:00:00:01:01 (n1), 02:00:00:00:01:02; clients flap between them (kube-proxy IPVS without strictARP?)", w.Message);
        Assert.Equal("web.arpdoctor.203-0-113-10", w.EventName);
    }

    [Fact]
    public void The_message_names_the_announcing_node_when_MetalLB_says_which()
    {
        var w = new VipWarning(new ServiceRef("shop", "web"), TestSupport.Vip, Two, ["n1", "n2"], T0, 1, Announcer: "n2");
        Assert.Equal("VIP 203.0.113.10 is answered by 2 MACs: 02:00:00:00:01:01 (n1), 02:00:00:00:01:02 (n2); MetalLB announces it from n2, the others should not answer; clients flap between them (kube-proxy IPVS without strictARP?)", w.Message);
    }

    [Fact]
    public void A_warning_posted_before_the_nodes_were_known_is_posted_again_once_they_are()
    {
        // A round before the Node list arrived posted MACs without node names, and nothing again for --event-interval.
        var t = new WarningThrottle(TimeSpan.FromMinutes(10));
        Assert.Equal(WarningAction.Create, t.Decide(Web, Two, T0, namedNodes: 0).Action);
        Assert.Equal(WarningAction.None, t.Decide(Web, Two, T0.AddSeconds(30), namedNodes: 0).Action);
        Assert.Equal(WarningAction.Update, t.Decide(Web, Two, T0.AddSeconds(60), namedNodes: 2).Action);
        Assert.Equal(WarningAction.None, t.Decide(Web, Two, T0.AddSeconds(90), namedNodes: 2).Action);
    }

    [Fact]
    public void Services_that_share_a_VIP_each_get_their_own_Event()
    {
        var t = new WarningThrottle(TimeSpan.FromMinutes(10));
        Assert.Equal((WarningAction.Create, 1), t.Decide(Web, Two, T0));
        Assert.Equal((WarningAction.Create, 1), t.Decide(Dns, Two, T0));
        t.Forget(Web);
        Assert.Equal((WarningAction.None, 2), t.Decide(Dns, Two, T0.AddSeconds(30)));
    }
}
