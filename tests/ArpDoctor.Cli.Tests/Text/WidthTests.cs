using ArpDoctor.Core.Packets;
using ArpDoctor.TestKit;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Cli.Tests.Text;

/// <summary>
/// Text laid out for 60, 80, 120 and 200 columns: no line is wider than the console, and no MAC or IP address is
/// ever cut in two (a MAC split across lines cannot be pasted or grepped).
/// </summary>
public sealed class WidthTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly string[] Macs = ["6e:dd:22:5f:4e:1e", "02:00:00:00:01:02", "02:00:00:00:01:03"];

    public static TheoryData<int> Widths => new() { 60, 80, 120, 200 };

    private static void AssertLaidOut(string output, int width, IEnumerable<string> whole)
    {
        foreach (var line in output.Split('\n'))
            Assert.True(line.TrimEnd().Length <= width, $"{line.TrimEnd().Length} > {width}: '{line}'");
        foreach (var token in whole) Assert.Contains(token, output);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Probe(int width)
    {
        var link = new FakeArpLink(MacAddress.Parse("aa:bb:cc:00:00:02"), DateTimeOffset.UnixEpoch);
        foreach (var (mac, i) in Macs.Select((m, i) => (m, i)))
            link.Responders.Add((MacAddress.Parse(mac), Vip, TimeSpan.FromMilliseconds(0.3 + i)));
        var cli = new CliHarness(CliHarness.Fake(link), width);
        Assert.Equal(1, await cli.Run("probe", "203.0.113.10", "-i", "fake0", "-c", "3", "--interval", "0", "--wait", "20ms"));
        AssertLaidOut(cli.Out, width, [.. Macs, "203.0.113.10"]);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Analyze(int width)
    {
        var cli = new CliHarness(width: width);
        var golden = Path.Combine(AppContext.BaseDirectory, "TestData", "iputils-double.txt");
        Assert.Equal(1, await cli.Run("analyze", golden));
        AssertLaidOut(cli.Out, width, ["02:00:00:00:01:01", "02:00:00:00:01:02", "02:00:00:00:01:03", "203.0.113.10"]);
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
        AssertLaidOut(cli.Out, width, [.. Macs, "203.0.113.10", "203.0.113.11", "203.0.113.12"]);
    }
}
