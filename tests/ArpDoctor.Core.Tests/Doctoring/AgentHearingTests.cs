using ArpDoctor.Core.Doctoring;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Doctoring;

/// <summary>
/// An agent's scrape read as evidence, and the agents' latest rounds as one hearing. Address plan: n1..n3 192.0.2.11..13,
/// MACs 02:00:00:00:00:01..03; VIPs 203.0.113.10 (shop/web) and 203.0.113.11 (shop/api).
/// </summary>
public sealed class AgentHearingTests
{
    private static readonly Ipv4Address Web = Ipv4Address.Parse("203.0.113.10");
    private static readonly Ipv4Address Api = Ipv4Address.Parse("203.0.113.11");
    private static readonly MacAddress M1 = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress M2 = MacAddress.Parse("02:00:00:00:00:02");
    private static readonly MacAddress M3 = MacAddress.Parse("02:00:00:00:00:03");

    /// <summary>The scrape of the agent on n1 after a round, as the agent's registry writes it (HELP/TYPE lines as prometheus-net does).</summary>
    private static string Scrape(string age = "4.2", string unlisted = "0", string interval = "10") => $$"""
        # HELP arpdoctor_agent_info 1 for each running agent: its node and version
        # TYPE arpdoctor_agent_info gauge
        arpdoctor_agent_info{node="n1",version="0.1.0"} 1
        # TYPE arpdoctor_agent_interval_seconds gauge
        arpdoctor_agent_interval_seconds {{interval}}
        # TYPE arpdoctor_agent_last_round_age_seconds gauge
        arpdoctor_agent_last_round_age_seconds {{age}}
        # TYPE arpdoctor_agent_interface_up gauge
        arpdoctor_agent_interface_up{interface="eth0"} 1
        arpdoctor_agent_interface_up{interface="eth1"} 0
        # TYPE arpdoctor_vip_responders gauge
        arpdoctor_vip_responders{lb_service="shop/web",ip="203.0.113.10"} 2
        arpdoctor_vip_responders{lb_service="shop/web2",ip="203.0.113.10"} 2
        arpdoctor_vip_responders{lb_service="shop/api",ip="203.0.113.11"} 0
        # TYPE arpdoctor_vip_responder gauge
        arpdoctor_vip_responder{lb_service="shop/web",ip="203.0.113.10",mac="02:00:00:00:00:02"} 1
        arpdoctor_vip_responder{lb_service="shop/web",ip="203.0.113.10",mac="02:00:00:00:00:01"} 1
        arpdoctor_vip_responder{lb_service="shop/web2",ip="203.0.113.10",mac="02:00:00:00:00:02"} 1
        # TYPE arpdoctor_vip_responders_unlisted gauge
        arpdoctor_vip_responders_unlisted{lb_service="shop/web",ip="203.0.113.10"} {{unlisted}}
        arpdoctor_vip_responders_unlisted{lb_service="shop/api",ip="203.0.113.11"} 0
        # TYPE arpdoctor_node_answers_vip gauge
        arpdoctor_node_answers_vip{node="n1",ip="203.0.113.10"} 1
        arpdoctor_node_answers_vip{node="n1",ip="203.0.113.11"} 0
        # TYPE arpdoctor_node_address_responder gauge
        arpdoctor_node_address_responder{address="192.0.2.11",mac="02:00:00:00:00:01"} 1
        arpdoctor_node_address_responder{address="192.0.2.12",mac="02:00:00:00:00:02"} 1
        """;

    [Fact]
    public void A_scrape_reads_as_the_VIPs_probed_their_MACs_the_node_addresses_and_the_rounds_age()
    {
        var (reading, error) = AgentReading.Of("n1", Scrape());
        Assert.Null(error);
        var r = reading!;
        Assert.Equal("n1", r.Node);
        Assert.Equal((TimeSpan.FromSeconds(4.2), TimeSpan.FromSeconds(10)), (r.RoundAge, r.Interval));
        Assert.Equal([M2, M1], r.Vips[Web]);
        Assert.Empty(r.Vips[Api]);
        Assert.Equal([M1], r.Addresses[Ipv4Address.Parse("192.0.2.11")]);
        Assert.Equal([Web], r.KernelAnswers);
        Assert.Equal(["eth0"], r.Interfaces);
        Assert.Empty(r.Unlisted);
    }

