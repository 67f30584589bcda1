using ArpDoctor.Core.Packets;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Core.Tests.Probing;

/// <summary>
/// The timed fake segment that locate, fix --verify and their golden tests probe: replies keep the segment's order and
/// their own capture times even when a loaded machine runs the timers out of order and late. Segment: n1 02:00:00:00:00:01
/// and n2 02:00:00:00:00:02 both answer for 203.0.113.10, 20 ms apart; the prober is 02:00:00:00:00:fe at 192.0.2.254.
/// </summary>
public sealed class TimedFakeArpLinkTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress Prober = MacAddress.Parse("02:00:00:00:00:fe");

    [Fact]
    public void Replies_keep_the_segments_order_when_the_timers_fire_the_other_way_round_and_late()
    {
        var time = new HeldTimers();
        var hosts = new Dictionary<MacAddress, Ipv4Address[]>
        {
            [MacAddress.Parse("02:00:00:00:00:01")] = [Vip],
            [MacAddress.Parse("02:00:00:00:00:02")] = [Vip],
        };
        using var link = TimedFakeArpLink.Segment("eth0", Prober, time, hosts, TimeSpan.FromMilliseconds(20));
        link.EchoSent = false;
        var sent = link.Send(ArpFrame.Request(Prober, Ipv4Address.Parse("192.0.2.254"), Vip));

        time.Now += TimeSpan.FromSeconds(1);   // a starved thread pool: both callbacks run late, the later one first
        time.FireAllNewestFirst();

        Assert.True(link.Received.TryRead(out var first));
        Assert.True(link.Received.TryRead(out var second));
        Assert.Equal(["02:00:00:00:00:01", "02:00:00:00:00:02"], new[] { first.Frame.SenderMac.ToString(), second.Frame.SenderMac.ToString() });
        Assert.Equal([sent + TimeSpan.FromMilliseconds(40), sent + TimeSpan.FromMilliseconds(60)], new[] { first.Time, second.Time });
    }

    /// <summary>A clock whose timers fire only when the test says, in the order it says.</summary>
    private sealed class HeldTimers : TimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State)> _timers = [];
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _timers.Add((callback, state));
            return new Inert();
        }

        public void FireAllNewestFirst()
        {
            for (int i = _timers.Count - 1; i >= 0; i--) _timers[i].Callback(_timers[i].State);
        }

        private sealed class Inert : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
