using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Scanning;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Core.Tests.Scanning;

/// <summary>
/// The end of a round once every target has answered (<see cref="ScanSettle"/>), on a fake clock: the
/// fake link's responders answer after their delays on that clock, and time moves 1 ms at a time once
/// the scanner has reacted to the last step. A loaded machine can make the scanner react a step late, which
/// only ever makes it end later: lower bounds on the elapsed time are exact, upper bounds have slack.
/// Address plan: client 02:00:00:00:00:01 / 192.0.2.2; responders A, B, C 02:00:00:00:00:1N; VIPs from 203.0.113.10.
/// </summary>
public class ScannerSettleTests
{
    private static readonly Ipv4Address Client = Ipv4Address.Parse("192.0.2.2");
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:11");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:12");
    private static readonly MacAddress C = MacAddress.Parse("02:00:00:00:00:13");
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(5);

    private readonly ManualClock _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private static List<Ipv4Address> Vips(int count) =>
        Enumerable.Range(0, count).Select(i => new Ipv4Address(Ipv4Address.Parse("203.0.113.10").Value + (uint)i)).ToList();

    private static Func<TimeSpan> Ms(double ms) => () => TimeSpan.FromMilliseconds(ms);

    private async Task<ScanResult> Scan(TimedFakeArpLink link, IReadOnlyList<Ipv4Address> vips, TimeSpan wait, int retries = 0)
    {
        var request = new ScanRequest(vips, Client, link.Mac, Rate: 1000, retries, wait);
        var run = new Scanner(link, _time).ScanAsync(request);
        // Inline link and ManualClock: the scan runs inside Advance, so when it returns the scan waits on a pending timer.
        while (!run.IsCompleted)
            Assert.True(_time.AdvanceToNextTimer(), "the scan waits, but on no timer");
        return await run;
    }


    [Fact]
    public async Task With_one_responder_per_vip_the_round_ends_one_floor_after_the_last_first_reply()
    {
        using var link = new TimedFakeArpLink(_time, inline: true);
        var vips = Vips(10);
        foreach (var vip in vips) link.Answer(vip, A);

        var result = await Scan(link, vips, LongWait);

        // The 10th probe leaves 9 ms after the first and is answered at once; then the 5 ms floor.
        var floor = ScanSettle.Default.Floor;
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(9) + floor, TimeSpan.FromMilliseconds(200));
        Assert.Equal(10, result.Replies);
    }

    [Fact]
    public async Task A_late_responder_within_the_settle_is_kept()
    {
        // Every VIP: A at once, B 10 ms later; on the last VIP B takes 25 ms: beyond the 5 ms floor but
        // within 3 x the 10 ms spread seen on the others. A settle that ignored the spread would lose it.
        using var link = new TimedFakeArpLink(_time, inline: true);
        var vips = Vips(20);
        foreach (var vip in vips) link.Answer(vip, A).Answer(vip, B, Ms(vip == vips[^1] ? 25 : 10));

        var result = await Scan(link, vips, LongWait);

        Assert.Equal(40, result.Replies);
        Assert.All(result.Results, r => Assert.Equal([A, B], r.Responders.Select(m => m.Mac)));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(1), $"the round should end long before --wait: {result.Elapsed}");
    }

    [Fact]
    public async Task A_reply_that_widens_the_spread_extends_the_settle()
    {
        // One VIP: A at once; B at 4 ms (inside the 5 ms floor) makes the settle 12 ms; C at 10 ms falls
        // inside that and makes it 30 ms.
        using var link = new TimedFakeArpLink(_time, inline: true);
        var vip = Vips(1)[0];
        link.Answer(vip, A).Answer(vip, B, Ms(4)).Answer(vip, C, Ms(10));

        var result = await Scan(link, [vip], LongWait);

        Assert.Equal([A, B, C], result.Results[0].Responders.Select(m => m.Mac));
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task The_settle_is_capped_by_the_wait()
    {
        // B at 4 ms makes the settle 12 ms, C at 10 ms makes it 30 ms, but --wait is 20 ms: D at 60 ms is not waited for.
        using var link = new TimedFakeArpLink(_time, inline: true);
        var vip = Vips(1)[0];
        var d = MacAddress.Parse("02:00:00:00:00:14");
        link.Answer(vip, A).Answer(vip, B, Ms(4)).Answer(vip, C, Ms(10)).Answer(vip, d, Ms(60));

        var result = await Scan(link, [vip], TimeSpan.FromMilliseconds(20));

        Assert.Equal([A, B, C], result.Results[0].Responders.Select(m => m.Mac));
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(59));
    }

    [Fact]
    public async Task Replies_the_capture_still_holds_are_counted_before_the_settle_ends()
    {
        // B answers with A, but its replies sit in the (fake) kernel ring the capture thread has not read:
        // only the catch-up at the end of the settle hands them over. Without it every B would be lost.
        using var link = new TimedFakeArpLink(_time, inline: true);
        var vips = Vips(10);
        foreach (var vip in vips) link.Answer(vip, A).Answer(vip, B);
        link.HeldBack.Add(B);

        var result = await Scan(link, vips, LongWait);

        Assert.Equal(20, result.Replies);
        Assert.All(result.Results, r => Assert.Equal([A, B], r.Responders.Select(m => m.Mac)));
        Assert.Equal(1, link.CatchUps);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(1), $"the round should end on the settle: {result.Elapsed}");
    }

    [Fact]
    public async Task A_silent_target_holds_the_round_for_the_whole_wait_and_the_retries()
    {
        using var link = new TimedFakeArpLink(_time, inline: true);
        var vips = Vips(3);
        link.Answer(vips[0], A).Answer(vips[1], A);

        var result = await Scan(link, vips, TimeSpan.FromMilliseconds(200), retries: 2);

        // Three rounds, each waiting the full 200 ms for the silent one.
        Assert.Equal(3 + 1 + 1, result.ProbesSent);
        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(2 + 3 * 200), $"{result.Elapsed}");
        Assert.Equal(1, result.Silent);
    }

    [Fact]
    public async Task A_target_that_answers_during_the_wait_ends_the_round_one_settle_later()
    {
        // The only VIP answers 300 ms after its probe (a slow host): the round stops 5 ms after that, not at the 5 s wait.
        using var link = new TimedFakeArpLink(_time, inline: true);
        var vip = Vips(1)[0];
        link.Answer(vip, A, Ms(300));

        var result = await Scan(link, [vip], LongWait);

        Assert.Equal(1, result.Replies);
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(305), TimeSpan.FromMilliseconds(1000));
    }
}

public class ScanSettleTests
{
    [Theory]
    [InlineData(0, 500, 5)]       // no spread (one responder per VIP): the floor
    [InlineData(1.5, 500, 5)]     // 3 x 1.5 ms is under the floor
    [InlineData(10, 500, 30)]     // 3 x the spread
    [InlineData(100, 500, 300)]
    [InlineData(400, 500, 500)]   // never beyond --wait
    [InlineData(0, 3, 3)]         // a --wait shorter than the floor wins
    [InlineData(-3, 500, 5)]      // a clock step backwards counts as no spread
    public void Settle_is_the_larger_of_floor_and_three_times_the_spread_capped_by_wait(double spreadMs, double waitMs, double expectedMs)
    {
        var settle = ScanSettle.Default.For(TimeSpan.FromMilliseconds(spreadMs), TimeSpan.FromMilliseconds(waitMs));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), settle);
    }
}
