using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Analysis;

/// <summary>Evidence beyond the address limit is not analysed; the verdict then says so and is never healthy.</summary>
public sealed class IncompleteAnalysisTests
{
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:0a"), B = MacAddress.Parse("02:00:00:00:00:0b");

    private static void Probe(EvidenceAnalysis analysis, Ipv4Address vip, params MacAddress[] answering)
    {
        if (analysis.For(vip) is not { } acc) return;
        acc.BeginProbe(null);
        foreach (var mac in answering) acc.Reply(mac, null);
        acc.EndProbe();
    }

    [Fact]
    public void A_conflict_past_the_first_4096_addresses_makes_the_verdict_incomplete_not_healthy()
    {
        var analysis = new EvidenceAnalysis();
        // 198.51.100.0/24 and beyond: one healthy MAC each for the first MaxVips addresses, then a conflict.
        // Two probes each: one probe alone is inconclusive, not healthy.
        for (uint i = 0; i < EvidenceAnalysis.MaxVips; i++)
        {
            Probe(analysis, new Ipv4Address(0xC6336400u + i), A);
            Probe(analysis, new Ipv4Address(0xC6336400u + i), A);
        }
        Probe(analysis, Ipv4Address.Parse("203.0.113.10"), A, B);

        var report = analysis.ToReport(TimeSpan.FromMinutes(5));
        Assert.True(report.Incomplete);
        Assert.False(report.IsHealthy);
        Assert.Equal("incomplete", report.VerdictWord);
        Assert.Contains(report.Warnings, w => w.Contains("verdict is incomplete", StringComparison.Ordinal));
    }

    [Fact]
    public void Within_the_limit_nothing_is_left_out()
    {
        var analysis = new EvidenceAnalysis();
        Probe(analysis, Ipv4Address.Parse("203.0.113.10"), A);
        Probe(analysis, Ipv4Address.Parse("203.0.113.10"), A);
        var report = analysis.ToReport(TimeSpan.FromMinutes(5));
        Assert.False(report.Incomplete);
        Assert.True(report.IsHealthy);
        Assert.Equal("healthy", report.VerdictWord);
    }
}
