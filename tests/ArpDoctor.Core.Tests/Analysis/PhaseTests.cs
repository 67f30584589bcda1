using Xunit;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.History;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Watching;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Analysis;

/// <summary>Phases: where the answering set changes, how the change is named, and what counts as noise.</summary>
public class PhaseTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly VipAccumulator _vip = new(Vip, traits: SourceTraits.TimeSeries);
    private int _second;

    /// <summary>One probe a second, answered by <paramref name="macs"/> in order (a MAC twice: it answers twice).</summary>
    private void Probe(params MacAddress[] macs)
    {
        var t = T0.AddSeconds(_second++);
        _vip.BeginProbe(t);
        foreach (var mac in macs) _vip.Reply(mac, t.AddMilliseconds(1));
        _vip.EndProbe();
    }

    /// <summary>One record a second of what a client's cache resolves the VIP to (a neighbour-cache snapshot).</summary>
    private void Cached(MacAddress mac)
    {
        var t = T0.AddSeconds(_second++);
        _vip.Add(new Round(t, Vip, [new Reply(mac, t)], RoundSource.Cache));
    }

    private void Probes(int count, params MacAddress[] macs)
    {
        for (int i = 0; i < count; i++) Probe(macs);
    }

    private VipReport Report() => _vip.ToReport(Firewall);

    [Fact]
    public void One_lost_reply_or_two_are_not_a_phase()
    {
        Probes(5, Node1);
        Probe();
        Probes(3, Node1);
        Probe();
        Probe();
        Probes(3, Node1);
        var report = Report();
        Assert.Single(report.Phases);
        Assert.Empty(report.Changes);
        Assert.Equal(Verdict.Healthy, report.Verdict);
        Assert.Equal(14, report.Phases[0].ProbesSent);
        Assert.Equal(11, report.Phases[0].ProbesAnswered);
    }

    [Fact]
    public void A_conflict_probe_that_lost_all_replies_but_one_is_not_a_fix()
    {
        Probes(4, Node1, Node2, Node3);
        Probe(Node1);
        Probes(4, Node1, Node3, Node2);
        Probe(Node1, Node2);
        Probes(2, Node1, Node2, Node3);
        var report = Report();
        Assert.Single(report.Phases);
        Assert.Equal(Verdict.Conflict, report.Verdict);
    }

    [Fact]
    public void Conflict_then_one_mac_is_fixed_at_the_first_probe_of_the_one_mac()
    {
        Probes(5, Node1, Node1, Node2, Node3);
        Probes(5, Node1);
        var report = Report();
        Assert.Equal(2, report.Phases.Count);
        Assert.Equal(Verdict.Conflict, report.Phases[0].Verdict);
        Assert.Equal(Verdict.Healthy, report.Phases[1].Verdict);
        Assert.Equal(Verdict.Healthy, report.Verdict);
        var fix = Assert.Single(report.Changes);
        Assert.Equal(PhaseChangeKind.Fixed, fix.Kind);
        Assert.Equal(6, fix.AtProbe);
        Assert.Equal(T0.AddSeconds(5), fix.At);
        Assert.Equal([Node1, Node2, Node3], fix.Before);
        Assert.Equal([Node1], fix.After);
        Assert.Equal((T0, T0.AddSeconds(4).AddMilliseconds(1)), (report.Phases[0].From, report.Phases[0].To));
        Assert.Equal((1L, 5L, 6L, 10L), (report.Phases[0].FirstProbe, report.Phases[0].LastProbe, report.Phases[1].FirstProbe, report.Phases[1].LastProbe));
        // The announcer on both grounds: twice per probe before, alone after.
        Assert.Equal(Node1, report.Inference!.Announcer);
        Assert.Equal([Node2, Node3], report.Inference.KernelResponders.Order());
        Assert.Same(fix, report.Inference.AloneAfter);
        // The whole evidence still adds up.
        Assert.Equal(10, report.ProbesSent);
        Assert.Equal(25, report.Replies);
    }

    [Fact]
    public void A_different_mac_alone_after_the_fix_is_not_named_the_announcer_on_two_grounds()
    {
        Probes(5, Node1, Node1, Node2, Node3);
        Probes(5, Node2);
        var report = Report();
        Assert.Equal(PhaseChangeKind.Fixed, Assert.Single(report.Changes).Kind);
        Assert.Null(report.Inference?.AloneAfter);
    }

    [Fact]
    public void One_mac_then_several_is_broke()
    {
        Probes(4, Node1);
        Probes(4, Node1, Node2);
        var report = Report();
        Assert.Equal(PhaseChangeKind.Broke, Assert.Single(report.Changes).Kind);
        Assert.Equal(5, report.Changes[0].AtProbe);
        Assert.NotEqual(Verdict.Healthy, report.Verdict);
    }

    [Fact]
    public void Another_mac_with_gratuitous_arp_is_a_failover_and_without_it_moved()
    {
        Probes(4, Node1);
        _vip.Announcement(Node2, T0.AddSeconds(_second - 0.5));
        Probes(4, Node2);
        Probes(4, Node3);
        var report = Report();
        Assert.Equal([PhaseChangeKind.Failover, PhaseChangeKind.Flap], report.Changes.Select(c => c.Kind));
        Assert.Equal(Verdict.Healthy, report.Verdict);
        // The announcement is counted in the phase it started.
        Assert.Equal(1, report.Phases[1].Responders.Single(r => r.Mac == Node2).Announcements);
        Assert.DoesNotContain(report.Phases[0].Responders, r => r.Mac == Node2);
    }

    [Fact]
    public void An_announcement_while_the_last_probe_of_the_old_phase_is_open_belongs_to_the_new_phase()
    {
        // As a capture gives it: a probe is closed only by the next request, so the new node's gratuitous ARP
        // arrives while the old node's last probe is still open.
        Probes(3, Node1);
        var t = T0.AddSeconds(_second++);
        _vip.BeginProbe(t);
        _vip.Reply(Node1, t.AddMilliseconds(1));
        _vip.Announcement(Node2, t.AddSeconds(0.9));
        Probes(3, Node2);
        var report = Report();
        Assert.Equal(PhaseChangeKind.Failover, Assert.Single(report.Changes).Kind);
        Assert.Equal(1, report.Phases[1].Responders.Single(r => r.Mac == Node2).Announcements);
        Assert.Equal(4, report.Phases[0].ProbesSent);
    }

    [Fact]
    public void A_capture_of_a_failover_in_its_first_probes_gives_the_announcements_to_the_new_phase()
    {
        // eth-failover.pcap's order: three probes of node 1, each closed only by the next request, two gratuitous ARPs
        // from node 2 while the third is open, then three probes node 2 answers.
        for (int i = 0; i < 6; i++)
        {
            var t = T0.AddSeconds(i);
            _vip.BeginProbe(t);
            _vip.Reply(i < 3 ? Node1 : Node2, t.AddMilliseconds(1));
            if (i == 2)
            {
                _vip.Announcement(Node2, t.AddSeconds(0.3));
                _vip.Announcement(Node2, t.AddSeconds(0.6));
            }
        }
        var report = Report();
        Assert.Equal(PhaseChangeKind.Failover, Assert.Single(report.Changes).Kind);
        Assert.DoesNotContain(report.Phases[0].Responders, r => r.Mac == Node2);
        Assert.Equal(2, report.Phases[1].Responders.Single(r => r.Mac == Node2).Announcements);
    }

    [Fact]
    public void An_announcement_during_the_last_probe_of_short_evidence_is_still_counted()
    {
        // Two probes only (fewer than a phase needs), the announcement made while the second is open.
        Probe(Node1);
        var t = T0.AddSeconds(_second++);
        _vip.BeginProbe(t);
        _vip.Reply(Node1, t);
        _vip.Announcement(Node1, t.AddSeconds(0.5));
        var report = Report();
        Assert.Equal(1, Assert.Single(report.Phases).Responders.Single().Announcements);
        Assert.Equal(1, report.Responders.Single().Announcements);
    }

    [Fact]
    public void A_gratuitous_arp_just_after_the_change_still_makes_it_a_failover()
    {
        Probes(4, Node1);
        Probes(4, Node2);
        // Arrives 2 s after the first probe Node 2 answered (within the window), after the phase was decided.
        _vip.Announcement(Node2, T0.AddSeconds(4 + 2));
        Probes(2, Node2);
        Assert.Equal(PhaseChangeKind.Failover, Assert.Single(Report().Changes).Kind);
    }

    [Fact]
    public void A_gratuitous_arp_long_after_the_change_does_not()
    {
        Probes(4, Node1);
        Probes(20, Node2);
        _vip.Announcement(Node2, T0.AddSeconds(_second));
        Assert.Equal(PhaseChangeKind.Flap, Assert.Single(Report().Changes).Kind);
    }

    [Fact]
    public void Silence_is_stopped_and_answers_after_it_resumed()
    {
        Probes(3, Node1);
        Probes(3);
        Probes(3, Node1);
        var report = Report();
        Assert.Equal([PhaseChangeKind.Stopped, PhaseChangeKind.Resumed], report.Changes.Select(c => c.Kind));
        Assert.Equal(Verdict.NoAnswer, report.Phases[1].Verdict);
        Assert.Equal(Verdict.Healthy, report.Verdict);
    }

    [Fact]
    public void A_new_mac_joining_a_conflict_changes_it()
    {
        Probes(4, Node1, Node2);
        Probes(4, Node1, Node2, Node3);
        var report = Report();
        Assert.Equal(PhaseChangeKind.Changed, Assert.Single(report.Changes).Kind);
        Assert.Equal([Node1, Node2, Node3], report.Changes[0].After);
    }

    [Fact]
    public void Macs_taking_turns_stay_one_phase()
    {
        for (int i = 0; i < 12; i++) Probe(i % 2 == 0 ? Node1 : Node2);
        var report = Report();
        Assert.Single(report.Phases);
        Assert.Equal(Verdict.Unstable, report.Verdict);
    }

    [Fact]
    public void A_cache_that_keeps_its_entry_is_not_a_fix()
    {
        // A neighbour cache moving between two nodes that both answer, then holding one entry for a while: the held
        // entry is the same observation repeated, not fresh answers from one MAC.
        foreach (var mac in new[] { Node1, Node2, Node1, Node2, Node1, Node1, Node1, Node1, Node1, Node2 })
            Cached(mac);
        var report = Report();
        Assert.Single(report.Phases);
        Assert.Equal(Verdict.Unstable, report.Verdict);
        Assert.Equal(10, report.Phases[0].ProbesSent);
    }

    [Fact]
    public void Another_mac_taking_a_turn_stays_in_the_phase_of_macs_taking_turns()
    {
        foreach (var mac in new[] { Node1, Node2, Node1, Node2, Node3, Node1, Node3, Node2 })
            Cached(mac);
        Assert.Single(Report().Phases);
    }

    [Fact]
    public void A_watch_log_across_the_fix_is_conflict_then_healthy_even_when_the_winner_stayed()
    {
        // As watch writes it: first-seen, the conflict, flaps between the two, then the end of the conflict with the
        // winner it had (no winner change at the fix at all).
        var log = new[]
        {
            new WatchEvent(T0, Vip, WatchEventKind.FirstSeen, Node1, null, [Node1, Node2]),
            new WatchEvent(T0, Vip, WatchEventKind.Conflict, Node1, null, [Node1, Node2]),
            new WatchEvent(T0.AddMinutes(5), Vip, WatchEventKind.WinnerChanged, Node2, Node1, [Node2, Node1], ChangeCause.Flap),
            new WatchEvent(T0.AddMinutes(9), Vip, WatchEventKind.WinnerChanged, Node1, Node2, [Node1, Node2], ChangeCause.Flap),
            new WatchEvent(T0.AddMinutes(20), Vip, WatchEventKind.OneResponder, Node1, null, [Node1]),
        };
        var analysis = new EvidenceAnalysis();
        var feeder = new WatchLogFeeder(analysis);
        foreach (var e in log) feeder.Event(e);
        feeder.End();
        var report = Assert.Single(analysis.ToReport(Firewall).Vips);
        Assert.Equal([Verdict.Conflict, Verdict.Healthy], report.Phases.Select(p => p.Verdict));
        var fix = Assert.Single(report.Changes);
        Assert.Equal((PhaseChangeKind.Fixed, T0.AddMinutes(20)), (fix.Kind, fix.At));
        Assert.Equal(Verdict.Healthy, report.Verdict);
    }

    [Fact]
    public void A_short_watch_log_of_a_conflict_that_ended_is_two_phases()
    {
        // What a watch of a few seconds across the fix writes: first-seen, the conflict, its end.
        var analysis = new EvidenceAnalysis();
        var feeder = new WatchLogFeeder(analysis);
        feeder.Event(new WatchEvent(T0, Vip, WatchEventKind.FirstSeen, Node2, null, [Node2, Node1]));
        feeder.Event(new WatchEvent(T0, Vip, WatchEventKind.Conflict, Node2, null, [Node2, Node1]));
        feeder.Event(new WatchEvent(T0.AddSeconds(3), Vip, WatchEventKind.OneResponder, Node2, null, [Node2]));
        feeder.End();
        var report = Assert.Single(analysis.ToReport(Firewall).Vips);
        Assert.Equal(PhaseChangeKind.Fixed, Assert.Single(report.Changes).Kind);
        Assert.Equal(Verdict.Healthy, report.Verdict);
    }

    [Fact]
    public void Evidence_without_a_clock_is_split_by_position()
    {
        var vip = new VipAccumulator(Vip);
        for (int i = 0; i < 6; i++)
        {
            vip.BeginProbe(null);
            vip.Reply(Node1, null);
            if (i < 3) vip.Reply(Node2, null);
            vip.EndProbe();
        }
        var report = vip.ToReport(Firewall);
        Assert.True(report.Clockless);
        Assert.Equal(4, Assert.Single(report.Changes).AtProbe);
        Assert.Null(report.Changes[0].At);
    }

    [Fact]
    public void Phases_are_bounded()
    {
        for (int i = 0; i < ResponderHistory.MaxPhases + 10; i++) Probes(ResponderHistory.Confirm, i % 2 == 0 ? Node1 : Node2);
        var report = Report();
        Assert.Equal(ResponderHistory.MaxPhases, report.Phases.Count);
        Assert.Contains(report.Warnings, w => w.Contains("phases", StringComparison.Ordinal));
        Assert.Equal(report.ProbesSent, report.Phases.Sum(p => p.ProbesSent));
    }

    /// <summary>
    /// Real iputils arping output from the lab: a loop with a date stamp before each 5-probe run; 13 nodes answer with
    /// strictARP off while node 1 also answers from user space (as MetalLB's speaker does), then strictARP goes on
    /// and only node 1's speaker answers. (iputils arping 20221126, `arping -b -c 5 -I eth0 VIP` in the client's namespace.)
    /// </summary>
    [Fact]
    public void Loop_log_across_the_fix_is_conflict_then_healthy_with_the_announcer_named_on_both_grounds()
    {
        var (report, kind, error) = Analyse(Golden("iputils-loop-fixed.txt"));
        Assert.Null(error);
        Assert.Equal(EvidenceKind.IputilsArping, kind);
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Verdict.Healthy, vip.Verdict);
        Assert.True(report.IsHealthy);
        Assert.Equal([Verdict.Conflict, Verdict.Healthy], vip.Phases.Select(p => p.Verdict));
        Assert.Equal(13, vip.Phases[0].Responders.Count(r => r.Replies > 0));
        Assert.Equal(10, vip.Phases[0].ProbesSent);
        var fix = Assert.Single(vip.Changes);
        Assert.Equal(PhaseChangeKind.Fixed, fix.Kind);
        // The third run's date stamp: "Mon Nov 30 12:17:43 UTC 2026".
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 17, 43, TimeSpan.Zero), fix.At);
        var announcer = MacAddress.Parse("1a:09:36:66:ad:d6");
        Assert.Equal([announcer], fix.After);
        Assert.Equal(announcer, vip.Inference!.Announcer);
        Assert.Equal(12, vip.Inference.KernelResponders.Count);
        Assert.Same(fix, vip.Inference.AloneAfter);
        Assert.Equal(2.0, vip.Phases[0].Responders.Single(r => r.Mac == announcer).RepliesPerProbe);
    }

    [Fact]
    public void The_same_loop_without_date_stamps_is_split_by_position_and_says_so()
    {
        var text = string.Join('\n', Golden("iputils-loop-fixed.txt").Split('\n').Where(l => !l.Contains(" UTC 2026", StringComparison.Ordinal)));
        var vip = Assert.Single(Analyse(text).Report.Vips);
        Assert.True(vip.Clockless);
        Assert.Equal(PhaseChangeKind.Fixed, Assert.Single(vip.Changes).Kind);
        Assert.Equal(11, vip.Changes[0].AtProbe);
        Assert.Equal(Verdict.Healthy, vip.Verdict);
    }
}
