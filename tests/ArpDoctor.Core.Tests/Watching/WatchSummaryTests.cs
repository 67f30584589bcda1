using ArpDoctor.Core.History;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using Xunit;

namespace ArpDoctor.Core.Tests.Watching;

public class WatchSummaryTests
{
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:11");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:12");
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly Ipv4Address Vip2 = Ipv4Address.Parse("203.0.113.11");
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static WatchEvent Ev(double seconds, WatchEventKind kind, MacAddress? mac = null, ChangeCause? cause = null, Ipv4Address? vip = null) =>
        new(T0.AddSeconds(seconds), vip ?? Vip, kind, mac, null, mac is { } m ? [m] : [], cause);

    [Fact]
    public void Failovers_alone_are_stable()
    {
        var b = new WatchSummaryBuilder(T0);
        b.AddRound(new Round(T0, Vip, [new Reply(A)]));
        b.AddRound(new Round(T0.AddSeconds(101), Vip, [new Reply(B)]));
        b.Add(Ev(0, WatchEventKind.FirstSeen, A));
        b.Add(Ev(100, WatchEventKind.Announcement, B));
        b.Add(Ev(101, WatchEventKind.WinnerChanged, B, ChangeCause.Failover));
        var s = b.Build(T0.AddSeconds(131));
        Assert.Equal(Verdict.Healthy, s.Verdict);
        Assert.Equal((0, 1, 1), (s.Flaps, s.Failovers, s.WinnerChanges));
        Assert.Equal(TimeSpan.FromSeconds(101), s.LongestStable);
        Assert.Equal([A, B], s.Responders);
    }

    [Theory]
    [InlineData(WatchEventKind.WinnerChanged)]
    [InlineData(WatchEventKind.Conflict)]
    [InlineData(WatchEventKind.NoAnswer)]
    [InlineData(WatchEventKind.ConnectionDropped)]
    public void Any_trouble_is_unstable(WatchEventKind kind)
    {
        var b = new WatchSummaryBuilder(T0);
        b.Add(Ev(0, WatchEventKind.FirstSeen, A));
        b.Add(Ev(10, kind, B, kind == WatchEventKind.WinnerChanged ? ChangeCause.Flap : null));
        Assert.Equal(Verdict.Unstable, b.Build(T0.AddSeconds(20)).Verdict);
    }

    [Fact]
    public void Longest_stable_period_counts_the_open_one_at_the_end()
    {
        var b = new WatchSummaryBuilder(T0);
        b.Add(Ev(0, WatchEventKind.FirstSeen, A));
        b.Add(Ev(0, WatchEventKind.FirstSeen, A, vip: Vip2));
        b.Add(Ev(50, WatchEventKind.WinnerChanged, B, ChangeCause.Flap));
        b.Add(Ev(60, WatchEventKind.WinnerChanged, B, ChangeCause.Flap, Vip2));
        var s = b.Build(T0.AddSeconds(200));
        Assert.Equal(TimeSpan.FromSeconds(150), s.LongestStable);
        Assert.Equal(Vip, s.LongestStableVip);
        Assert.Equal(2, s.Flaps);
    }

    [Fact]
    public void Earlier_events_move_the_start_and_count()
    {
        var b = new WatchSummaryBuilder(T0.AddHours(1));
        b.AddEarlier(Ev(0, WatchEventKind.FirstSeen, A));
        b.AddRound(new Round(T0.AddHours(1), Vip, [new Reply(A)]));
        var s = b.Build(T0.AddHours(2));
        Assert.Equal(T0, s.Start);
        Assert.Equal(1, s.EarlierEvents);
        Assert.Equal(1, s.Rounds);
        Assert.Equal(TimeSpan.FromHours(2), s.LongestStable);
    }
}
