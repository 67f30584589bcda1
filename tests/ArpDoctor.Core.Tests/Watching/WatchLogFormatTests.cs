using ArpDoctor.Core.History;
using System.Text;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using Xunit;

namespace ArpDoctor.Core.Tests.Watching;

public class WatchLogFormatTests
{
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:11");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:12");
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, 250, TimeSpan.Zero);

    [Fact]
    public void A_change_is_one_line_with_the_documented_keys()
    {
        var line = Encoding.UTF8.GetString(WatchLogFormat.ToLine(
            new WatchEvent(T0, Vip, WatchEventKind.WinnerChanged, B, A, [B, A], ChangeCause.Flap)));
        Assert.Equal(
            """{"time":"2026-11-26T12:00:00.250Z","vip":"203.0.113.10","event":"winner-changed","mac":"02:00:00:00:00:12","previousMac":"02:00:00:00:00:11","responders":["02:00:00:00:00:12","02:00:00:00:00:11"],"cause":"flap"}""" + "\n",
            line);
    }

    [Fact]
    public void A_drop_carries_seconds_since_change_and_reason()
    {
        var line = Encoding.UTF8.GetString(WatchLogFormat.ToLine(
            new WatchEvent(T0, Vip, WatchEventKind.ConnectionDropped, B, null, [], null, TimeSpan.FromSeconds(3.25), "connection reset by peer")));
        Assert.Contains("\"event\":\"connection-dropped\"", line);
        Assert.Contains("\"sinceWinnerChangeSeconds\":3.25", line);
        Assert.Contains("\"reason\":\"connection reset by peer\"", line);
        Assert.Contains("\"previousMac\":null", line);
    }

    [Fact]
    public void A_drop_a_moment_before_the_round_that_saw_the_change_reads_back()
    {
        // The writer stamps a change with its round's start, so a reset just before it is a small negative value;
        // the reader refused it ("out of range"), so analyze and --resume rejected a real log. Found by a lab run.
        var drop = new WatchEvent(T0, Vip, WatchEventKind.ConnectionDropped, B, null, [], null, TimeSpan.FromSeconds(-0.193), "connection reset by peer");
        var line = Encoding.UTF8.GetString(WatchLogFormat.ToLine(drop)).TrimEnd('\n');
        Assert.True(WatchLogFormat.TryParse(line, out var back, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(-0.193), back!.SinceWinnerChange);
    }

    [Fact]
    public void A_cause_of_fixed_reads_back_and_the_older_word_fix_still_reads()
    {
        var change = new WatchEvent(T0, Vip, WatchEventKind.WinnerChanged, B, A, [B], ChangeCause.Fixed);
        var line = Encoding.UTF8.GetString(WatchLogFormat.ToLine(change)).TrimEnd('\n');
        Assert.Contains("\"cause\":\"fixed\"", line);
        Assert.True(WatchLogFormat.TryParse(line, out var back, out var error), error);
        Assert.Equal(ChangeCause.Fixed, back!.Cause);
        Assert.True(WatchLogFormat.TryParse(line.Replace("\"fixed\"", "\"fix\"", StringComparison.Ordinal), out var old, out error), error);
        Assert.Equal(ChangeCause.Fixed, old!.Cause);
    }

    [Fact]
    public void The_older_event_word_gratuitous_reads_as_an_announcement()
    {
        var line = "{\"time\":\"2026-11-26T09:00:00.000Z\",\"vip\":\"203.0.113.10\",\"event\":\"gratuitous\",\"mac\":\"02:00:00:00:00:12\",\"previousMac\":null,\"responders\":[]}";
        Assert.True(WatchLogFormat.TryParse(line, out var e, out var error), error);
        Assert.Equal(WatchEventKind.Announcement, e!.Kind);
    }

    [Fact]
    public void A_round_record_reads_back_and_is_not_an_event()
    {
        var run = new RoundRun(T0, T0.AddSeconds(59), Vip, [B, A], 60);
        var line = Encoding.UTF8.GetString(WatchLogFormat.ToLine(run)).TrimEnd('\n');
        Assert.Equal("{\"time\":\"" + T0.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)
            + "\",\"vip\":\"" + Vip + "\",\"event\":\"rounds\",\"responders\":[\"" + B + "\",\"" + A + "\"],\"count\":60,\"until\":\""
            + T0.AddSeconds(59).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) + "\"}", line);
        Assert.True(WatchLogFormat.TryParseRecord(line, out var record, out var error), error);
        Assert.Null(record.Event);
        Assert.Equal((run.Time, run.Until, run.Vip, run.Count), (record.Rounds!.Time, record.Rounds.Until, record.Rounds.Vip, record.Rounds.Count));
        Assert.Equal([B, A], record.Rounds.Responders);
        Assert.False(WatchLogFormat.TryParse(line, out _, out _));
        var (events, bad) = WatchLogFormat.ParseLog([line]);
        Assert.Empty(events);
        Assert.Empty(bad);
    }

    [Theory]
    [InlineData("\"count\":0", "count")]
    [InlineData("\"count\":-3", "count")]
    [InlineData("\"count\":\"x\"", "count")]
    public void A_damaged_round_record_is_not_read(string count, string named)
    {
        var line = "{\"time\":\"2026-11-26T09:00:00.000Z\",\"vip\":\"203.0.113.10\",\"event\":\"rounds\",\"responders\":[]," + count + ",\"until\":\"2026-11-26T09:00:10.000Z\"}";
        Assert.False(WatchLogFormat.TryParseRecord(line, out _, out var error));
        Assert.Contains(named, error);
    }

    [Theory]
    [InlineData(WatchEventKind.FirstSeen, null)]
    [InlineData(WatchEventKind.WinnerChanged, ChangeCause.Failover)]
    [InlineData(WatchEventKind.NoAnswer, null)]
    [InlineData(WatchEventKind.ConnectionDropped, null)]
    public void Lines_parse_back(WatchEventKind kind, ChangeCause? cause)
    {
        var e = new WatchEvent(T0, Vip, kind, kind == WatchEventKind.NoAnswer ? null : A, B, [A], cause,
            kind == WatchEventKind.ConnectionDropped ? TimeSpan.FromSeconds(2) : null);
        var text = Encoding.UTF8.GetString(WatchLogFormat.ToLine(e)).TrimEnd('\n');
        Assert.True(WatchLogFormat.TryParse(text, out var back, out var error), error);
        Assert.Equal((e.Time, e.Vip, e.Kind, e.Mac, e.PreviousMac, e.Cause, e.SinceWinnerChange), (back!.Time, back.Vip, back.Kind, back.Mac, back.PreviousMac, back.Cause, back.SinceWinnerChange));
        Assert.Equal(e.Responders, back.Responders);
    }

    [Theory]
    [InlineData("""{"time":"2026-11-26T12:00:00.250Z","vip":"203.0.113.10","event":"mac-cha""")]
    [InlineData("""{"time":"2026-11-26T12:00:00.250Z","vip":"203.0.113.10","event":"reboot"}""")]
    [InlineData("""{"vip":"203.0.113.10","event":"first-seen"}""")]
    [InlineData("hello")]
    public void Cut_or_foreign_lines_are_rejected(string line) =>
        Assert.False(WatchLogFormat.TryParse(line, out _, out _));

    [Fact]
    public void A_log_cut_mid_line_keeps_the_whole_lines()
    {
        string whole = Encoding.UTF8.GetString(WatchLogFormat.ToLine(new WatchEvent(T0, Vip, WatchEventKind.FirstSeen, A, null, [A]))).TrimEnd();
        var (events, bad) = WatchLogFormat.ParseLog([whole, whole[..40], whole]);
        Assert.Equal(2, events.Count);
        Assert.Equal([2], bad);
    }
}
