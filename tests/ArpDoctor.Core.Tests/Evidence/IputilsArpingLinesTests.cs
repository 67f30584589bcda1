using Xunit;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Tests.Evidence;

public class IputilsArpingLinesTests
{
    [Theory]
    [InlineData("Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.572ms", "203.0.113.10", "02:00:00:00:01:01", 0.572)]
    [InlineData("Broadcast reply from 203.0.113.10 [02:00:00:00:01:02]  12.001ms", "203.0.113.10", "02:00:00:00:01:02", 12.001)]
    [InlineData("Unicast reply from 203.0.113.10 [2:0:0:0:1:3]  1.5ms", "203.0.113.10", "02:00:00:00:01:03", 1.5)]
    [InlineData("Unicast reply from 203.0.113.10 [02:00:00:00:01:01] for 203.0.113.1 [02:00:00:00:00:01]  0.700ms", "203.0.113.10", "02:00:00:00:01:01", 0.7)]
    [InlineData("2026-11-26 12:51:12 Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.572ms", "203.0.113.10", "02:00:00:00:01:01", 0.572)]
    public void Reads_reply_lines(string line, string ip, string mac, double ms)
    {
        var parsed = IputilsArpingLines.Parse(line);
        Assert.Equal(LineKind.Reply, parsed.Kind);
        Assert.Equal(Ipv4Address.Parse(ip), parsed.Ip);
        Assert.Equal(MacAddress.Parse(mac), parsed.Mac);
        Assert.Equal(ms, parsed.RoundTrip!.Value.TotalMilliseconds, 3);
    }

    [Fact]
    public void Takes_the_time_from_a_log_prefix()
    {
        var parsed = IputilsArpingLines.Parse("2026-11-26T12:51:12Z Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.572ms");
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 51, 12, TimeSpan.Zero), parsed.Time);
    }

    [Fact]
    public void An_unsolicited_reply_has_no_round_trip()
    {
        var parsed = IputilsArpingLines.Parse("Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  UNSOLICITED?");
        Assert.Equal(LineKind.Reply, parsed.Kind);
        Assert.Null(parsed.RoundTrip);
    }

    [Fact]
    public void Reads_header_and_summaries()
    {
        var header = IputilsArpingLines.Parse("ARPING 203.0.113.10 from 203.0.113.1 eth0");
        Assert.Equal((LineKind.RunStart, Ipv4Address.Parse("203.0.113.10")), (header.Kind, header.Ip));
        var sent = IputilsArpingLines.Parse("Sent 5 probes (1 broadcast(s))");
        Assert.Equal((LineKind.Summary, 5, 1), (sent.Kind, sent.Sent, sent.Broadcasts));
        var received = IputilsArpingLines.Parse("Received 20 response(s) (2 request(s))");
        Assert.Equal((LineKind.Summary, 20), (received.Kind, received.Received));
    }

    [Theory]
    [InlineData("")]
    [InlineData("------------------------------")]
    [InlineData("=== run 3 ===")]
    [InlineData("ARPING 203.0.113.10")]
    [InlineData("Unicast request from 203.0.113.10 [02:00:00:00:01:01]  0.5ms")]
    public void Ignores_noise(string line) => Assert.Equal(LineKind.Noise, IputilsArpingLines.Parse(line).Kind);

    [Fact]
    public void A_date_line_is_a_stamp()
    {
        var parsed = IputilsArpingLines.Parse("Thu Nov 26 12:51:12 UTC 2026\r");
        Assert.Equal(LineKind.Stamp, parsed.Kind);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 51, 12, TimeSpan.Zero), parsed.Time);
    }

    [Theory]
    [InlineData("Unicast reply from 203.0.113.300 [02:00:00:00:01:01]  0.572ms", "IPv4")]
    [InlineData("Unicast reply from 203.0.113.10 [02:00:00:00:01]  0.572ms", "MAC")]
    [InlineData("Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  fast", "round-trip")]
    [InlineData("Sent many probes (5 broadcast(s))", "probe count")]
    public void Damaged_lines_say_why(string line, string why)
    {
        var parsed = IputilsArpingLines.Parse(line);
        Assert.Equal(LineKind.Malformed, parsed.Kind);
        Assert.Contains(why, parsed.Problem);
    }
}
