using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// arpwatch's syslog messages. The golden file is real: arpwatch 2.1a15 (Debian 2.1a15-8+b1, <c>arpwatch -p -Q -n
/// 203.0.113.0/24 -f arp.dat -i eth0</c>) in the client namespace of a 3-node lab (client 192.0.2.2, nodes 192.0.2.11-13,
/// VIP 203.0.113.10), its syslog(3) messages received by rsyslog 8.2302.0 and written in its traditional file format
/// (host name "client"). The lab went: node 1 speaker; failovers to 2, 1, 3, 2 (each announced, the client resolving);
/// strictARP everywhere; all three answering; then nodes 1 and 2 answering.
/// </summary>
public sealed class ArpwatchTests
{
    private static readonly MacAddress Node1 = MacAddress.Parse("b6:56:f5:11:4c:40");
    private static readonly MacAddress Node2 = MacAddress.Parse("22:4b:89:60:84:c4");
    private static readonly MacAddress Node3 = MacAddress.Parse("96:52:91:af:a1:66");
    private static readonly string[] ChangeTitles = ["changed ethernet address ", "flip flop ", "reused old ethernet address "];

    [Fact]
    public void Real_arpwatch_syslog_is_read_as_the_changes_of_the_VIPs_MAC()
    {
        var text = Golden("arpwatch-syslog.txt");
        var (report, kind, error) = Analyse(text);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.Arpwatch, kind);
        var vip = report.Vips.Single(v => v.Vip == Vip);
        Assert.Equal(Verdict.Unstable, vip.Verdict);
        Assert.Equal(new[] { Node1, Node2, Node3 }.OrderBy(m => m.ToString()), vip.Responders.Select(r => r.Mac).OrderBy(m => m.ToString()));
        // Every change line about the VIP is one change of the MAC clients resolve it to.
        var changes = text.Split('\n').Count(l => l.Contains(" 203.0.113.10 ", StringComparison.Ordinal) && ChangeTitles.Any(t => l.Contains(t, StringComparison.Ordinal)));
        Assert.True(changes > 10, $"{changes} change lines");
        Assert.Equal(changes, vip.WinnerChanges);
        Assert.Equal(changes + 1, vip.ProbesSent);   // plus the new station
        // The first MAC is node 1's, from the first new-station line, at its syslog time (no year: 2000).
        var first = vip.Responders.Single(r => r.Mac == Node1).FirstSeen;
        Assert.Equal(new DateTimeOffset(2000, 11, 30, 12, 13, 12, TimeSpan.Zero), first);
        // The client and the nodes' own addresses: one new-station line each.
        Assert.Equal(
            ["192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.2"],
            report.Vips.Where(v => v.Vip != Vip).Select(v => v.Vip.ToString()).Order(StringComparer.Ordinal));
        // One record each of what the host resolves them to: a cache can never show a second MAC, so inconclusive.
        Assert.All(report.Vips.Where(v => v.Vip != Vip), v => Assert.Equal(Verdict.Inconclusive, v.Verdict));
    }

    [Theory]
    [InlineData("Nov 30 12:13:27 client arpwatch: flip flop 203.0.113.10 b6:56:f5:11:4c:40 (22:4b:89:60:84:c4) eth0", ArpwatchEvent.FlipFlop, "2000-11-30T12:13:27")]
    [InlineData("Dec  1 01:02:03 fw arpwatch[812]: changed ethernet address 203.0.113.10 2:0:0:0:1:2 (2:0:0:0:1:1) eth1", ArpwatchEvent.Changed, "2000-12-01T01:02:03")]
    [InlineData("2026-11-30T12:13:45.123456+00:00 client arpwatch: reused old ethernet address 203.0.113.10 02:00:00:00:01:02 (02:00:00:00:01:01) eth0", ArpwatchEvent.Reused, "2026-11-30T12:13:45.123456")]
    [InlineData("arpwatch: new station 203.0.113.10 02:00:00:00:01:02 eth0", ArpwatchEvent.NewStation, null)]   // -d writes to stderr, no time
    [InlineData("Nov 30 12:13:12 client arpwatch: new activity 203.0.113.10 02:00:00:00:01:02", ArpwatchEvent.NewStation, "2000-11-30T12:13:12")]
    public void The_forms_syslog_writes_arpwatch_messages_in_are_read(string line, ArpwatchEvent expected, string? time)
    {
        Assert.True(ArpwatchLines.TryParse(line, null, out var report));
        Assert.Equal(expected, report.Event);
        Assert.Equal(Vip, report.Ip);
        Assert.Equal(time is null ? null : DateTimeOffset.Parse(time + "Z", System.Globalization.CultureInfo.InvariantCulture), report.Time);
        if (expected is ArpwatchEvent.FlipFlop or ArpwatchEvent.Changed or ArpwatchEvent.Reused) Assert.NotNull(report.Previous);
    }

    [Theory]
    [InlineData("Nov 30 12:11:51 client arpwatch: listening on eth0")]
    [InlineData("Nov 30 12:11:51 client arpwatch: bogon 198.51.100.7 02:00:00:00:01:02")]
    [InlineData("Nov 30 12:11:51 client kernel: flip flop 203.0.113.10 02:00:00:00:01:02 (02:00:00:00:01:01) eth0")]
    [InlineData("Nov 30 12:11:51 client arpwatch: flip flop 203.0.113.10 02:00:00:00:01 (02:00:00:00:01:01) eth0")]
    public void Other_messages_are_not_pairings(string line) =>
        Assert.False(ArpwatchLines.TryParse(line, null, out _));

    [Fact]
    public void A_log_that_starts_with_a_change_counts_it_against_the_old_MAC_it_names()
    {
        var (report, _, error) = Analyse("Nov 30 12:00:01 host arpwatch: flip flop 203.0.113.10 02:00:00:00:01:02 (02:00:00:00:01:01) eth0\n");
        Assert.Null(error);
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Verdict.Unstable, vip.Verdict);
        Assert.Equal(1, vip.WinnerChanges);
        Assert.Equal([TestSupport.Node1, TestSupport.Node2], vip.Responders.Select(r => r.Mac).OrderBy(m => m.ToString()));
    }

    [Fact]
    public void Yearless_stamps_carry_over_New_Year()
    {
        var text = "Dec 31 23:59:59 host arpwatch: new station 203.0.113.10 02:00:00:00:01:01 eth0\n" +
                   "Jan  1 00:00:09 host arpwatch: changed ethernet address 203.0.113.10 02:00:00:00:01:02 (02:00:00:00:01:01) eth0\n";
        var (report, _, _) = Analyse(text);
        var vip = Assert.Single(report.Vips);
        Assert.Equal(new DateTimeOffset(2001, 1, 1, 0, 0, 9, TimeSpan.Zero), vip.Responders.Single(r => r.Mac == TestSupport.Node2).FirstSeen);
        // 10 s with node 1, then none with node 2 until the log ends: node 1 had all the observed time.
        Assert.Equal(1.0, vip.Responders.Single(r => r.Mac == TestSupport.Node1).WinShare, 3);
    }

    [Theory]
    // A log written on 2026-11-30: its November lines are this year's.
    [InlineData("2026-11-30T18:00:00Z", "Nov 30 12:13:12", 2026)]
    // Written on 2027-01-02: December's lines are last year's, January's this year's.
    [InlineData("2027-01-02T08:00:00Z", "Dec 31 23:59:59", 2026)]
    [InlineData("2027-01-02T08:00:00Z", "Jan  2 07:00:00", 2027)]
    public void Yearless_stamps_take_the_year_of_when_the_log_was_written(string written, string stamp, int year)
    {
        var analysis = new ArpDoctor.Core.Analysis.EvidenceAnalysis();
        var text = $"{stamp} host arpwatch: new station 203.0.113.10 02:00:00:00:01:01 eth0\n";
        TextEvidenceReader.Read(new StringReader(text), analysis, written: DateTimeOffset.Parse(written, System.Globalization.CultureInfo.InvariantCulture));
        var first = Assert.Single(analysis.ToReport(TestSupport.Firewall).Vips).Responders.Single().FirstSeen!.Value;
        Assert.Equal(year, first.Year);
    }
}
