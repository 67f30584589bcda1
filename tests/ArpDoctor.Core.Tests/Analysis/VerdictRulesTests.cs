using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Evidence.CaptureFiles;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Tests.Evidence.Captures;
using Xunit;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Analysis;

/// <summary>Healthy is earned: the one verdict function, and the evidence it is given (a reply answers only its request).</summary>
public sealed class VerdictRulesTests
{
    [Theory]
    // probes, announcements, answering MACs, winner changes, contested probes, time series → verdict
    [InlineData(10, 0, 1, 0, 0, false, Verdict.Healthy)]
    [InlineData(2, 0, 1, 0, 0, true, Verdict.Healthy)]
    [InlineData(1, 0, 1, 0, 0, false, Verdict.Inconclusive)]    // one probe, one MAC: a second may answer the next
    [InlineData(1, 0, 1, 0, 0, true, Verdict.Inconclusive)]     // one neighbour-cache snapshot: a cache holds one MAC
    [InlineData(1, 0, 2, 0, 1, false, Verdict.Conflict)]        // one probe answered by two: proof enough
    [InlineData(1, 0, 0, 0, 0, false, Verdict.NoAnswer)]
    [InlineData(3, 2, 0, 0, 0, true, Verdict.NoAnswer)]         // announced, but nobody answered the requests
    [InlineData(0, 2, 0, 0, 0, true, Verdict.Inconclusive)]     // only announcements: nobody asked
    [InlineData(0, 0, 0, 0, 0, true, Verdict.NoEvidence)]
    [InlineData(5, 0, 2, 1, 0, true, Verdict.Unstable)]
    [InlineData(5, 0, 2, 1, 0, false, Verdict.Conflict)]        // separate runs: two MACs answering is a conflict
    public void The_verdict_follows_the_figures(long probes, long announcements, int answering, long changes, long contested, bool series, Verdict verdict) =>
        Assert.Equal(verdict, VerdictRules.For(new VerdictFacts(probes, announcements, answering, changes, contested, series)));

    [Theory]
    // records, answering MACs, moves, contested → verdict, for a log of moves (a kernel's "moved from A to B" lines)
    [InlineData(2, 2, 1, 0, Verdict.Inconclusive)]   // one move: a failover or the first flap, the log cannot tell
    [InlineData(3, 2, 2, 0, Verdict.Unstable)]       // moved there and back: flapping
    [InlineData(4, 3, 3, 0, Verdict.Unstable)]
    [InlineData(2, 2, 1, 1, Verdict.Conflict)]       // a record answered by both is a conflict in any evidence
    public void A_log_of_moves_is_unstable_from_the_second_move(long records, int answering, long moves, long contested, Verdict verdict) =>
        Assert.Equal(verdict, VerdictRules.For(new VerdictFacts(records, 0, answering, moves, contested, IsTimeSeries: true, IsMoves: true)));

    [Fact]
    public void One_bsd_moved_line_is_inconclusive_and_two_moves_are_unstable()
    {
        var (one, _, _) = Analyse("Nov 30 12:00:01 fw kernel: arp: 203.0.113.10 moved from 02:00:00:00:01:01 to 02:00:00:00:01:02 on em1\n");
        Assert.Equal((Verdict.Inconclusive, 1L), (Assert.Single(one.Vips).Verdict, one.Vips[0].WinnerChanges));
        var (two, _, _) = Analyse("Nov 30 12:00:01 fw kernel: arp: 203.0.113.10 moved from 02:00:00:00:01:01 to 02:00:00:00:01:02 on em1\n" +
                                  "Nov 30 12:05:01 fw kernel: arp: 203.0.113.10 moved from 02:00:00:00:01:02 to 02:00:00:00:01:01 on em1\n");
        Assert.Equal((Verdict.Unstable, 2L), (Assert.Single(two.Vips).Verdict, two.Vips[0].WinnerChanges));
    }

