using System.Text.Json;
using ArpDoctor.Core.Packets;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Cli.Tests.Scan;

/// <summary><c>arpdoctor scan</c> in-process over a fake link. Plan: us 02:00:00:00:00:01, nodes 02:00:00:00:00:1N, VIPs 203.0.113.x.</summary>
public class ScanCliTests
{
    private static MacAddress Node(int n) => new(0x02_00_00_00_00_10UL + (uint)n);

    [Theory]
    [InlineData(new[] { "scan", "203.0.113", "-i", "fake0" }, "arpdoctor: scan: '203.0.113' is not an IPv4 address, range or CIDR")]
    [InlineData(new[] { "scan", "203.0.113.9-203.0.113.1", "-i", "fake0" }, "arpdoctor: scan: '203.0.113.9-203.0.113.1': the range ends before it starts")]
    [InlineData(new[] { "scan", "203.0.113.1", "-i", "fake0", "--rate", "0" }, "arpdoctor: scan: --rate '0' is not a whole number from 1 to 1000000 (probes per second) (see 'arpdoctor scan --help')")]
    [InlineData(new[] { "scan", "203.0.113.1", "-i", "fake0", "--retries", "-1" }, "arpdoctor: scan: --retries '-1' is not a whole number from 0 to 100 (extra rounds) (see 'arpdoctor scan --help')")]
    [InlineData(new[] { "scan", "203.0.113.1", "-i", "fake0", "--wait", "soon" }, "arpdoctor: scan: --wait 'soon' is not a duration of at most 49d (e.g. 100ms, 1.5s, 30s, 24h) (see 'arpdoctor scan --help')")]
    [InlineData(new[] { "scan", "@/nonexistent/vips.txt", "-i", "fake0" }, "arpdoctor: scan: @/nonexistent/vips.txt: no such file")]
    [InlineData(new[] { "scan", "@/dev/zero", "-i", "fake0" }, "arpdoctor: scan: @/dev/zero: line 1 is longer than 1024 characters: not a list of VIPs")]
    [InlineData(new[] { "scan", "@", "-i", "fake0" }, "arpdoctor: scan: @: a file name must follow @ (e.g. @vips.txt)")]
    [InlineData(new[] { "scan", "203.0.113.1", "-i", "fake0", "--wait", "Infinity" }, "arpdoctor: scan: --wait 'Infinity' is not a duration of at most 49d (e.g. 100ms, 1.5s, 30s, 24h) (see 'arpdoctor scan --help')")]
    public async Task Bad_input_is_one_line_and_exit_2(string[] args, string expected)
    {
        var cli = new CliHarness(_ => throw new InvalidOperationException("no link may be opened for bad input"));
        Assert.Equal(2, await cli.Run(args));
        Assert.Equal(expected, cli.Err.Trim());
    }

    [Fact]
    public async Task Control_characters_from_a_file_are_escaped_in_the_one_error_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"arpdoctor-ctl-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "\u001b[31mred\u0000\u001b]0;pwned\u0007\n");
        try
        {
            var cli = new CliHarness(_ => throw new InvalidOperationException("no link may be opened for bad input"));
            Assert.Equal(2, await cli.Run(["scan", $"@{file}", "-i", "fake0"]));
            Assert.Equal($"arpdoctor: scan: {file}:1: '\\x1b[31mred\\x00\\x1b]0;pwned\\x07' is not an IPv4 address, range or CIDR", cli.Err.Trim());
            Assert.DoesNotContain('\u001b', cli.Err);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Json_has_the_documented_shape_conflicts_first()
    {
        using var link = new TimedFakeArpLink(TimeProvider.System);
        link.Answer(Ipv4Address.Parse("203.0.113.11"), Node(1));
        link.Answer(Ipv4Address.Parse("203.0.113.12"), Node(2)).Answer(Ipv4Address.Parse("203.0.113.12"), Node(3));
        var cli = new CliHarness(CliHarness.Fake(link));

        int exit = await cli.Run("scan", "203.0.113.10-203.0.113.12", "-i", "fake0", "--wait", "50ms", "--retries", "0", "-o", "json", "--allow-silent");

        Assert.Equal(1, exit); // the conflict; silence is allowed
        var results = JsonDocument.Parse(cli.Out).RootElement.GetProperty("results");
        Assert.Equal(["203.0.113.12", "203.0.113.10", "203.0.113.11"], results.EnumerateArray().Select(r => r.GetProperty("vip").GetString()));
        Assert.Equal(["conflict", "no-answer", "healthy"], results.EnumerateArray().Select(r => r.GetProperty("verdict").GetString()));
        var conflict = results[0].GetProperty("responders");
        Assert.Equal(Node(2).ToString(), conflict[0].GetProperty("mac").GetString());
        Assert.Equal(1, conflict[0].GetProperty("replies").GetInt32());
    }

    [Fact]
    public async Task All_healthy_is_exit_0_and_silence_is_exit_1()
    {
        using var link = new TimedFakeArpLink(TimeProvider.System);
        link.Answer(Ipv4Address.Parse("203.0.113.10"), Node(1));
        // A link per run: a run closes its link, and a closed capture is an error (exit 3), not silence.
        using var quiet = new TimedFakeArpLink(TimeProvider.System);
        var healthy = new CliHarness(CliHarness.Fake(link));
        var silent = new CliHarness(CliHarness.Fake(quiet));

        Assert.Equal(0, await healthy.Run("scan", "203.0.113.10", "-i", "fake0", "--wait", "50ms"));
        Assert.Contains("1 VIP on fake0: 0 conflict, 0 no-answer, 1 healthy", healthy.Out);
        Assert.Equal(1, await silent.Run("scan", "203.0.113.10-203.0.113.11", "-i", "fake0", "--wait", "20ms"));
    }

    [Fact]
    public async Task A_capture_that_has_ended_is_exit_3_not_silence()
    {
        // It was "no-answer", exit 1: a verdict resting on a capture that could hear nothing.
        var link = new TimedFakeArpLink(TimeProvider.System);
        link.Dispose();
        var cli = new CliHarness(CliHarness.Fake(link));
        Assert.Equal(3, await cli.Run("scan", "203.0.113.10", "-i", "fake0", "--wait", "20ms"));
        Assert.Equal("arpdoctor: scan: the capture on fake0 ended (was the interface removed or taken down?)\n", cli.Err);
    }
}
