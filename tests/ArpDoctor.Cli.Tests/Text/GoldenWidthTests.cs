using System.Text.RegularExpressions;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;
using ArpDoctor.TestKit;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Cli.Tests.Text;

/// <summary>
/// Each verb's text as it is laid out at 60, 80, 120 and 200 columns and piped (no wrapping), compared with the golden
/// files in TestData/golden (durations measured by the clock are replaced by &lt;t&gt;); every MAC and address in them is
/// whole, and no line is wider than the console (these replace the width checks that had no golden file). To accept a deliberate change:
/// <c>ARPDOCTOR_UPDATE_GOLDEN=1 dotnet test tests/ArpDoctor.Cli.Tests --filter GoldenWidthTests</c>, then read the diff.
/// </summary>
public sealed class GoldenWidthTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    // A VMware NIC (its vendor from the fixture registry, IeeeFixture) and two locally administered MACs.
    private static readonly string[] Macs = ["00:50:56:ac:dc:88", "02:00:00:00:01:02", "02:00:00:00:01:03"];
    // The watch summary names MACs without vendors.
    private static readonly string[] WatchMacs = ["6e:dd:22:5f:4e:1e", "02:00:00:00:01:02"];

    public static TheoryData<int> Widths => new() { 60, 80, 120, 200, CliContext.NoWrapping };

    private static string Name(string verb, int width) => $"{verb}-{(width == CliContext.NoWrapping ? "piped" : width.ToString(System.Globalization.CultureInfo.InvariantCulture))}.txt";

    /// <summary>Durations the clock measured differ run to run; the layout around them does not.</summary>
    private static string Stable(string text) =>
        Regex.Replace(Regex.Replace(text, @"\b\d+(\.\d+)?\s?(ms|s)\b", "<t>"), @"\b\d+ /s\b", "<n> /s");

    private static void AssertGolden(string verb, int width, string output, int skipWidthCheck = 0, params string[] whole)
    {
        foreach (var token in whole) Assert.Contains(token, output);   // never cut in two, whatever the width
        Assert.DoesNotContain("…", output);                             // no header or cell cut short
        var actual = Stable(output);
        var source = Path.Combine(SourceDir(), Name(verb, width));
        if (Environment.GetEnvironmentVariable("ARPDOCTOR_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(source, actual);
            return;
        }
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "golden", Name(verb, width)));
        Assert.Equal(expected, actual);
        foreach (var line in output.Split('\n').Skip(skipWidthCheck))
            Assert.True(line.TrimEnd().Length <= width, $"{line.TrimEnd().Length} > {width}: '{line}'");
    }

    private static string SourceDir([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "TestData", "golden");

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Probe(int width)
    {
        var link = new FakeArpLink(MacAddress.Parse("aa:bb:cc:00:00:02"), DateTimeOffset.UnixEpoch);
        foreach (var (mac, i) in Macs.Select((m, i) => (m, i)))
            link.Responders.Add((MacAddress.Parse(mac), Vip, TimeSpan.FromMilliseconds(0.3 + i)));
        var cli = new CliHarness(CliHarness.Fake(link), width);
        Assert.Equal(1, await cli.Run("probe", "203.0.113.10", "-i", "fake0", "-c", "3", "--interval", "0", "--wait", "20ms"));
        AssertGolden("probe", width, cli.Out, 0, [.. Macs, "203.0.113.10"]);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public Task Analyze(int width) =>
        AnalyzeGolden("analyze", width, "iputils-double.txt", 1, "02:00:00:00:01:01", "02:00:00:00:01:02", "02:00:00:00:01:03", "203.0.113.10");

    [Theory]
    [MemberData(nameof(Widths))]
    // A failover in a capture: two phases, the change between them, a table per phase.
    public Task AnalyzePhases(int width) =>
        AnalyzeGolden("analyze-phases", width, "eth-failover.pcap", 0, "02:00:00:00:01:01", "02:00:00:00:01:02", "203.0.113.10", "2026-11-26 12:51:34");

    private static async Task AnalyzeGolden(string golden, int width, string file, int exit, params string[] whole)
    {
        var cli = new CliHarness(width: width);
        // A path as a user types it (relative): the golden file must not depend on where the checkout is.
        var path = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(AppContext.BaseDirectory, "TestData", file));
        Assert.Equal(exit, await cli.Run("analyze", path));
        AssertGolden(golden, width, cli.Out.Replace(path, $"TestData/{file}", StringComparison.Ordinal), 0, whole);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Scan(int width)
    {
        using var link = new TimedFakeArpLink(TimeProvider.System);
        foreach (var mac in Macs) link.Answer(Vip, MacAddress.Parse(mac));
        link.Answer(Ipv4Address.Parse("203.0.113.11"), MacAddress.Parse(Macs[0]));
        var cli = new CliHarness(CliHarness.Fake(link), width);
        Assert.Equal(1, await cli.Run("scan", "203.0.113.10-203.0.113.12", "-i", "fake0", "--wait", "50ms", "--retries", "0"));
        AssertGolden("scan", width, cli.Out, 0, [.. Macs, "203.0.113.10", "203.0.113.11", "203.0.113.12"]);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Watch_summary(int width)
    {
        // A fixed summary (a watch's own counts and durations vary run to run, and so would where its prose wraps);
        // the event lines above it are a log, one line each whatever the width.
        var summary = new Core.Watching.WatchSummary(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(24), 2880, 2, 1, 3, 1, 0, 1,
            TimeSpan.FromHours(17.2), Vip, [.. WatchMacs.Select(MacAddress.Parse)], 0);
        var cli = new CliHarness(width: width);
        ArpDoctor.Cli.Watch.WatchRenderer.Render(summary, json: false, TextWriter.Null, cli.Context.Output);
        AssertGolden("watch-summary", width, cli.Out, 0, [.. WatchMacs, "203.0.113.10"]);
    }
}