    [Theory]
    [InlineData(Verdict.Healthy, VerdictOutcome.Healthy)]
    [InlineData(Verdict.Conflict, VerdictOutcome.Problem)]
    [InlineData(Verdict.Unstable, VerdictOutcome.Problem)]
    [InlineData(Verdict.NoAnswer, VerdictOutcome.Problem)]
    [InlineData(Verdict.Inconclusive, VerdictOutcome.CannotTell)]
    [InlineData(Verdict.NoEvidence, VerdictOutcome.CannotTell)]
    public void Only_healthy_is_healthy_and_too_little_evidence_cannot_tell(Verdict verdict, VerdictOutcome outcome) =>
        Assert.Equal(outcome, VerdictRules.Outcome(verdict));

    [Fact]
    public void A_found_problem_outranks_cannot_tell_in_the_run()
    {
        var (report, _, _) = Analyse(
            "ARPING 203.0.113.10 from 203.0.113.1 eth0\nUnicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.771ms\nSent 1 probes (1 broadcast(s))\nReceived 1 response(s)\n" +
            "ARPING 203.0.113.11 from 203.0.113.1 eth0\nSent 3 probes (3 broadcast(s))\nReceived 0 response(s)\n");
        Assert.Equal([Verdict.NoAnswer, Verdict.Inconclusive], report.Vips.Select(v => v.Verdict));
        Assert.Equal((Verdict.NoAnswer, VerdictOutcome.Problem), (report.Verdict, report.Outcome));
    }

    [Fact]
    public void One_arping_probe_is_inconclusive_not_healthy()
    {
        var (report, _, _) = Analyse("ARPING 203.0.113.10 from 203.0.113.1 eth0\nUnicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.771ms\nSent 1 probes (1 broadcast(s))\nReceived 1 response(s)\n");
        Assert.Equal((Verdict.Inconclusive, "inconclusive", VerdictOutcome.CannotTell), (report.Verdict, report.VerdictWord, report.Outcome));
    }

    [Fact]
    public void One_neighbour_cache_snapshot_is_inconclusive_not_healthy()
    {
        var (report, _, _) = Analyse("203.0.113.10 dev eth0 lladdr 02:00:00:00:01:01 REACHABLE\n");
        var vip = Assert.Single(report.Vips);
        Assert.Equal((Verdict.Inconclusive, true), (vip.Verdict, vip.SnapshotsOnly));
    }

    [Fact]
    public void A_capture_of_only_gratuitous_arps_is_inconclusive_in_the_vip_and_the_run()
    {
        var analysis = new EvidenceAnalysis();
        var capture = new CaptureAssembler(analysis);
        capture.Observe(T0, ArpFrame.Announcement(Node1, Vip));
        capture.Observe(T0.AddSeconds(1), ArpFrame.Announcement(Node1, Vip));
        capture.End();
        var report = analysis.ToReport(Firewall);
        Assert.Equal((Verdict.Inconclusive, "inconclusive"), (Assert.Single(report.Vips).Verdict, report.VerdictWord));
    }

