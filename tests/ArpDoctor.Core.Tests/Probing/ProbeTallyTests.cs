using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;

namespace ArpDoctor.Core.Tests.Probing;

public class ProbeTallyTests
{
    private static readonly MacAddress Us = MacAddress.Parse("aa:bb:cc:00:00:02");
    private static readonly Ipv4Address UsIp = Ipv4Address.Parse("192.0.2.2");
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:0a");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:0b");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Ms(double ms) => T0 + TimeSpan.FromMilliseconds(ms);
    private static ArpFrame ReplyFrom(MacAddress mac) => ArpFrame.Reply(mac, Vip, Us, UsIp);

    [Fact]
    public void A_reply_belongs_to_the_latest_probe_sent_before_it()
    {
        var tally = new ProbeTally(Vip, Us);
        tally.Sent(Ms(0));
        tally.Observe(Ms(1), ReplyFrom(A));
        tally.Sent(Ms(100));
        tally.Observe(Ms(101), ReplyFrom(B));
        tally.Observe(Ms(102), ReplyFrom(A));
        Assert.Equal([(1, A), (2, B), (2, A)], tally.Replies().Select(r => (r.Probe, r.Mac)));
        Assert.Equal([1.0, 1.0, 2.0], tally.Replies().Select(r => r.RoundTrip.TotalMilliseconds));
    }

    [Fact]
    public void Captured_echoes_of_our_probes_replace_the_callers_send_times()
    {
        var tally = new ProbeTally(Vip, Us);
        tally.Sent(Ms(0));
        var request = ArpFrame.Request(Us, UsIp, Vip);
        Assert.False(tally.Observe(Ms(0.25), request));
        tally.Observe(Ms(0.75), ReplyFrom(A));
        Assert.Equal(0.5, Assert.Single(tally.Replies()).RoundTrip.TotalMilliseconds, 6);
    }

    [Fact]
    public void Frames_that_are_not_replies_for_the_VIP_to_us_are_ignored()
    {
        var tally = new ProbeTally(Vip, Us);
        tally.Sent(Ms(0));
        var other = MacAddress.Parse("aa:bb:cc:00:00:99");
        Assert.False(tally.Observe(Ms(1), ArpFrame.Reply(A, Ipv4Address.Parse("203.0.113.11"), Us, UsIp))); // another IP
        Assert.False(tally.Observe(Ms(1), ArpFrame.Reply(A, Vip, other, Ipv4Address.Parse("192.0.2.99")))); // to another host
        Assert.False(tally.Observe(Ms(1), ArpFrame.Announcement(B, Vip)));                                    // gratuitous request
        Assert.True(tally.Observe(Ms(1), ReplyFrom(A)));
        Assert.Single(tally.Replies());
    }

    [Fact]
    public void Replies_before_the_first_probe_are_dropped()
    {
        var tally = new ProbeTally(Vip, Us);
        tally.Observe(Ms(-5), ReplyFrom(A));
        tally.Sent(Ms(0));
        Assert.Empty(tally.Replies());
    }

    [Fact]
    public void Responders_are_ordered_by_probes_won_then_replies()
    {
        var tally = new ProbeTally(Vip, Us);
        tally.Sent(Ms(0));
        tally.Observe(Ms(1), ReplyFrom(B));
        tally.Observe(Ms(2), ReplyFrom(A));
        tally.Observe(Ms(3), ReplyFrom(A)); // A answers twice per probe, as speaker + kernel do
        var result = tally.ToResult("eth0", UsIp, TimeSpan.FromMilliseconds(300));
        Assert.Equal([new ResponderSummary(B, 1, 1), new ResponderSummary(A, 2, 0)], result.Responders);
        Assert.Equal(Verdict.Conflict, result.Verdict);
    }
}
