using ArpDoctor.Agent;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Agent;

/// <summary>One class owns every instrument; each verb's registry holds only its own.</summary>
public sealed class MetricsTests
{
    private static async Task<List<string>> Names(ArpDoctorMetrics m) =>
        (await m.ExportAsync()).Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();

    [Fact]
    public async Task Watch_and_agent_scrapes_show_only_their_own_instruments_all_named_by_the_convention()
    {
        using var watch = ArpDoctorMetrics.ForWatch();
        using var agent = ArpDoctorMetrics.ForAgent();
        var w = await Names(watch);
        var a = await Names(agent);
        Assert.All(w, n => Assert.StartsWith("arpdoctor_watch_", n));
        Assert.DoesNotContain(a, n => n.StartsWith("arpdoctor_watch_", StringComparison.Ordinal));
        Assert.Contains("arpdoctor_vip_responders", a);
        Assert.All(w.Concat(a), n => Assert.Matches("^arpdoctor_[a-z]+_[a-z_]+$", n));
        Assert.Throws<InvalidOperationException>(() => watch.Probed(3));
        Assert.Throws<InvalidOperationException>(() => agent.Probed(Core.Packets.Ipv4Address.Parse("203.0.113.10")));
    }
}
