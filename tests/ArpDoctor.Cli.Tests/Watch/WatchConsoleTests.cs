using ArpDoctor.Core.History;
using ArpDoctor.Cli.Watch;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Cli.Tests.Watch;

public class WatchConsoleTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:11");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:12");
    private readonly ManualClock _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void On_a_terminal_the_status_line_is_redrawn_under_each_event()
    {
        var output = new StringWriter();
        var summary = new WatchSummaryBuilder(_time.GetUtcNow());
        var console = new WatchConsole(output, json: false, live: true, _time, TimeSpan.FromHours(24), summary);

        _time.Advance(TimeSpan.FromSeconds(90));
        console.Tick();
        var change = new WatchEvent(_time.GetUtcNow(), Vip, WatchEventKind.WinnerChanged, B, A, [B, A], ChangeCause.Flap);
        summary.Add(change);
        console.Event(change);
        console.End();

        var text = output.ToString();
        Assert.StartsWith("watching 1m30s, 23h58m left · 0 rounds · 0 flaps · 0 failovers · last: none yet\r\u001b[2K", text);
        Assert.Contains("2026-11-26 12:01:30.000Z 203.0.113.10 winner-changed 02:00:00:00:00:12 (was 02:00:00:00:00:11) cause flap; responders 02:00:00:00:00:12, 02:00:00:00:00:11\n", text.Replace("\r\n", "\n"));
        Assert.Contains("· 1 flap ·", text);
        Assert.EndsWith("\r\u001b[2K", text); // End() leaves a clean line for the summary
    }

    [Fact]
    public void An_event_whose_previous_MAC_is_its_own_does_not_repeat_it()
    {
        // A second responder joining the same winner: "(was X)" with X the MAC just named said nothing.
        var same = new WatchEvent(_time.GetUtcNow(), Vip, WatchEventKind.Conflict, A, A, [A, B]);
        Assert.DoesNotContain("(was", WatchConsole.Describe(same));
        var moved = new WatchEvent(_time.GetUtcNow(), Vip, WatchEventKind.WinnerChanged, B, A, [B], ChangeCause.Flap);
        Assert.Contains($"(was {A})", WatchConsole.Describe(moved));
    }

    [Fact]
    public void Off_a_terminal_only_event_lines_are_written()
    {
        var output = new StringWriter();
        var console = new WatchConsole(output, json: true, live: false, _time, null, new WatchSummaryBuilder(_time.GetUtcNow()));

        console.Tick();
        console.Event(new WatchEvent(_time.GetUtcNow(), Vip, WatchEventKind.FirstSeen, A, null, [A]));
        console.End();

        Assert.Equal("{\"time\":\"2026-11-26T12:00:00.000Z\",\"vip\":\"203.0.113.10\",\"event\":\"first-seen\",\"mac\":\"02:00:00:00:00:11\",\"previousMac\":null,\"responders\":[\"02:00:00:00:00:11\"]}" + Environment.NewLine, output.ToString());
    }

    [Theory]
    [InlineData(WatchEventKind.ConnectionDropped, 2.5, "203.0.113.10 connection-dropped 02:00:00:00:00:12: connection reset by peer, 2.5s after the last winner-changed")]
    [InlineData(WatchEventKind.NoAnswer, null, "203.0.113.10 no-answer (was 02:00:00:00:00:11)")]
    public void Event_lines_read_as_sentences(WatchEventKind kind, double? since, string expected)
    {
        var e = kind == WatchEventKind.NoAnswer
            ? new WatchEvent(_time.GetUtcNow(), Vip, kind, null, A, [])
            : new WatchEvent(_time.GetUtcNow(), Vip, kind, B, null, [], null, TimeSpan.FromSeconds(since!.Value), "connection reset by peer");
        Assert.EndsWith(expected, WatchConsole.Describe(e));
    }
}
