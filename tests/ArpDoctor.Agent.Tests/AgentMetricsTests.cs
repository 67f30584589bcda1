using Xunit;

namespace ArpDoctor.Agent.Tests;

/// <summary>The agent's registry holds its own instruments only, named by the convention.</summary>
public sealed class AgentMetricsTests
{
    [Fact]
    public async Task The_agent_scrape_shows_only_its_own_instruments()
    {
        var names = (await new AgentMetrics().ExportAsync()).Split('\n')
            .Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Contains("arpdoctor_vip_responders", names);
        Assert.DoesNotContain(names, n => n.StartsWith("arpdoctor_watch_", StringComparison.Ordinal));
        Assert.All(names, n => Assert.Matches("^arpdoctor_[a-z]+_[a-z_]+$", n));
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
