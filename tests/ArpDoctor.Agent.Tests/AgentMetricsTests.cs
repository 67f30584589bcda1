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
}
