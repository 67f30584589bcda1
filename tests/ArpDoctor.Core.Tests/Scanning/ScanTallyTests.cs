using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Scanning;
using Xunit;

namespace ArpDoctor.Core.Tests.Scanning;

public class ScanTallyTests
{
    // Address plan: we are 02:00:00:00:00:01 / 192.0.2.2; nodes 02:00:00:00:00:1N; VIPs 203.0.113.10-12.
    private static readonly MacAddress Us = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly Ipv4Address Client = Ipv4Address.Parse("192.0.2.2");
    private static readonly Ipv4Address Vip1 = Ipv4Address.Parse("203.0.113.10");
    private static readonly Ipv4Address Vip2 = Ipv4Address.Parse("203.0.113.11");
    private static readonly Ipv4Address Vip3 = Ipv4Address.Parse("203.0.113.12");
    private static MacAddress Node(int n) => new(0x02_00_00_00_00_10UL + (ulong)n);
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static DateTimeOffset At(double ms) => T0.AddMilliseconds(ms);

    [Fact]
    public void Counts_replies_per_target_and_mac_in_arrival_order()
    {
        var tally = new ScanTally([Vip1, Vip2, Vip3], Us);
        Assert.True(tally.Observe(T0, ArpFrame.Reply(Node(2), Vip1, Us, Client)));
        Assert.True(tally.Observe(T0, ArpFrame.Reply(Node(1), Vip1, Us, Client)));
        Assert.True(tally.Observe(T0, ArpFrame.Reply(Node(2), Vip1, Us, Client)));
        Assert.True(tally.Observe(T0, ArpFrame.Reply(Node(1), Vip2, Us, Client)));

        var results = tally.Results();
        Assert.Equal([Vip1, Vip3, Vip2], results.Select(r => r.Vip)); // conflict, silent, healthy
        Assert.Equal([new ScanResponder(Node(2), 2), new ScanResponder(Node(1), 1)], results[0].Responders);
        Assert.Equal(Node(2), results[0].Winner);
        Assert.Equal(Verdict.Conflict, results[0].Verdict);
        Assert.Equal(Verdict.NoAnswer, results[1].Verdict);
        Assert.Equal(Verdict.Healthy, results[2].Verdict);
        Assert.Equal(4, tally.TotalReplies);
        Assert.True(tally.HasAnswered(0));
        Assert.False(tally.HasAnswered(2));
    }

    [Fact]
    public void Ignores_requests_foreign_replies_and_other_addresses()
    {
        var tally = new ScanTally([Vip1], Us);
        var someoneElse = MacAddress.Parse("02:00:00:00:00:99");
        Assert.False(tally.Observe(T0, ArpFrame.Request(Us, Client, Vip1)));                                   // our own probe
        Assert.False(tally.Observe(T0, ArpFrame.Reply(Node(1), Vip1, someoneElse, Ipv4Address.Parse("192.0.2.3")))); // to another host
        Assert.False(tally.Observe(T0, ArpFrame.Reply(Node(1), Vip2, Us, Client)));                             // not a target
        Assert.False(tally.Observe(T0, ArpFrame.Announcement(Node(1), Vip1)));                                  // gratuitous
        Assert.Equal(0, tally.TotalReplies);
    }

    [Fact]
    public void Many_responders_grow_the_slot_pool()
    {
        var vips = Enumerable.Range(0, 300).Select(i => new Ipv4Address(Vip1.Value + (uint)i)).ToList();
        var tally = new ScanTally(vips, Us);
        for (int round = 0; round < 2; round++)
            foreach (var vip in vips)
                for (int n = 1; n <= 8; n++)
                    tally.Observe(T0, ArpFrame.Reply(Node(n), vip, Us, Client));
        Assert.Equal(300 * 8 * 2, tally.TotalReplies);
        Assert.All(tally.Results(), r => Assert.Equal(Enumerable.Range(1, 8).Select(n => new ScanResponder(Node(n), 2)), r.Responders));
    }

    [Fact]
    public void Observing_a_known_pair_does_not_allocate()
    {
        var tally = new ScanTally([Vip1, Vip2], Us);
        var reply = ArpFrame.Reply(Node(1), Vip1, Us, Client);
        // Warm up first: tiered JIT and on-stack replacement may allocate on this thread once. A per-call
        // allocation would be at least 24 bytes a call, 2.4 MB over the loop; allow far less than that.
        for (int i = 0; i < 50_000; i++) tally.Observe(T0, reply);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++) tally.Observe(T0, reply);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16_384);
    }

    [Fact]
    public void The_largest_spread_is_the_widest_first_to_later_reply_gap_of_any_target()
    {
        var tally = new ScanTally([Vip1, Vip2, Vip3], Us);
        tally.Observe(At(0), ArpFrame.Reply(Node(1), Vip1, Us, Client));
        Assert.Equal(TimeSpan.Zero, tally.LargestSpread);                       // one reply: no spread yet
        tally.Observe(At(2), ArpFrame.Reply(Node(2), Vip1, Us, Client));
        tally.Observe(At(5), ArpFrame.Reply(Node(1), Vip2, Us, Client));
        tally.Observe(At(6), ArpFrame.Reply(Node(2), Vip2, Us, Client));        // 1 ms on Vip2: not the largest
        Assert.Equal(TimeSpan.FromMilliseconds(2), tally.LargestSpread);
        tally.Observe(At(9), ArpFrame.Reply(Node(3), Vip1, Us, Client));        // Vip1 now spans 0..9 ms
        Assert.Equal(TimeSpan.FromMilliseconds(9), tally.LargestSpread);
        tally.Observe(At(40), ArpFrame.Request(Node(3), Client, Vip3));         // not a reply: no effect
        tally.Observe(At(1), ArpFrame.Reply(Node(3), Vip2, Us, Client));        // a clock step back: ignored
        Assert.Equal(TimeSpan.FromMilliseconds(9), tally.LargestSpread);
    }

    [Fact]
    public void Duplicate_targets_are_a_bug() =>
        Assert.Throws<ArgumentException>(() => new ScanTally([Vip1, Vip1], Us));
}
