using System.Text.Json;
using Xunit;
using static ArpDoctor.Cli.Tests.Analyze.AnalyzeRun;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>
/// The real-paste golden set: <c>arpdoctor analyze PASTE -o json</c> on each paste under TestData/real-pastes (what people
/// posted in public threads, sources in their headers), held to the paste's <c># check:</c> lines (see
/// <see cref="PasteChecks"/>). A paste without checks fails: each one says what an expert concludes from it.
/// </summary>
public sealed class RealPasteGoldenTests
{
    private static string Folder => Golden("real-pastes");

    public static TheoryData<string> Pastes() =>
        [.. Directory.EnumerateFiles(Folder, "*.txt").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Pastes))]
    public async Task Analyze_says_what_an_expert_reads_in_the_paste(string paste)
    {
        var path = Path.Combine(Folder, paste);
        var checks = PasteChecks.Of(path);
        Assert.True(checks.Count > 0, $"{paste} has no '# check:' line: write what its '# expect:' says as checks");

        var (exit, output, err) = await Run("analyze", path, "-o", "json");
        JsonElement? json = exit == 2 ? null : JsonDocument.Parse(output).RootElement.Clone();
        var run = new PasteRun(exit, json, err);

        var failures = checks.Select(c => (c.Line, c.Check, Failure: PasteChecks.Failure(c.Check, run)))
            .Where(c => c.Failure is not null).Select(c => $"line {c.Line}: check: {c.Check}: {c.Failure}")
            .Concat(PasteChecks.Invariants([.. checks.Select(c => c.Check)], run))
            .ToList();
        Assert.True(failures.Count == 0, $"{paste}:\n  " + string.Join("\n  ", failures));
    }

    [Fact]
    public void A_check_is_held_to_the_report_and_an_unknown_one_fails()
    {
        var json = JsonDocument.Parse("""
            {"verdict":"conflict","inputs":[{"kind":"tcpdump"}],"warnings":[],"vips":[{"vip":"203.0.113.10","verdict":"conflict","probesSent":1,"probesAnswered":1,
             "winnerChanges":0,"contestedProbes":1,"warnings":[],"winners":[{"mac":"02:00:00:00:01:01"}],
             "responders":[{"mac":"02:00:00:00:01:01","replies":1,"announcements":0},{"mac":"02:00:00:00:01:02","replies":1,"announcements":0}]}]}
            """).RootElement;
        var run = new PasteRun(1, json, "");
        Assert.Equal("'verdicts' is not a check", PasteChecks.Failure("verdicts 203.0.113.10 conflict", run));
        Assert.Null(PasteChecks.Failure("verdict 203.0.113.10 conflict", run));
        Assert.Equal("203.0.113.10's verdict: conflict, expected healthy", PasteChecks.Failure("verdict 203.0.113.10 healthy", run));
        Assert.Null(PasteChecks.Failure("macs 203.0.113.10 2", run));
        Assert.NotNull(PasteChecks.Failure("macs 203.0.113.10 1", run));
        Assert.NotNull(PasteChecks.Failure("replies 203.0.113.10 02:00:00:00:01:03 1", run));
        Assert.NotNull(PasteChecks.Failure("exit 0", run));
        Assert.Null(PasteChecks.Failure("exit 1", run));
        Assert.Equal("exit code 1, not 2 (stderr: '')", PasteChecks.Failure("error line 5 redacted", run));
        Assert.Equal("203.0.113.10 has no claims in the report", PasteChecks.Failure("claims 203.0.113.10 node-1 1", run));
        Assert.Equal("exit 0 (healthy) where the expectation gives no healthy VIP", Assert.Single(PasteChecks.Invariants(["vips 1"], run with { Exit = 0 })));

        var refused = new PasteRun(2, null, "arpdoctor: analyze: x.txt: line 5: 'kernel: arp: x.x.x.x moved ...': the address is redacted\n");
        Assert.Null(PasteChecks.Failure("error line 5 redacted", refused));
        Assert.Equal("stderr does not name line 50: 'arpdoctor: analyze: x.txt: line 5: 'kernel: arp: x.x.x.x moved ...': the address is redacted'",
            PasteChecks.Failure("error line 50 redacted", refused));
        Assert.Equal("analyze refused the paste: 'arpdoctor: analyze: x.txt: line 5: 'kernel: arp: x.x.x.x moved ...': the address is redacted'",
            Assert.Single(PasteChecks.Invariants(["vips 1"], refused)));
    }
}