    [Fact]
    public void What_is_not_an_agents_scrape_or_lists_no_MACs_is_said_so()
    {
        Assert.Equal("what answers on its metrics port is not an arpdoctor agent (no arpdoctor_agent_* metrics)", AgentReading.Of("n1", "up 1\n").Error);
        Assert.StartsWith("its metrics do not read: line 1: ", AgentReading.Of("n1", "<html>\n").Error, StringComparison.Ordinal);
        var older = "arpdoctor_agent_rounds_total 3\narpdoctor_vip_responders{lb_service=\"shop/web\",ip=\"203.0.113.10\"} 2\n";
        Assert.Equal("it counts responders but does not list their MACs (arpdoctor_vip_responder): an older agent; upgrade it", AgentReading.Of("n1", older).Error);
    }

    private static AgentReading Reading(string node, TimeSpan? age, params MacAddress[] web) => new(node, age, TimeSpan.FromSeconds(10),
        new Dictionary<Ipv4Address, IReadOnlyList<MacAddress>> { [Web] = web },
        new Dictionary<Ipv4Address, int>(),
        new Dictionary<Ipv4Address, IReadOnlyList<MacAddress>> { [Ipv4Address.Parse("192.0.2.12")] = [M2] },
        [], ["eth0"]);

    [Fact]
    public void Fresh_agents_together_hear_every_MAC_counted_by_the_agents_that_heard_it()
    {
        var h = AgentHearing.Of([Reading("n1", TimeSpan.FromSeconds(3), M2, M1), Reading("n2", TimeSpan.FromSeconds(7.6), M2), Reading("n3", TimeSpan.FromSeconds(1), M2, M3)], [Web]);
        Assert.Empty(h.NotDone);
        Assert.Equal("agent on n1, n2, n3 (round 8s ago)", h.Vantage);
        var hearing = h.Hearing!;
        Assert.Equal(("eth0", 3), (hearing.Interface, hearing.Rounds));
        Assert.Equal([new HeardFrom(M2, 3, 0), new HeardFrom(M1, 1, 0), new HeardFrom(M3, 1, 0)], hearing.For(Web));
        Assert.Equal([new HeardFrom(M2, 3, 0)], hearing.For(Ipv4Address.Parse("192.0.2.12")));
    }

    [Fact]
    public void A_round_older_than_three_intervals_or_none_yet_is_not_evidence_and_a_VIP_no_fresh_agent_probed_is_named()
    {
        var h = AgentHearing.Of([Reading("n1", TimeSpan.FromSeconds(30), M2), Reading("n2", TimeSpan.FromSeconds(31), M1), Reading("n3", null)], [Web, Api]);
        Assert.Equal(["agent on n2: its latest round ended 31s ago, more than 3 intervals (10s each): stale, not evidence",
            "agent on n3 has not finished a probe round yet: nothing of it is evidence",
            "no agent probed 203.0.113.11 (none has an interface on its network, or it is newer than their latest round)"], h.NotDone);
        var hearing = h.Hearing!;
        Assert.Equal([new HeardFrom(M2, 1, 0)], hearing.For(Web));
        Assert.False(hearing.Answers.ContainsKey(Api));

        var none = AgentHearing.Of([Reading("n2", TimeSpan.FromMinutes(5), M1)], [Web]);
        Assert.Null(none.Hearing);
        Assert.Null(none.Vantage);
        Assert.Equal(["agent on n2: its latest round ended 5m0s ago, more than 3 intervals (10s each): stale, not evidence"], none.NotDone);
    }

    [Fact]
    public void MACs_beyond_an_agents_list_are_said_to_be_unmapped()
    {
        var (r, _) = AgentReading.Of("n1", Scrape(unlisted: "3"));
        var h = AgentHearing.Of([r!], [Web]);
        Assert.Equal(["agent on n1 heard 3 more MACs for 203.0.113.10 than it lists (at most 16 a VIP): those are not mapped"], h.NotDone);
    }
}
