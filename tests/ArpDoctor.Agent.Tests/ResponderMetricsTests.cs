using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ArpDoctor.Agent.Tests;

/// <summary>
/// The MACs an agent hears, exported so <c>doctor --from agent</c> can name every cause: one series per MAC of the latest
/// round, bounded per VIP, gone when no longer heard; which MAC is which node's; how old the latest round is.
/// Address plan: VIP 203.0.113.10 of shop/web; nodes 192.0.2.11..12; MACs 02:00:00:00:00:NN.
/// </summary>
public sealed class ResponderMetricsTests
{
    private static readonly ServiceRef Web = new("shop", "web");
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static MacAddress Mac(int n) => MacAddress.Parse($"02:00:00:00:00:{n:x2}");
    private static string Series(int n) => $"arpdoctor_vip_responder{{lb_service=\"shop/web\",ip=\"203.0.113.10\",mac=\"{Mac(n)}\"}} 1";

    [Fact]
    public async Task Each_MAC_of_the_latest_round_has_a_series_and_one_no_longer_heard_loses_it()
    {
        var metrics = new AgentMetrics();
        metrics.Vip.Tracking(Web, Vip);
        metrics.Vip.Resolved(Web, Vip, [Mac(2), Mac(1), Mac(1)]);
        var text = await metrics.ExportAsync();
        Assert.Contains(Series(1), text);
        Assert.Contains(Series(2), text);
        Assert.Contains("arpdoctor_vip_responders{lb_service=\"shop/web\",ip=\"203.0.113.10\"} 2", text);
        Assert.Contains("arpdoctor_vip_responders_unlisted{lb_service=\"shop/web\",ip=\"203.0.113.10\"} 0", text);

        metrics.Vip.Resolved(Web, Vip, [Mac(2)]);
        text = await metrics.ExportAsync();
        Assert.Contains(Series(2), text);
        Assert.DoesNotContain(Series(1), text);

        metrics.Vip.Forgotten(Web, Vip);
        text = await metrics.ExportAsync();
        Assert.DoesNotContain("ip=\"203.0.113.10\"", text);
    }

    [Fact]
    public async Task At_most_sixteen_MACs_a_VIP_are_listed_the_rest_counted()
    {
        var metrics = new AgentMetrics();
        metrics.Vip.Resolved(Web, Vip, [.. Enumerable.Range(1, 20).Select(Mac)]);
        var text = await metrics.ExportAsync();
        Assert.Equal(VipStats.ListedMacs, text.Split('\n').Count(l => l.StartsWith("arpdoctor_vip_responder{", StringComparison.Ordinal)));
        Assert.Contains(Series(16), text);
        Assert.DoesNotContain(Series(17), text);
        Assert.Contains("arpdoctor_vip_responders_unlisted{lb_service=\"shop/web\",ip=\"203.0.113.10\"} 4", text);
        Assert.Contains("arpdoctor_vip_responders{lb_service=\"shop/web\",ip=\"203.0.113.10\"} 20", text);
    }

    [Fact]
    public async Task Node_addresses_name_their_MACs_and_an_address_no_longer_probed_goes()
    {
        var metrics = new AgentMetrics();
        var n1 = Ipv4Address.Parse("192.0.2.11");
        var n2 = Ipv4Address.Parse("192.0.2.12");
        metrics.Node.AddressesHeard(new Dictionary<Ipv4Address, IReadOnlyList<MacAddress>> { [n1] = [Mac(1)], [n2] = [Mac(2), Mac(3)] }, []);
        var text = await metrics.ExportAsync();
        Assert.Contains("arpdoctor_node_address_responder{address=\"192.0.2.11\",mac=\"02:00:00:00:00:01\"} 1", text);
        Assert.Contains("arpdoctor_node_address_responder{address=\"192.0.2.12\",mac=\"02:00:00:00:00:03\"} 1", text);

        metrics.Node.AddressesHeard(new Dictionary<Ipv4Address, IReadOnlyList<MacAddress>> { [n2] = [Mac(2)] }, [n1, n2]);
        text = await metrics.ExportAsync();
        Assert.DoesNotContain("address=\"192.0.2.11\"", text);
        Assert.DoesNotContain("mac=\"02:00:00:00:00:03\"", text);
        Assert.Contains("arpdoctor_node_address_responder{address=\"192.0.2.12\",mac=\"02:00:00:00:00:02\"} 1", text);
    }

    [Fact]
    public async Task The_latest_rounds_age_is_read_at_each_scrape_and_absent_before_the_first()
    {
        var time = new FakeTimeProvider();
        var metrics = new AgentMetrics(time);
        metrics.Agent.Probing(TimeSpan.FromSeconds(30));
        var text = await metrics.ExportAsync();
        Assert.DoesNotContain("\narpdoctor_agent_last_round_age_seconds ", text);
        Assert.Contains("\narpdoctor_agent_interval_seconds 30\n", text);

        metrics.Agent.RoundDone(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Contains("\narpdoctor_agent_last_round_age_seconds 4\n", await metrics.ExportAsync());
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Contains("\narpdoctor_agent_last_round_age_seconds 7\n", await metrics.ExportAsync());
    }
}
