using ArpDoctor.Cli;
using System.Text.Json;
using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Cli.Tests.Probe;

/// <summary>The three output formats and the exit code, over an in-memory segment.</summary>
public class ProbeOutputTests
{
    private static readonly MacAddress Us = MacAddress.Parse("aa:bb:cc:00:00:02");
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static FakeArpLink Segment(params (string Mac, double DelayMs)[] responders)
    {
        var link = new FakeArpLink(Us, T0);
        foreach (var (mac, ms) in responders)
            link.Responders.Add((MacAddress.Parse(mac), Vip, TimeSpan.FromMilliseconds(ms)));
        return link;
    }

    private static readonly string[] Fast = ["--interval", "0", "--wait", "20ms"];

    [Fact]
    public async Task Json_has_every_reply_and_responder_with_lowercase_MACs()
    {
        var cli = new CliHarness(CliHarness.Fake(Segment(("02:00:00:00:00:AA", 0.4), ("02:00:00:00:00:BB", 0.7))));
        Assert.Equal(1, await cli.Run(["probe", "203.0.113.10", "-i", "fake0", "-c", "2", "-o", "json", .. Fast]));
        using var doc = JsonDocument.Parse(cli.Out);
        var root = doc.RootElement;
        Assert.Equal(["vip", "interface", "probesSent", "replies", "responders", "verdict"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("203.0.113.10", root.GetProperty("vip").GetString());
        Assert.Equal("fake0", root.GetProperty("interface").GetString());
        Assert.Equal(2, root.GetProperty("probesSent").GetInt32());
        Assert.Equal("conflict", root.GetProperty("verdict").GetString());
        var replies = root.GetProperty("replies").EnumerateArray().ToList();
        Assert.Equal(4, replies.Count);
        Assert.Equal(["probe", "mac", "rttMs"], replies[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("02:00:00:00:00:aa", replies[0].GetProperty("mac").GetString());
        Assert.Equal(0.4, replies[0].GetProperty("rttMs").GetDouble(), 3);
        var responders = root.GetProperty("responders").EnumerateArray().ToList();
        Assert.Equal(["02:00:00:00:00:aa", "02:00:00:00:00:bb"], responders.Select(r => r.GetProperty("mac").GetString()));
        Assert.Equal([2, 0], responders.Select(r => r.GetProperty("wins").GetInt32()));
        Assert.Equal([2, 2], responders.Select(r => r.GetProperty("replies").GetInt32()));
    }

    [Fact]
    public async Task Arping_format_matches_iputils_lines()
    {
        var cli = new CliHarness(CliHarness.Fake(Segment(("02:00:00:00:00:aa", 0.571), ("02:00:00:00:00:bb", 0.612))));
        Assert.Equal(1, await cli.Run(["probe", "203.0.113.10", "-i", "fake0", "-c", "1", "-o", "arping", .. Fast]));
        var lines = cli.Out.TrimEnd('\n').Split('\n');
        Assert.Equal("ARPING 203.0.113.10 from 0.0.0.0 fake0", lines[0]);
        Assert.Equal("Unicast reply from 203.0.113.10 [02:00:00:00:00:AA]  0.571ms", lines[1]);
        Assert.Equal("Unicast reply from 203.0.113.10 [02:00:00:00:00:BB]  0.612ms", lines[2]);
        Assert.Equal("Sent 1 probes (1 broadcast(s))", lines[3]);
        Assert.Equal("Received 2 response(s)", lines[4]);
    }

    [Fact]
    public async Task Text_for_a_conflict_names_the_usual_cause_and_the_next_step()
    {
        var cli = new CliHarness(CliHarness.Fake(Segment(("02:00:00:00:00:aa", 0.4), ("02:00:00:00:00:bb", 0.7), ("02:00:00:00:00:cc", 0.9))));
        Assert.Equal(1, await cli.Run(["probe", "203.0.113.10", "-i", "fake0", "-c", "3", .. Fast]));
        Assert.Contains("3 probes, 9 replies from 3 MACs — conflict", cli.Out);
        Assert.Matches(new Regex(@"02:00:00:00:00:aa \(local\)\s+3\s+3/3"), cli.Out);
        Assert.Matches(new Regex(@"02:00:00:00:00:cc \(local\)\s+3\s+0/3"), cli.Out);
        Assert.Contains("strictARP", cli.Out);
        Assert.Contains("arpdoctor check", cli.Out);
    }

    [Fact]
    public async Task One_MAC_is_healthy_and_exits_zero()
    {
        var cli = new CliHarness(CliHarness.Fake(Segment(("02:00:00:00:00:aa", 0.4))));
        Assert.Equal(0, await cli.Run(["probe", "203.0.113.10", "-i", "fake0", .. Fast]));
        Assert.Contains("— healthy", cli.Out);
        Assert.Equal("", cli.Err);
    }

    [Fact]
    public async Task Silence_is_no_answer_and_exits_one()
    {
        var cli = new CliHarness(CliHarness.Fake(Segment()));
        Assert.Equal(1, await cli.Run(["probe", "203.0.113.10", "-i", "fake0", "-o", "json", .. Fast]));
        Assert.Equal("no-answer", JsonDocument.Parse(cli.Out).RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Source_zero_sends_RFC_5227_address_probes()
    {
        var link = Segment(("02:00:00:00:00:aa", 0.4));
        var cli = new CliHarness(CliHarness.Fake(link));
        Assert.Equal(0, await cli.Run(["probe", "203.0.113.10", "-i", "fake0", "--source", "0.0.0.0", "-c", "2", .. Fast]));
        Assert.All(link.Sent, f => Assert.True(f.IsAddressProbe));
    }

    [Fact]
    public async Task Ctrl_c_before_the_verdict_is_exit_130_and_one_line()
    {
        var cli = new CliHarness(CliHarness.Fake(Segment(("02:00:00:00:00:aa", 0.4))));
        using var cancel = new CancellationTokenSource();
        var run = CliApp.RunAsync(["probe", "203.0.113.10", "-i", "fake0", "-c", "5", "--interval", "10s"], cli.Context, cancel.Token);
        await Task.Delay(50);
        await cancel.CancelAsync();
        Assert.Equal(130, await run);
        Assert.Equal("arpdoctor: probe: interrupted", cli.Err.Trim());
        Assert.Equal("", cli.Out);
    }
}