    [Fact]
    public void Nothing_at_all_is_no_evidence_in_the_vip_and_the_run()
    {
        var empty = new EvidenceAnalysis().ToReport(Firewall);
        Assert.Equal(("no-evidence", VerdictOutcome.CannotTell), (empty.VerdictWord, empty.Outcome));
        var asked = new EvidenceAnalysis(Vip).ToReport(Firewall);
        Assert.Equal((Verdict.NoEvidence, "no-evidence"), (Assert.Single(asked.Vips).Verdict, asked.VerdictWord));
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_unsolicited_reply_before_the_requests_is_an_announcement_not_their_answer_in_tcpdump_text()
    {
        // 10:00:00 a reply nobody asked for; a minute later three requests nobody answers.
        var (report, kind, error) = Analyse(
            "10:00:00.000000 ARP, Reply 203.0.113.10 is-at 02:00:00:00:01:01, length 28\n" +
            "10:01:00.000000 ARP, Request who-has 203.0.113.10 tell 203.0.113.1, length 28\n" +
            "10:01:01.000000 ARP, Request who-has 203.0.113.10 tell 203.0.113.1, length 28\n" +
            "10:01:02.000000 ARP, Request who-has 203.0.113.10 tell 203.0.113.1, length 28\n");
        Assert.Null(error);
        Assert.Equal(EvidenceKind.Tcpdump, kind);
        var vip = Assert.Single(report.Vips);
        Assert.Equal((Verdict.NoAnswer, 3L, 0L, 0L), (vip.Verdict, vip.ProbesSent, vip.ProbesAnswered, vip.Replies));
        var announcer = Assert.Single(vip.Responders);
        Assert.Equal((Node1, 1L), (announcer.Mac, announcer.Announcements));
        Assert.Equal(VerdictOutcome.Problem, report.Outcome);
    }

    [Fact]
    public void An_unsolicited_reply_in_tcpdump_text_without_stamps_is_an_announcement_too()
    {
        var (report, _, error) = Analyse(
            "ARP, Reply 203.0.113.10 is-at 02:00:00:00:01:01, length 28\n" +
            "ARP, Request who-has 203.0.113.10 tell 203.0.113.1, length 28\n" +
            "ARP, Request who-has 203.0.113.10 tell 203.0.113.1, length 28\n");
        Assert.Null(error);
        var vip = Assert.Single(report.Vips);
        Assert.Equal((Verdict.NoAnswer, 2L, 0L), (vip.Verdict, vip.ProbesSent, vip.Replies));
        Assert.Equal(1L, Assert.Single(vip.Responders).Announcements);
    }

    [Fact]
    public void A_reply_past_its_requests_window_is_an_announcement_in_a_pcap()
    {
        var start = (uint)T0.ToUnixTimeSeconds();
        var bytes = new CaptureBytes(false).PcapHeader(0xA1B2C3D4, 1)
            .Record(start, 0, CaptureBytes.Reply(Node1))          // 10:00:00, before any request
            .Record(start + 60, 0, CaptureBytes.Request())        // 10:01:00
            .Record(start + 61, 0, CaptureBytes.Request())        // 10:01:01
            .Record(start + 62, 0, CaptureBytes.Request())        // 10:01:02
            .Record(start + 62, 1000, CaptureBytes.Reply(Node1))  // answers the last request within its window
            .Record(start + 90, 0, CaptureBytes.Reply(Node2))     // 28 s after the last request: asked by nobody
            .ToArray();
        var analysis = new EvidenceAnalysis();
        var assembler = new CaptureAssembler(analysis);
        var result = CaptureReader.Read(new MemoryStream(bytes), assembler, bytes.Length);
        assembler.End();
        Assert.Null(result.Error);
        var vip = Assert.Single(analysis.ToReport(Firewall).Vips);
        Assert.Equal((3L, 1L, 1L), (vip.ProbesSent, vip.ProbesAnswered, vip.Replies));
        Assert.Equal([(Node1, 1L, 1L), (Node2, 0L, 1L)], vip.Responders.OrderBy(r => r.Mac.ToString()).Select(r => (r.Mac, r.Replies, r.Announcements)));
    }
}

/// <summary>arp-scan's closing count, compared like with like.</summary>
public sealed class ArpScanRespondedTests
{
    private const string Run =
        "Interface: eth0, type: EN10MB, MAC: 02:00:00:00:00:01, IPv4: 203.0.113.1\n" +
        "Starting arp-scan 1.9.7 with 2 hosts (https://github.com/royhills/arp-scan)\n" +
        "203.0.113.10\t02:00:00:00:01:01\t(Unknown: locally administered)\n" +
        "203.0.113.10\t02:00:00:00:01:02\t(Unknown: locally administered) (DUP: 2)\n" +
        "203.0.113.11\t02:00:00:00:01:03\t(Unknown: locally administered)\n" +
        "\n";

    [Theory]
    [InlineData(3)]   // every reply printed, the duplicate included
    [InlineData(2)]   // hosts
    public void A_count_of_hosts_or_of_replies_agrees_with_the_run(int responded)
    {
        var (report, _, error) = Analyse(Run + $"Ending arp-scan 1.9.7: 2 hosts scanned in 1.503 seconds (1.33 hosts/sec). {responded} responded\n");
        Assert.Null(error);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void A_count_that_is_neither_is_a_warning_that_names_both()
    {
        var (report, _, _) = Analyse(Run + "Ending arp-scan 1.9.7: 2 hosts scanned in 1.503 seconds (1.33 hosts/sec). 5 responded\n");
        Assert.Equal("line 7: arp-scan says 5 responded but the run from line 3 lists 2 hosts (3 replies)", Assert.Single(report.Warnings));
    }
}
