using ArpDoctor.Core.History;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Core.Tests.Watching;

/// <summary>On a <see cref="ManualClock"/> and an inline fake link: the watch runs inside each Advance, no thread-pool waits.</summary>
public class WatcherTests
{
    // Address plan: fake link 02:00:00:00:00:01 / 192.0.2.2; nodes A/B 02:00:00:00:00:1{1,2}; VIPs 203.0.113.10-11.
    private static readonly Ipv4Address Client = Ipv4Address.Parse("192.0.2.2");
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:11");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:12");
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly Ipv4Address Vip2 = Ipv4Address.Parse("203.0.113.11");

    private sealed class RecordingSink : IWatchSink
    {
        public readonly List<WatchEvent> Events = [];
        public int Probes;
        public int Rounds;
        public bool Ended;
        public void Probed(Ipv4Address vip) => Probes++;
        public void RoundEnded(Round round) => Rounds++;
        void IWatchSink.Ended() => Ended = true;
        public void Event(WatchEvent e)
        {
            lock (Events) Events.Add(e);
        }
    }

    private readonly ManualClock _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Runs the watcher to its end, advancing fake time in steps and calling <paramref name="at"/> on the way.</summary>
    private async Task<WatchSummary> Run(Watcher watcher, RecordingSink sink, TimeSpan step, Action<TimeSpan>? at = null, IHeldConnection? connection = null)
    {
        var start = _time.GetUtcNow();
        var run = watcher.RunAsync(sink, connection, CancellationToken.None);
        for (int i = 0; i < 100_000 && !run.IsCompleted; i++)
        {
            _time.Advance(step);
            at?.Invoke(_time.GetUtcNow() - start);
        }
        Assert.True(run.IsCompleted, "the watch did not end");
        return await run;
    }


    private WatchRequest Request(params Ipv4Address[] vips) =>
        new(vips, Client, MacAddress.Parse("02:00:00:00:00:01"), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5));

    [Fact]
    public async Task One_announcer_is_stable_for_the_whole_duration()
    {
        using var link = new TimedFakeArpLink(_time, inline: true);
        link.Answer(Vip, A, () => TimeSpan.FromMilliseconds(2));
        var sink = new RecordingSink();

        var summary = await Run(new Watcher(link, _time, Request(Vip)), sink, TimeSpan.FromMilliseconds(250));

        Assert.Equal(WatchEventKind.FirstSeen, Assert.Single(sink.Events).Kind);
        Assert.Equal(10, summary.Rounds);   // 5 minutes every 30 s
        Assert.Equal(10, sink.Probes);
        Assert.Equal(Verdict.Healthy, summary.Verdict);
        Assert.Equal(0, summary.WinnerChanges);
    }

    [Fact]
    public async Task Announced_takeover_is_a_failover_between_resolutions()
    {
        using var link = new TimedFakeArpLink(_time, inline: true);
        link.Answer(Vip, A);
        var sink = new RecordingSink();
        bool moved = false;

        var summary = await Run(new Watcher(link, _time, Request(Vip)), sink, TimeSpan.FromMilliseconds(250), elapsed =>
        {
            if (moved || elapsed < TimeSpan.FromSeconds(100)) return;
            moved = true;
            link.Silence(Vip);
            link.Answer(Vip, B);
            link.Announce(Vip, B);
        });

        Assert.Equal(["first-seen", "announcement", "winner-changed"], sink.Events.Select(e => e.Kind.ToWord()));
        Assert.Equal(ChangeCause.Failover, sink.Events[2].Cause);
        Assert.Equal((0, 1), (summary.Flaps, summary.Failovers));
        Assert.Equal(Verdict.Healthy, summary.Verdict);
    }

    [Fact]
    public async Task Jittery_responders_flap()
    {
        using var link = new TimedFakeArpLink(_time, inline: true);
        var random = new Random(7);
        link.Answer(Vip, A, () => TimeSpan.FromMilliseconds(random.Next(1, 100)));
        link.Answer(Vip, B, () => TimeSpan.FromMilliseconds(random.Next(1, 100)));
        var sink = new RecordingSink();

        var request = Request(Vip) with { Interval = TimeSpan.FromSeconds(3), Duration = TimeSpan.FromSeconds(45) };
        var summary = await Run(new Watcher(link, _time, request), sink, TimeSpan.FromMilliseconds(10));

        Assert.Contains(sink.Events, e => e.Kind == WatchEventKind.Conflict);
        Assert.True(summary.Flaps > 0, "the first reply came from both MACs over 15 resolutions");
        Assert.All(sink.Events.Where(e => e.Kind == WatchEventKind.WinnerChanged), e => Assert.Equal(ChangeCause.Flap, e.Cause));
        Assert.Equal(Verdict.Unstable, summary.Verdict);
        Assert.Equal([A, B], summary.Responders);
    }

    [Fact]
    public async Task Replies_to_other_hosts_count_as_responders()
    {
        using var link = new TimedFakeArpLink(_time, inline: true);
        link.Answer(Vip, A);
        var other = MacAddress.Parse("02:00:00:00:00:99");
        var sink = new RecordingSink();
        bool injected = false;

        var summary = await Run(new Watcher(link, _time, Request(Vip)), sink, TimeSpan.FromMilliseconds(250), elapsed =>
        {
            if (injected || elapsed < TimeSpan.FromSeconds(45)) return;
            injected = true;
            link.Inject(ArpFrame.Reply(B, Vip, other, Ipv4Address.Parse("192.0.2.99")));
        });

        Assert.Equal([A, B], summary.Responders);
        Assert.Equal(WatchEventKind.FirstSeen, Assert.Single(sink.Events).Kind);
    }

    [Fact]
    public async Task Silence_of_one_vip_is_reported_and_others_go_on()
    {
        using var link = new TimedFakeArpLink(_time, inline: true);
        link.Answer(Vip, A);
        var sink = new RecordingSink();

        var summary = await Run(new Watcher(link, _time, Request(Vip, Vip2)), sink, TimeSpan.FromMilliseconds(250));

        Assert.Equal(WatchEventKind.NoAnswer, Assert.Single(sink.Events, e => e.Vip == Vip2).Kind);
        Assert.Equal(20, summary.Rounds);
        Assert.Equal(Verdict.Unstable, summary.Verdict);
    }

    private sealed class DroppingConnection(TimeProvider time, int dropAtCheck) : IHeldConnection
    {
        private int _checks;
        public Ipv4Address Vip => WatcherTests.Vip;
        public ValueTask<HeldConnectionStatus> CheckAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(++_checks == dropAtCheck
                ? new HeldConnectionStatus(HeldConnectionState.Dropped, time.GetUtcNow(), "connection reset by peer")
                : new HeldConnectionStatus(HeldConnectionState.Up, time.GetUtcNow(), ""));
        public void Dispose() { }
    }

    [Fact]
    public async Task A_dropped_connection_is_logged_with_time_since_the_change()
    {
        using var link = new TimedFakeArpLink(_time, inline: true);
        link.Answer(Vip, A);
        var sink = new RecordingSink();
        bool moved = false;

        var summary = await Run(new Watcher(link, _time, Request(Vip)), sink, TimeSpan.FromMilliseconds(250), elapsed =>
        {
            if (moved || elapsed < TimeSpan.FromSeconds(50)) return;
            moved = true;
            link.Silence(Vip);
            link.Answer(Vip, B);
        }, new DroppingConnection(_time, dropAtCheck: 3));

        var drop = Assert.Single(sink.Events, e => e.Kind == WatchEventKind.ConnectionDropped);
        var change = Assert.Single(sink.Events, e => e.Kind == WatchEventKind.WinnerChanged);
        Assert.Equal(drop.Time - change.Time, drop.SinceWinnerChange);
        // The drop is noticed in the round that saw the change: less than one interval after it. (How much
        // less depends on how fast the watcher reacts between fake-clock steps, which a loaded machine slows.)
        Assert.InRange(drop.SinceWinnerChange!.Value.TotalSeconds, 0, 30);
        Assert.Equal(1, summary.ConnectionDrops);
    }

    [Fact]
    public async Task Cancellation_ends_cleanly_with_a_summary()
    {
        using var link = new TimedFakeArpLink(_time, inline: true);
        link.Answer(Vip, A);
        using var cancel = new CancellationTokenSource();
        var watcher = new Watcher(link, _time, Request(Vip) with { Duration = null });
        var run = watcher.RunAsync(new RecordingSink(), null, cancel.Token);
        for (int i = 0; i < 50; i++)
        {
            await Task.Delay(1);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        await cancel.CancelAsync();
        var summary = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(summary.Rounds, 1, 3);
    }
}
