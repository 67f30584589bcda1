using Xunit;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Tests.Evidence;

public class HabetsArpingLinesTests
{
    [Theory]
    [InlineData("42 bytes from 02:00:00:00:01:03 (203.0.113.10): index=1 time=84.742 usec", "02:00:00:00:01:03", 0.084742)]
    [InlineData("60 bytes from 02:00:00:00:01:01 (203.0.113.10): index=0 time=1.234 msec", "02:00:00:00:01:01", 1.234)]
    [InlineData("60 bytes from 02:00:00:00:01:01 (203.0.113.10): index=0 time=2 sec", "02:00:00:00:01:01", 2000)]
    public void Reads_reply_lines(string line, string mac, double ms)
    {
        var parsed = HabetsArpingLines.Parse(line);
        Assert.Equal(LineKind.Reply, parsed.Kind);
        Assert.Equal(MacAddress.Parse(mac), parsed.Mac);
        Assert.Equal(TestSupport.Vip, parsed.Ip);
        Assert.Equal(ms, parsed.RoundTrip!.Value.TotalMilliseconds, 4);
    }

    [Fact]
    public void Reads_header_timeout_and_statistics()
    {
        Assert.Equal(LineKind.RunStart, HabetsArpingLines.Parse("ARPING 203.0.113.10").Kind);
        Assert.Equal(LineKind.Noise, HabetsArpingLines.Parse("ARPING 203.0.113.10 from 203.0.113.1 eth0").Kind);
        Assert.Equal(LineKind.Timeout, HabetsArpingLines.Parse("Timeout").Kind);
        var summary = HabetsArpingLines.Parse("4 packets transmitted, 16 packets received,   0% unanswered (12 extra)");
        Assert.Equal((LineKind.Summary, 4, 16), (summary.Kind, summary.Sent, summary.Received));
    }

    [Theory]
    [InlineData("42 bytes from zz:00:00:00:01:03 (203.0.113.10): index=1 time=84.742 usec")]
    [InlineData("42 bytes from 02:00:00:00:01:03 (203.0.113): index=1 time=84.742 usec")]
    [InlineData("42 bytes from 02:00:00:00:01:03 (203.0.113.10): index=1 time=84.742 fortnights")]
    public void Damaged_replies_are_malformed(string line) => Assert.Equal(LineKind.Malformed, HabetsArpingLines.Parse(line).Kind);

    [Fact]
    public void Mac_ping_answers_are_not_arp_replies() =>
        Assert.Equal(LineKind.Noise, HabetsArpingLines.Parse("60 bytes from 203.0.113.10 (02:00:00:00:01:01): icmp_seq=0 time=1.0 msec").Kind);
}

public class ArpScanLinesTests
{
    [Theory]
    [InlineData("203.0.113.10\t02:00:00:00:01:01\t(Unknown: locally administered)", 1)]
    [InlineData("203.0.113.10\t02:00:00:00:01:01\t(Unknown: locally administered) (DUP: 4)", 4)]
    [InlineData("203.0.113.10\t02:00:00:00:01:01", 1)]
    [InlineData("203.0.113.10    02:00:00:00:01:01       (Unknown: locally administered) (DUP: 3)", 3)]
    public void Reads_host_lines(string line, int duplicate)
    {
        var parsed = ArpScanLines.Parse(line);
        Assert.Equal((LineKind.Reply, TestSupport.Vip, TestSupport.Node1, duplicate), (parsed.Kind, parsed.Ip, parsed.Mac, parsed.Duplicate));
    }

    [Fact]
    public void Reads_banners()
    {
        Assert.Equal(LineKind.RunStart, ArpScanLines.Parse("Interface: eth0, type: EN10MB, MAC: 02:00:00:00:00:01, IPv4: 203.0.113.1").Kind);
        Assert.Equal(LineKind.RunStart, ArpScanLines.Parse("Starting arp-scan 1.10.0 with 256 hosts (https://github.com/royhills/arp-scan)").Kind);
        var end = ArpScanLines.Parse("Ending arp-scan 1.10.0: 256 hosts scanned in 2.180 seconds (117.43 hosts/sec). 5 responded");
        Assert.Equal((LineKind.Summary, 5), (end.Kind, end.Received));
        Assert.Equal(LineKind.Noise, ArpScanLines.Parse("10 packets received by filter, 0 packets dropped by kernel").Kind);
    }

