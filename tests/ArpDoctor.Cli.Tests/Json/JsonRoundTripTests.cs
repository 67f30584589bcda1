using System.Text.Json;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Json;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.TestKit;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Cli.Tests.Json;

/// <summary>
/// What <c>probe -o json</c> and <c>scan -o json</c> write, <c>analyze</c> reads back to the same responders: one contract
/// (<see cref="ArpDoctorJsonContext"/>) on both sides. Plan: us aa:bb:cc:00:00:02, responders 02:00:00:00:00:1N,
/// VIPs 203.0.113.10-12.
/// </summary>
public class JsonRoundTripTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static MacAddress Node(int n) => new(0x02_00_00_00_00_10UL + (uint)n);

    private static AnalysisReport Analyze(string text)
    {
        var analysis = new EvidenceAnalysis();
        var (kind, error) = TextEvidenceReader.Read(new StringReader(text), analysis);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.ArpDoctorJson, kind);
        return analysis.ToReport(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_probe_document_is_read_back_as_the_responders_the_probe_reported()
    {
        var link = new FakeArpLink(MacAddress.Parse("aa:bb:cc:00:00:02"), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        link.Responders.Add((Node(1), Vip, TimeSpan.FromMilliseconds(0.4)));
        link.Responders.Add((Node(2), Vip, TimeSpan.FromMilliseconds(0.7)));
        var cli = new CliHarness(CliHarness.Fake(link));
        Assert.Equal(1, await cli.Run(["probe", "203.0.113.10", "-i", "fake0", "-c", "3", "-o", "json", "--interval", "0", "--wait", "20ms"]));

        var written = JsonSerializer.Deserialize(cli.Out, ArpDoctorJsonContext.Default.ProbeDocument)!;
        var read = Assert.Single(Analyze("Mon Jan  5 10:00:00 UTC 2026\n" + cli.Out).Vips);

        Assert.Equal(written.Vip, read.Vip);
        Assert.Equal(written.Verdict, read.Verdict);
        Assert.Equal(written.ProbesSent, read.ProbesSent);
        Assert.Equal(written.Replies.Count, read.Replies);
        Assert.Equal(written.Responders.Select(r => (r.Mac, (long)r.Replies, (long)r.Wins)).OrderBy(r => r.Mac),
            read.Responders.Select(r => (r.Mac, r.Replies, r.Wins)).OrderBy(r => r.Mac));
        Assert.Equal([Node(1), Node(2)], written.Responders.Select(r => r.Mac).Order());
    }

    [Fact]
    public async Task A_scan_document_is_read_back_as_one_round_per_VIP_with_its_responders()
    {
        using var link = new TimedFakeArpLink(TimeProvider.System);
        link.Answer(Ipv4Address.Parse("203.0.113.11"), Node(1));
        link.Answer(Ipv4Address.Parse("203.0.113.12"), Node(2)).Answer(Ipv4Address.Parse("203.0.113.12"), Node(3));
        var cli = new CliHarness(CliHarness.Fake(link));
        Assert.Equal(1, await cli.Run("scan", "203.0.113.10-203.0.113.12", "-i", "fake0", "--wait", "50ms", "--retries", "0", "-o", "json", "--allow-silent"));

        var written = JsonSerializer.Deserialize(cli.Out, ArpDoctorJsonContext.Default.ScanDocument)!;
        var report = Analyze(cli.Out);

        Assert.Equal(3, written.Results.Count);
        Assert.Equal(written.Results.Select(r => r.Vip).Order(), report.Vips.Select(v => v.Vip).Order());
        foreach (var result in written.Results)
        {
            var read = report.Vips.Single(v => v.Vip == result.Vip);
            // One probe per VIP: read back, a single answering MAC is inconclusive (analyze earns healthy over two probes).
            Assert.Equal(result.Verdict == Verdict.Healthy ? Verdict.Inconclusive : result.Verdict, read.Verdict);
            Assert.Equal(1, read.ProbesSent);
            Assert.Equal(result.Responders.Select(r => (r.Mac, (long)r.Replies)).OrderBy(r => r.Mac),
                read.Responders.Select(r => (r.Mac, r.Replies)).OrderBy(r => r.Mac));
            if (result.Responders.Count > 0) Assert.Equal(result.Responders[0].Mac, read.Responders.Single(r => r.Wins == 1).Mac);
        }
    }
}
