using ArpDoctor.Agent;
using ArpDoctor.Cli.Watch;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Agent;

/// <summary>watch and the agent each own their instruments, in registries of their own.</summary>
public sealed class MetricsTests
{
    private static List<string> Names(string export) =>
        export.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();

    [Fact]
    public async Task Watch_and_agent_scrapes_show_only_their_own_instruments_all_named_by_the_convention()
    {
        using var watch = new WatchMetrics();
        var agent = new AgentMetrics();
        var w = Names(await watch.ExportAsync());
        var a = Names(await agent.ExportAsync());
        Assert.All(w, n => Assert.StartsWith("arpdoctor_watch_", n));
        Assert.DoesNotContain(a, n => n.StartsWith("arpdoctor_watch_", StringComparison.Ordinal));
        Assert.Contains("arpdoctor_vip_responders", a);
        Assert.Contains("arpdoctor_watch_responders", w);
        Assert.All(w.Concat(a), n => Assert.Matches("^arpdoctor_[a-z]+_[a-z_]+$", n));
    }
}