    [Fact]
    public void Ip_neigh_lines_are_not_host_lines() =>
        Assert.Equal(LineKind.Noise, ArpScanLines.Parse("203.0.113.10 dev eth0 lladdr 02:00:00:00:01:01 REACHABLE").Kind);

    [Theory]
    [InlineData("203.0.113.10\tnot-a-mac\t(Unknown)")]
    [InlineData("203.0.113.10\t02:00:00:00:01:01\t(Unknown) (DUP: x)")]
    public void Damaged_host_lines_are_malformed(string line) => Assert.Equal(LineKind.Malformed, ArpScanLines.Parse(line).Kind);
}

public class WatchLogLinesTests
{
    [Fact]
    public void Reads_every_field()
    {
        const string line = """{"time":"2026-11-26T09:14:31.500Z","vip":"203.0.113.10","event":"mac-changed","mac":"02:00:00:00:01:03","previousMac":"02:00:00:00:01:01","responders":["02:00:00:00:01:03",{"mac":"02:00:00:00:01:01"}],"cause":"x"}""";
        Assert.True(WatchLogLines.TryParse(line, out var e, out var error), error);
        Assert.Equal(WatchEventKind.MacChanged, e!.Kind);
        Assert.Equal(TestSupport.Vip, e.Vip);
        Assert.Equal(TestSupport.Node3, e.Mac);
        Assert.Equal(TestSupport.Node1, e.PreviousMac);
        Assert.Equal([TestSupport.Node3, TestSupport.Node1], e.Responders);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 14, 31, 500, TimeSpan.Zero), e.Time);
        Assert.Equal("x", e.Cause);
    }

    [Theory]
    [InlineData("""{"time":"2026-11-26T09:00:00Z","vip":"203.0.113.10","event":"teleported"}""", "\"event\"")]
    [InlineData("""{"time":"yesterday","vip":"203.0.113.10","event":"no-answer"}""", "\"time\"")]
    [InlineData("""{"time":"2026-11-26T09:00:00Z","vip":"::1","event":"no-answer"}""", "\"vip\"")]
    [InlineData("""{"time":"2026-11-26T09:00:00Z","vip":"203.0.113.10","event":"first-seen","mac":"nope"}""", "\"mac\"")]
    [InlineData("""{"time":"2026-11-26T09:00:00Z","vip":"203.0.113.10","event":"first-seen","responders":[1]}""", "\"responders\"")]
    [InlineData("""{"time":"2026-11-26T09:00:00Z","vip":"203.0""", "not a JSON object")]
    [InlineData("""[1,2]""", "not a JSON object")]
    public void Says_which_field_is_wrong(string line, string why)
    {
        Assert.False(WatchLogLines.TryParse(line, out _, out var error));
        Assert.Contains(why, error);
    }
}

public class DateStampsTests
{
    [Theory]
    [InlineData("Thu Nov 26 12:51:12 UTC 2026")]
    [InlineData("Thu Nov  26 12:51:12 CET 2026")]
    [InlineData("Thu, 26 Nov 2026 12:51:12 +0000")]
    [InlineData("2026-11-26T12:51:12+00:00")]
    [InlineData("2026-11-26 12:51:12")]
    [InlineData("[2026-11-26 12:51:12]")]
    public void Reads_the_usual_forms(string text)
    {
        Assert.True(DateStamps.TryParse(text, out var t));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 51, 12, TimeSpan.Zero), t);
    }

    [Theory]
    [InlineData("Received 20 response(s)")]
    [InlineData("=== run 1 ===")]
    [InlineData("")]
    public void Rejects_other_lines(string text) => Assert.False(DateStamps.TryParse(text, out _));
}
