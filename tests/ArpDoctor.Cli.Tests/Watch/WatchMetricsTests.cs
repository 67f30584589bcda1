using ArpDoctor.Cli.Watch;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Cli.Tests.Watch;

/// <summary>watch --metrics' registry holds the watch's instruments only, each VIP's series visible at zero from the start.</summary>
public sealed class WatchMetricsTests
{
    [Fact]
    public async Task The_watch_scrape_shows_only_its_own_instruments()
    {
        using var metrics = new WatchMetrics();
        metrics.Watching([Ipv4Address.Parse("203.0.113.10")]);
        var text = await metrics.ExportAsync();
        var names = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.All(names, n => Assert.StartsWith("arpdoctor_watch_", n));
        Assert.Contains("arpdoctor_watch_winner_changes_total{ip=\"203.0.113.10\",cause=\"flap\"} 0", text);
    }
}
