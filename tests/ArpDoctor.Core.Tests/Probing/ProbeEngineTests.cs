using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Core.Tests.Probing;

/// <summary>
/// The one send-and-collect loop, on a <see cref="ManualClock"/> and an inline fake link: every run happens inside the
/// clock's Advance calls, so each test sees exactly which timers are pending. Addresses: documentation ranges.
/// </summary>
public sealed class ProbeEngineTests : IDisposable
{
    private static readonly MacAddress Us = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly Ipv4Address UsIp = Ipv4Address.Parse("192.0.2.100");
    private static readonly MacAddress Other = MacAddress.Parse("02:00:00:00:00:99");
    private static readonly Ipv4Address OtherIp = Ipv4Address.Parse("192.0.2.99");
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress Node1 = MacAddress.Parse("02:00:00:00:01:01");
    private static readonly MacAddress Node2 = MacAddress.Parse("02:00:00:00:01:02");

    private readonly ManualClock _clock = new();
    private readonly TimedFakeArpLink _link;
    private readonly List<(TimeSpan At, ArpFrameKind Kind, MacAddress Sender)> _seen = [];
    private readonly ProbeEngine _engine;

    public ProbeEngineTests()
    {
        _link = new TimedFakeArpLink("fake0", Us, _clock, inline: true);
        _engine = Engine(EnginePacing.Interactive);
    }

    public void Dispose() => _link.Dispose();

    private ProbeEngine Engine(EnginePacing pacing) => new(_link, _clock, Us, UsIp,
        (in CapturedArp c, ArpFrameKind kind) => _seen.Add((c.Time - _clock.Start, kind, c.Frame.SenderMac)), pacing);

    /// <summary>Advances from timer to timer until <paramref name="run"/> is done; fails if it waits on nothing.</summary>
    private async Task<T> Drive<T>(Task<T> run)
    {
        while (!run.IsCompleted)
            Assert.True(_clock.AdvanceToNextTimer(), "the run waits, but on no timer");
        return await run;
    }

    private async Task Drive(Task run)
    {
        while (!run.IsCompleted)
            Assert.True(_clock.AdvanceToNextTimer(), "the run waits, but on no timer");
        await run;
    }

    private static List<Ipv4Address> Targets(int n) =>
        Enumerable.Range(1, n).Select(i => Ipv4Address.Parse($"198.51.100.{i}")).ToList();

    [Fact]
    public async Task Probes_leave_at_the_rate_and_between_bursts_exactly_one_timer_is_pending()
    {
        var left = new List<TimeSpan>();
        var sending = _engine.SendAsync(Targets(10), 1000, (_, at) => left.Add(at - _clock.Start), CancellationToken.None);

        Assert.False(sending.IsCompleted);
        Assert.Equal(1, _clock.PendingTimers);                  // the tick to the next burst, nothing else
        Assert.Equal(TimeSpan.FromMilliseconds(1), _clock.NextDue);
        var report = await Drive(sending);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => TimeSpan.FromMilliseconds(i)), left);
        Assert.Equal(new SendReport(10, 9, TimeSpan.FromMilliseconds(9)), report);
        Assert.Equal(0, _clock.PendingTimers);
    }

    [Fact]
    public async Task Every_frame_is_classified_once_for_the_observer()
    {
        _link.Inject(ArpFrame.Reply(Node1, Vip, Us, UsIp));
        _link.Inject(ArpFrame.Reply(Node2, Vip, Other, OtherIp));
        _link.Inject(ArpFrame.Announcement(Node2, Vip));
        _link.Inject(ArpFrame.Request(Us, UsIp, Vip));
        _link.Inject(ArpFrame.Request(Other, OtherIp, Vip));

        await Drive(_engine.ListenAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None));

        Assert.Equal([ArpFrameKind.ReplyToUs, ArpFrameKind.ReplyToOther, ArpFrameKind.Gratuitous, ArpFrameKind.OurRequest, ArpFrameKind.OtherRequest],
            _seen.Select(s => s.Kind));
    }

    [Fact]
    public async Task A_reply_within_the_wait_is_heard_and_one_after_it_is_not()
    {
        _link.Answer(Vip, Node1, () => TimeSpan.FromMilliseconds(5)).Answer(Vip, Node2, () => TimeSpan.FromMilliseconds(50));
        _link.EchoSent = false;

        await Drive(_engine.SendAsync([Vip], 1, null, CancellationToken.None));
        await Drive(_engine.ListenAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None));

        Assert.Equal([(TimeSpan.FromMilliseconds(5), ArpFrameKind.ReplyToUs, Node1)], _seen);
        Assert.Equal(TimeSpan.FromMilliseconds(20), _clock.Elapsed);
        Assert.Equal(1, _clock.PendingTimers);                  // Node2's reply, still on its way
    }

    [Fact]
    public async Task A_wait_ends_early_only_after_catching_up_with_the_capture()
    {
        _link.HeldBack.Add(Node2);
        _link.Inject(ArpFrame.Reply(Node1, Vip, Us, UsIp));
        _link.Inject(ArpFrame.Reply(Node2, Vip, Us, UsIp));   // in the kernel, not yet read

        await Drive(_engine.ListenUntilAsync(_engine.After(TimeSpan.FromSeconds(1)), () => 0, CancellationToken.None));

        Assert.Equal(1, _link.CatchUps);
        Assert.Equal([Node1, Node2], _seen.Select(s => s.Sender));
        Assert.Equal(TimeSpan.Zero, _clock.Elapsed);            // ended at once, without waiting out the second
    }

    [Fact]
    public async Task A_capture_that_ends_is_an_error_not_silence()
    {
        _link.Dispose();
        var e = await Assert.ThrowsAsync<CaptureEndedException>(() => Drive(_engine.ListenAsync(TimeSpan.FromSeconds(1), CancellationToken.None)));
        Assert.Equal("the capture on fake0 ended", e.Message);
    }

    [Fact]
    public async Task The_agent_pacing_drains_on_a_timer_instead_of_waking_per_frame()
    {
        var engine = Engine(EnginePacing.Agent);
        var listening = engine.ListenAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        int wakeUps = 0;
        while (!listening.IsCompleted)
        {
            _link.Inject(ArpFrame.Announcement(Node1, Vip));      // a frame before every wake-up wakes nothing
            Assert.False(listening.IsCompleted);
            Assert.True(_clock.AdvanceToNextTimer());
            wakeUps++;
        }
        await listening;
        Assert.Equal(4, wakeUps);                                // every 250 ms
        Assert.Equal(4, _seen.Count);
    }

    [Fact]
    public async Task The_interactive_pacing_wakes_on_each_frame()
    {
        var listening = _engine.ListenAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        _link.Inject(ArpFrame.Announcement(Node1, Vip));
        Assert.Single(_seen);                                    // handled at once, on the frame's arrival
        Assert.Equal(TimeSpan.Zero, _clock.Elapsed);
        await Drive(listening);
        Assert.Equal(TimeSpan.FromSeconds(1), _clock.Elapsed);
    }
}
