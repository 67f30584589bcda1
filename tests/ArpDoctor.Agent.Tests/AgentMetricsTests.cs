using Prometheus;
using Xunit;

namespace ArpDoctor.Agent.Tests;

/// <summary>The agent's registry holds its own instruments only, each named by the convention and made by its owner.</summary>
public sealed class AgentMetricsTests
{
    private static async Task<List<string>> Names(CollectorRegistry registry)
    {
        using var buffer = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()).Split('\n')
            .Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
    }

    [Fact]
    public async Task The_agent_scrape_shows_only_its_own_instruments()
    {
        var names = await Names(new AgentMetrics().Registry);
        Assert.Contains("arpdoctor_vip_responders", names);
        Assert.DoesNotContain(names, n => n.StartsWith("arpdoctor_watch_", StringComparison.Ordinal));
        Assert.All(names, n => Assert.Matches("^arpdoctor_[a-z]+_[a-z_]+$", n));
    }

    [Fact]
    public async Task Every_instrument_is_made_by_the_one_owner_its_subsystem_names()
    {
        var all = await Names(new AgentMetrics("n1", "0.1.0").Registry);
        var owned = new List<string>();
        foreach (var (subsystem, make) in new (string, Action<IMetricFactory>)[]
                 {
                     (VipStats.Subsystem, f => _ = new VipStats(f)),
                     (NodeStats.Subsystem, f => _ = new NodeStats(f)),
                     (AgentStats.Subsystem, f => new AgentStats(f).Running("n1", "0.1.0")),
                 })
        {
            var registry = Metrics.NewCustomRegistry();
            make(Metrics.WithCustomRegistry(registry));
            var names = await Names(registry);
            Assert.NotEmpty(names);
            Assert.All(names, n => Assert.StartsWith($"arpdoctor_{subsystem}_", n, StringComparison.Ordinal));
            owned.AddRange(names);
        }
        // Nothing of the agent's is made outside its owner: the scrape's arpdoctor_* names are exactly the owners' names.
        Assert.Equal(owned.Order(), all.Where(n => n.StartsWith("arpdoctor_", StringComparison.Ordinal)).Order());
        Assert.Equal(["agent", "node", "vip"], all.Where(n => n.StartsWith("arpdoctor_", StringComparison.Ordinal)).Select(n => n.Split('_')[1]).Distinct().Order());
        Assert.Contains("arpdoctor_agent_probes_total", all);
        Assert.DoesNotContain("arpdoctor_probes_total", all);
    }

    [Fact]
    public async Task Words_in_labels_are_the_fixed_lists_present_from_the_start()
    {
        var text = await new AgentMetrics().ExportAsync();
        foreach (var call in AgentStats.Calls) Assert.Contains($"arpdoctor_agent_api_errors_total{{call=\"{call}\"}} 0", text);
        foreach (var reason in AgentStats.RestartReasons) Assert.Contains($"arpdoctor_agent_watch_restarts_total{{reason=\"{reason}\"}} 0", text);
        foreach (var result in AgentStats.EventResults) Assert.Contains($"arpdoctor_agent_events_total{{result=\"{result}\"}} 0", text);
    }

    [Fact]
    public async Task A_running_agent_says_its_node_and_version_and_exports_process_metrics()
    {
        var text = await new AgentMetrics("n1", "0.1.0").ExportAsync();
        Assert.Contains("arpdoctor_agent_info{node=\"n1\",version=\"0.1.0\"} 1", text);
        Assert.Contains("process_working_set_bytes", text);
        Assert.Contains("process_start_time_seconds", text);
    }
}
