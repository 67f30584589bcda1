using ArpDoctor.Core.History;
using Xunit;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Probing;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>Real outputs captured in the lab (see TestSupport for the address plan). Node 1 has two
/// interfaces on the segment with the same MAC, so it answers twice per probe, as a node where both
/// MetalLB's speaker and the kernel answer does.</summary>
public class GoldenEvidenceTests
{
    [Theory]
    [InlineData("iputils-double.txt", EvidenceKind.IputilsArping, 5, 20)]
    [InlineData("iputils-loop.txt", EvidenceKind.IputilsArping, 9, 36)]
    [InlineData("iputils-loop-crlf.txt", EvidenceKind.IputilsArping, 9, 36)]
    [InlineData("habets-double.txt", EvidenceKind.HabetsArping, 4, 16)]
    [InlineData("arpscan-double.txt", EvidenceKind.ArpScan, 1, 4)]
    public void Three_nodes_answering_is_a_conflict_and_the_double_answerer_is_the_likely_announcer(string file, EvidenceKind kind, int probes, int replies)
    {
        var (report, detected, error) = Analyse(Golden(file));
        Assert.Null(error);
        Assert.Equal(kind, detected);
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Vip, vip.Vip);
        Assert.Equal(Verdict.Conflict, vip.Verdict);
        Assert.Equal(probes, vip.ProbesSent);
        Assert.Equal(probes, vip.ProbesAnswered);
        Assert.Equal(replies, vip.Replies);
        Assert.Equal([Node1, Node2, Node3], vip.Responders.Select(r => r.Mac).Order());
        var node1 = vip.Responders.Single(r => r.Mac == Node1);
        Assert.Equal(probes, node1.Wins);
        Assert.Equal(2.0, node1.RepliesPerProbe);
        Assert.All(vip.Responders.Where(r => r.Mac != Node1), r => Assert.Equal(1.0, r.RepliesPerProbe));
        Assert.Equal(Node1, vip.Inference!.Announcer);
        Assert.Equal([Node2, Node3], vip.Inference.KernelResponders.Order());
        Assert.Empty(vip.Warnings);
    }

    [Theory]
    [InlineData("iputils-healthy.txt", 4)]
    [InlineData("habets-healthy.txt", 3)]
    public void One_node_answering_once_per_probe_is_healthy(string file, int probes)
    {
        var (report, _, error) = Analyse(Golden(file));
        Assert.Null(error);
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Verdict.Healthy, vip.Verdict);
        Assert.Equal(probes, vip.ProbesAnswered);
        var only = Assert.Single(vip.Responders);
        Assert.Equal((Node1, probes, 1.0), (only.Mac, only.Wins, only.RepliesPerProbe));
        Assert.Null(vip.Inference);
        Assert.Equal(0, vip.Odds.ChanceNextDiffers);
        Assert.Null(vip.Odds.ExpectedTimeToMove);
        Assert.Equal(Verdict.Healthy, report.Verdict);
    }

    [Theory]
    [InlineData("iputils-noanswer.txt", 2)]
    [InlineData("habets-noanswer.txt", 3)]
    public void Nobody_answering_is_no_answer_with_every_probe_counted(string file, int probes)
    {
        var (report, _, error) = Analyse(Golden(file));
        Assert.Null(error);
        var vip = Assert.Single(report.Vips);
        Assert.Equal("203.0.113.99", vip.Vip.ToString());
        Assert.Equal(Verdict.NoAnswer, vip.Verdict);
        Assert.Equal((probes, 0L), (vip.ProbesSent, vip.ProbesAnswered));
    }

    [Fact]
    public void Loop_script_runs_take_their_time_from_the_date_lines()
    {
        var (report, _, _) = Analyse(Golden("iputils-loop.txt"));
        var times = report.Vips[0].Timeline.Select(p => p.Time).ToList();
        Assert.All(times, t => Assert.NotNull(t));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 51, 12, TimeSpan.Zero), times.Min()!.Value.AddTicks(-(times.Min()!.Value.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public void Crlf_and_lf_give_the_same_report()
    {
        var lf = Analyse(Golden("iputils-loop.txt")).Report.Vips[0];
        var crlf = Analyse(Golden("iputils-loop-crlf.txt")).Report.Vips[0];
        Assert.Equal(lf.Responders, crlf.Responders);
        Assert.Equal(lf.Timeline, crlf.Timeline);
    }

    [Fact]
    public void A_summary_that_disagrees_with_its_replies_is_a_warning_not_an_error()
    {
        var lines = Golden("iputils-double.txt").Split('\n').ToList();
        lines.RemoveAt(3);
        var (report, _, error) = Analyse(string.Join('\n', lines));
        Assert.Null(error);
        var warning = Assert.Single(report.Vips[0].Warnings, w => w.Contains("summary"));
        Assert.Contains("20 responses", warning);
        Assert.Contains("19 reply lines", warning);
        Assert.Equal(Verdict.Conflict, report.Vips[0].Verdict);
    }

    [Fact]
    public void Arping_without_broadcast_is_flagged_because_it_hides_responders()
    {
        const string text = "ARPING 203.0.113.10 from 203.0.113.1 eth0\nUnicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms\n" +
                            "Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.6ms\nSent 2 probes (1 broadcast(s))\nReceived 2 response(s)\n";
        var vip = Analyse(text).Report.Vips[0];
        Assert.Contains(vip.Warnings, w => w.Contains("without -b"));
    }

    [Fact]
    public void One_arp_scan_run_is_one_probe_so_one_answer_is_inconclusive()
    {
        var (report, _, error) = Analyse(Golden("arpscan-healthy.txt"));
        Assert.Null(error);
        var vip = Assert.Single(report.Vips);
        Assert.Equal((Verdict.Inconclusive, 1L), (vip.Verdict, vip.ProbesAnswered));
    }

    [Fact]
    public void Arp_scan_of_a_subnet_reports_every_address_that_answered()
    {
        var (report, _, error) = Analyse(Golden("arpscan-localnet.txt"));
        Assert.Null(error);
        Assert.Equal(["203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13", "203.0.113.21"],
            report.Vips.Select(v => v.Vip.ToString()).Order());
        Assert.Equal(Verdict.Conflict, report.Verdict);
        Assert.Equal(Verdict.Inconclusive, report.Vips.Single(v => v.Vip.ToString() == "203.0.113.12").Verdict);
    }

    [Fact]
    public void Vip_filter_keeps_only_that_address()
    {
        var (report, _, _) = Analyse(Golden("arpscan-localnet.txt"), Core.Packets.Ipv4Address.Parse("203.0.113.12"));
        Assert.Equal(Verdict.Inconclusive, Assert.Single(report.Vips).Verdict);   // one arp-scan run: one probe
    }

    [Fact]
    public void Watch_log_with_a_conflict_and_winner_changes_is_a_conflict_with_time_shares()
    {
        var (report, kind, error) = Analyse(Golden("watch-flap.jsonl"));
        Assert.Null(error);
        Assert.Equal(EvidenceKind.WatchLog, kind);
        var flapping = report.Vips.Single(v => v.Vip == Vip);
        Assert.Equal(Verdict.Conflict, flapping.Verdict);
        Assert.Equal(2, flapping.WinnerChanges);
        Assert.Equal(1, flapping.ConnectionDrops);
        Assert.Equal(ShareBasis.Time, flapping.Odds.Basis);
        // Node 1 held the VIP 871.5 s + 1800 s, node 3 928.5 s, of 3600 s.
        double p1 = 2671.5 / 3600, p3 = 928.5 / 3600;
        Assert.Equal(p1, flapping.Responders.Single(r => r.Mac == Node1).WinShare, 6);
        Assert.Equal(1 - (p1 * p1 + p3 * p3), flapping.Odds.ChanceNextDiffers, 6);
        Assert.Equal(30 / (1 - (p1 * p1 + p3 * p3)), flapping.Odds.ExpectedTimeToMove!.Value.TotalSeconds, 3);
        // The other VIP's one record (and its announcement) cannot show a second MAC: inconclusive, not healthy.
        var calm = report.Vips.Single(v => v.Vip != Vip);
        Assert.Equal(Verdict.Inconclusive, calm.Verdict);
        Assert.Equal(1, calm.Responders.Single().Announcements);
        Assert.Equal(Verdict.Conflict, report.Verdict);
    }

    [Fact]
    public void A_loop_of_single_probe_runs_measures_the_winners_distribution()
    {
        // What 'while true; do date; arping -c 1 -w 1 VIP; done' prints: one reply per run, the first one.
        static string Run(int second, string mac) =>
            $"Thu Nov 26 12:00:{second:00} UTC 2026\nARPING 203.0.113.10 from 203.0.113.1 eth0\n" +
            $"Unicast reply from 203.0.113.10 [{mac}]  0.6ms\nSent 1 probes (1 broadcast(s))\nReceived 1 response(s)\n\n";
        var text = Run(0, "02:00:00:00:01:01") + Run(5, "02:00:00:00:01:02") + Run(10, "02:00:00:00:01:01");
        var vip = Assert.Single(Analyse(text).Report.Vips);
        Assert.Equal(Verdict.Conflict, vip.Verdict);
        Assert.Equal((3L, 3L, 0L), (vip.ProbesSent, vip.ProbesAnswered, vip.ContestedProbes));
        Assert.Equal(4.0 / 9, vip.Odds.ChanceNextDiffers, 6);
        Assert.Equal(30 * 9.0 / 4, vip.Odds.ExpectedTimeToMove!.Value.TotalSeconds, 3);
        Assert.Equal([0.0, 5.0, 10.0], vip.Timeline.Select(p => (p.Time!.Value - vip.Timeline[0].Time!.Value).TotalSeconds).Select(Math.Floor));
    }

    [Fact]
    public void The_golden_watch_log_is_what_watch_writes()
    {
        // Every line must survive a round trip through the watch log writer byte for byte.
        foreach (var line in Golden("watch-flap.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(Core.Watching.WatchLogFormat.TryParse(line, out var e, out var why), why);
            Assert.Equal(line + "\n", System.Text.Encoding.UTF8.GetString(Core.Watching.WatchLogFormat.ToLine(e!)));
        }
    }

    [Fact]
    public void A_log_written_before_the_glossary_reads_as_the_same_events()
    {
        // winner-changed was mac-changed, conflict was multiple-responders, sinceWinnerChangeSeconds was sinceMacChangeSeconds.
        static List<Core.History.WatchEvent> Read(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => Core.Watching.WatchLogFormat.TryParse(l, out var e, out var why) ? e! : throw new Xunit.Sdk.XunitException(why)).ToList();
        var old = Read(Golden("watch-flap-before-glossary.jsonl"));
        var now = Read(Golden("watch-flap.jsonl"));
        Assert.Equal(now.Count, old.Count);
        for (int i = 0; i < now.Count; i++)
        {
            Assert.Equal(now[i] with { Responders = [] }, old[i] with { Responders = [] });
            Assert.Equal(now[i].Responders, old[i].Responders);
        }
        Assert.Contains(old, e => e.Kind == Core.History.WatchEventKind.WinnerChanged);
        Assert.Contains(old, e => e.SinceWinnerChange is not null);
    }
}
