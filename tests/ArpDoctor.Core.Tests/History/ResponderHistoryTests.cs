using ArpDoctor.Core.History;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ArpDoctor.Core.Tests.History;

/// <summary>The live events of the responder history: winner changes and their causes, conflicts, silence, announcements.</summary>
public class ResponderHistoryTests
{
    // Address plan: we are 02:00:00:00:00:01; nodes A/B/C are 02:00:00:00:00:1{1,2,3}; VIP 203.0.113.10.
    private static readonly MacAddress Us = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:11");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:12");
    private static readonly MacAddress C = MacAddress.Parse("02:00:00:00:00:13");
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly Tracker _tracker = new(new ResponderHistories([Vip], Us));

    /// <summary>The histories as the watch feeds them: rounds, frames heard, drops.</summary>
    private sealed class Tracker(ResponderHistories histories)
    {
        public IReadOnlyList<WatchEvent> Resolve(DateTimeOffset time, Ipv4Address vip, params MacAddress[] responders) =>
            histories.Add(new Round(time, vip, [.. responders.Select(m => new Reply(m, time))]));

        public IReadOnlyList<WatchEvent> Observe(DateTimeOffset time, ArpFrame frame) =>
            histories.AnnouncementIn(time, frame) is { } a ? histories.Add(a) : [];

        public WatchEvent ConnectionDropped(DateTimeOffset time, Ipv4Address vip, string reason) => histories.ConnectionDropped(new ConnectionDrop(time, vip, reason));
        public IReadOnlyList<WatchEvent> Flush() => histories.Flush();
        public void Restore(WatchEvent e) => histories.Restore(e);
        public void Track(Ipv4Address vip) => histories.Track(vip);
        public void Forget(Ipv4Address vip) => histories.Forget(vip);
        public bool IsWatched(Ipv4Address vip) => histories.IsWatched(vip);
        public MacAddress? WinnerOf(Ipv4Address vip) => histories.WinnerOf(vip);
    }

    /// <summary>One resolution, then 30 s without an announcement: a change waiting for its window is settled too.</summary>
    private IReadOnlyList<WatchEvent> Resolve(params MacAddress[] responders)
    {
        var events = _tracker.Resolve(_time.GetUtcNow(), Vip, responders).Concat(_tracker.Flush()).ToList();
        _time.Advance(TimeSpan.FromSeconds(30));
        return events;
    }

    /// <summary>One resolution and nothing more: a change without an announcement still waits for its window.</summary>
    private IReadOnlyList<WatchEvent> ResolveOnly(params MacAddress[] responders) =>
        _tracker.Resolve(_time.GetUtcNow(), Vip, responders);

    private IReadOnlyList<WatchEvent> Announce(MacAddress mac, TimeSpan after) =>
        _tracker.Observe(_time.GetUtcNow() + after, ArpFrame.Announcement(mac, Vip));

    private static string Kinds(IEnumerable<WatchEvent> events) => string.Join(",", events.Select(e => e.Kind.ToWord()));

    [Fact]
    public void A_VIP_forgotten_and_tracked_again_starts_over()
    {
        Resolve(A);
        _tracker.Forget(Vip);
        Assert.False(_tracker.IsWatched(Vip));
        Assert.Empty(Resolve(B));          // untracked: no events
        _tracker.Track(Vip);
        _tracker.Track(Vip);               // twice is once
        Assert.Equal("first-seen", Kinds(Resolve(B)));
        Assert.Equal(B, _tracker.WinnerOf(Vip));
    }

    [Fact]
    public void The_end_of_a_conflict_is_logged_once_one_mac_answers_alone_for_three_rounds_even_when_the_winner_stays()
    {
        Resolve(A);
        Assert.Equal("conflict", Kinds(Resolve(A, B, C)));
        Assert.Empty(Resolve(A));                 // lost replies, or the start of the end: not yet
        Assert.Empty(Resolve(A, B, C));            // the same conflict again: nothing new
        Assert.Empty(Resolve(A));
        Assert.Empty(Resolve(A));
        var end = Assert.Single(Resolve(A));
        Assert.Equal((WatchEventKind.OneResponder, A), (end.Kind, end.Mac!.Value));
        for (int i = 0; i < 10; i++) Assert.Empty(Resolve(A));   // logged once
        Assert.Equal("conflict", Kinds(Resolve(A, B)));          // a conflict after the end is logged again
    }

    [Fact]
    public void A_restarted_watch_knows_a_conflict_already_ended()
    {
        _tracker.Restore(new WatchEvent(_time.GetUtcNow(), Vip, WatchEventKind.FirstSeen, A, null, [A]));
        _tracker.Restore(new WatchEvent(_time.GetUtcNow(), Vip, WatchEventKind.Conflict, A, A, [A, B]));
        _tracker.Restore(new WatchEvent(_time.GetUtcNow(), Vip, WatchEventKind.OneResponder, A, null, [A]));
        for (int i = 0; i < 5; i++) Assert.Empty(Resolve(A));
        Assert.Equal("conflict", Kinds(Resolve(A, B)));
    }

    [Fact]
    public void Same_winner_every_time_is_one_first_seen()
    {
        Assert.Equal("first-seen", Kinds(Resolve(A)));
        for (int i = 0; i < 100; i++) Assert.Empty(Resolve(A));
        Assert.Equal(A, _tracker.WinnerOf(Vip));
    }

    [Fact]
    public void Change_without_announcement_is_a_flap()
    {
        Resolve(A);
        var change = Assert.Single(Resolve(B));
        Assert.Equal(WatchEventKind.WinnerChanged, change.Kind);
        Assert.Equal(ChangeCause.Flap, change.Cause);
        Assert.Equal(B, change.Mac);
        Assert.Equal(A, change.PreviousMac);
    }

    [Fact]
    public void Change_after_the_new_mac_announced_is_a_failover()
    {
        Resolve(A);
        var announced = Assert.Single(_tracker.Observe(_time.GetUtcNow(), ArpFrame.Announcement(B, Vip)));
        Assert.Equal(WatchEventKind.Announcement, announced.Kind);
        Assert.Equal(B, announced.Mac);
        Assert.Equal(A, announced.PreviousMac);
        _time.Advance(TimeSpan.FromSeconds(1));
        var change = Assert.Single(Resolve(B));
        Assert.Equal(ChangeCause.Failover, change.Cause);
    }

    [Fact]
    public void An_announcement_from_another_mac_does_not_make_a_failover()
    {
        Resolve(A);
        _tracker.Observe(_time.GetUtcNow(), ArpFrame.Announcement(C, Vip));
        Assert.Equal(ChangeCause.Flap, Assert.Single(Resolve(B)).Cause);
    }

    [Fact]
    public void An_old_announcement_does_not_excuse_a_later_flap_back()
    {
        Resolve(A);
        _tracker.Observe(_time.GetUtcNow(), ArpFrame.Announcement(B, Vip));
        Assert.Equal(ChangeCause.Failover, Resolve(B).Single().Cause);
        Assert.Equal(ChangeCause.Flap, Resolve(A).Single().Cause);   // A never announced after B took over
        Assert.Equal(ChangeCause.Flap, Resolve(B).Single().Cause);   // B's announcement predates A's return
    }

    [Fact]
    public void Announcement_bursts_are_one_event()
    {
        var now = _time.GetUtcNow();
        Assert.NotEmpty(_tracker.Observe(now, ArpFrame.Announcement(B, Vip)));
        Assert.Empty(_tracker.Observe(now.AddSeconds(1), ArpFrame.Announcement(B, Vip)));
        Assert.NotEmpty(_tracker.Observe(now.AddSeconds(1), ArpFrame.Announcement(C, Vip)));
        Assert.NotEmpty(_tracker.Observe(now.AddSeconds(30), ArpFrame.Announcement(B, Vip)));
    }

    [Fact]
    public void Ignores_our_own_and_unwatched_announcements_and_plain_requests()
    {
        var now = _time.GetUtcNow();
        Assert.Empty(_tracker.Observe(now, ArpFrame.Announcement(Us, Vip)));
        Assert.Empty(_tracker.Observe(now, ArpFrame.Announcement(B, Ipv4Address.Parse("203.0.113.99"))));
        Assert.Empty(_tracker.Observe(now, ArpFrame.Request(B, Ipv4Address.Parse("192.0.2.12"), Vip)));
    }

    [Fact]
    public void Several_responders_are_reported_once_per_set()
    {
        Assert.Equal("first-seen,conflict", Kinds(Resolve(A, B)));
        Assert.Empty(Resolve(A, B));
        Assert.Empty(Resolve(A));
        Assert.Equal("winner-changed", Kinds(Resolve(B, A)));   // same set, new winner
        Assert.Equal("conflict", Kinds(Resolve(B, A, C)));
    }

    [Fact]
    public void Silence_and_recovery()
    {
        Assert.Equal("no-answer", Kinds(Resolve()));
        Assert.Empty(Resolve());
        Assert.Equal("first-seen", Kinds(Resolve(A)));
        Assert.Equal("no-answer", Kinds(Resolve()));
        var back = Resolve(B);
        Assert.Equal("recovered,winner-changed", Kinds(back));
        Assert.Equal(A, back[0].PreviousMac);
    }

    [Fact]
    public void Connection_drop_carries_time_since_last_change()
    {
        Resolve(A);
        var dropBeforeChange = _tracker.ConnectionDropped(_time.GetUtcNow(), Vip, "reset");
        Assert.Null(dropBeforeChange.SinceWinnerChange);
        var changedAt = _time.GetUtcNow();
        Resolve(B);
        var drop = _tracker.ConnectionDropped(changedAt.AddSeconds(7.5), Vip, "connection reset by peer");
        Assert.Equal(TimeSpan.FromSeconds(7.5), drop.SinceWinnerChange);
        Assert.Equal(B, drop.Mac);
        Assert.Equal("connection reset by peer", drop.Reason);
    }

    [Fact]
    public void Restored_state_continues_an_earlier_run()
    {
        var earlier = new Tracker(new ResponderHistories([Vip], Us));
        var events = earlier.Resolve(_time.GetUtcNow(), Vip, A);
        foreach (var e in events) _tracker.Restore(e);
        Assert.Empty(Resolve(A));
        Assert.Equal(ChangeCause.Flap, Resolve(B).Single().Cause);
    }

    [Fact]
    public void An_announcement_just_after_the_round_that_saw_the_change_makes_it_a_failover()
    {
        // The round saw B before B's announcement arrived: the order of packets, not the evidence. It was called a flap.
        Resolve(A);
        Assert.Empty(ResolveOnly(B));
        var events = Announce(B, TimeSpan.FromSeconds(2));
        Assert.Equal("announcement,winner-changed", Kinds(events));
        Assert.Equal(ChangeCause.Failover, events[1].Cause);
        Assert.Equal(B, events[1].Mac);
        Assert.Empty(_tracker.Flush());
    }

    [Fact]
    public void An_announcement_after_the_window_leaves_the_change_a_flap()
    {
        Resolve(A);
        Assert.Empty(ResolveOnly(B));
        Assert.Equal("announcement", Kinds(Announce(B, ResponderHistory.FailoverWindow + TimeSpan.FromSeconds(1))));
        _time.Advance(TimeSpan.FromSeconds(30));
        var next = ResolveOnly(B);
        Assert.Equal(ChangeCause.Flap, Assert.Single(next).Cause);
    }

    [Fact]
    public void Fewer_responders_with_a_new_winner_among_them_is_a_fix_not_a_flap()
    {
        // strictARP turned on: A, B and C answered; now only the announcer B does.
        Resolve(A, B, C);
        var change = Assert.Single(ResolveOnly(B));
        Assert.Equal(WatchEventKind.WinnerChanged, change.Kind);
        Assert.Equal(ChangeCause.Fixed, change.Cause);
    }

    [Fact]
    public void A_change_still_waiting_at_the_end_is_said_as_a_flap()
    {
        Resolve(A);
        Assert.Empty(ResolveOnly(B));
        Assert.Equal(ChangeCause.Flap, Assert.Single(_tracker.Flush()).Cause);
    }

    public static TheoryData<string, string> Sequences => new()
    {
        // Rounds as "A", "A+B" (A first), "-" (nobody), "!B" (B announces 1 s into the next round); the words the history says.
        { "A A A", "first-seen" },
        { "A B", "first-seen winner-changed:flap" },
        { "A !B B", "first-seen announcement winner-changed:failover" },
        { "A+B+C B", "first-seen conflict winner-changed:fixed" },
        { "A+B A A A", "first-seen conflict one-responder" },
        { "A - A", "first-seen no-answer recovered" },
        { "A - B", "first-seen no-answer recovered winner-changed:flap" },
        { "A B A", "first-seen winner-changed:flap winner-changed:flap" },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void A_sequence_of_rounds_says_its_events(string rounds, string expected)
    {
        var events = new List<WatchEvent>();
        foreach (var step in rounds.Split(' '))
        {
            if (step.StartsWith('!'))
            {
                events.AddRange(Announce(Mac(step[1..]), TimeSpan.FromSeconds(1)));
                _time.Advance(TimeSpan.FromSeconds(2));
                continue;
            }
            var macs = step == "-" ? [] : step.Split('+').Select(Mac).ToArray();
            events.AddRange(ResolveOnly(macs));
            _time.Advance(TimeSpan.FromSeconds(30));
        }
        events.AddRange(_tracker.Flush());
        Assert.Equal(expected, string.Join(' ', events.Select(e => e.Cause is { } c ? $"{e.Kind.ToWord()}:{c.ToWord()}" : e.Kind.ToWord())));
    }

    private static MacAddress Mac(string name) => name switch { "A" => A, "B" => B, "C" => C, _ => throw new ArgumentException(name) };
}
