using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// Snapshots of a client's neighbour cache. The golden files are real: in the client namespace of a 3-node lab (client
/// 192.0.2.2, nodes 192.0.2.11-13, VIP 203.0.113.10, routed on-link from the client) a loop ran, once a second,
/// <c>date</c> followed by iproute2 6.1.0's <c>ip neigh</c> (neigh-ip.txt), net-tools 2.10's <c>arp -an</c>
/// (neigh-arp-an.txt) and <c>arp -a</c> (neigh-arp-a.txt), while the client sent UDP to the VIP and the lab went: node 1
/// speaker; failovers to 2, 1, 3, 2 (announced); strictARP everywhere (the entry goes INCOMPLETE, then FAILED); all
/// three nodes answering; then nodes 1 and 2 answering.
/// </summary>
public sealed class NeighbourCacheTests
{
    private static readonly MacAddress Node1 = MacAddress.Parse("b6:56:f5:11:4c:40");
    private static readonly MacAddress Node2 = MacAddress.Parse("22:4b:89:60:84:c4");
    private static readonly MacAddress Node3 = MacAddress.Parse("96:52:91:af:a1:66");

    [Theory]
    [InlineData("neigh-ip.txt")]
    [InlineData("neigh-arp-an.txt")]
    [InlineData("neigh-arp-a.txt")]
    public void Real_snapshots_show_the_VIP_moving_between_nodes_and_going_unanswered(string file)
    {
        var text = Golden(file);
        var (report, kind, error) = Analyse(text);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.NeighbourCache, kind);
        var vip = report.Vips.Single(v => v.Vip == Vip);
        Assert.Equal(Verdict.Unstable, vip.Verdict);
        Assert.Equal(new[] { Node1, Node2, Node3 }.OrderBy(m => m.ToString()), vip.Responders.Select(r => r.Mac).OrderBy(m => m.ToString()));
        // One observation per snapshot that lists the VIP; the INCOMPLETE/FAILED ones are no answer.
        var entries = text.Split('\n').Where(l => l.Contains("203.0.113.10", StringComparison.Ordinal)).ToList();
        var unanswered = entries.Count(l => l.Contains("INCOMPLETE", StringComparison.Ordinal) || l.Contains("FAILED", StringComparison.Ordinal) || l.Contains("<incomplete>", StringComparison.Ordinal));
        Assert.True(unanswered > 0);
        Assert.Equal(entries.Count, vip.ProbesSent);
        Assert.Equal(entries.Count - unanswered, vip.ProbesAnswered);
        // 1 -> 2 -> 1 -> 3 -> 2 by failover, then more as the nodes answer together.
        Assert.True(vip.WinnerChanges >= 4, $"{vip.WinnerChanges} changes");
        // Times come from the date stamps: node 1 is first seen in the snapshot after the client's first packet.
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 13, 12, TimeSpan.Zero), vip.Responders.Single(r => r.Mac == Node1).FirstSeen);
        Assert.All(report.Vips.Where(v => v.Vip != Vip), v => Assert.StartsWith("192.0.2.1", v.Vip.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void The_three_listings_of_the_same_caches_agree()
    {
        var reports = new[] { "neigh-ip.txt", "neigh-arp-an.txt", "neigh-arp-a.txt" }
            .Select(f => Analyse(Golden(f)).Report.Vips.Single(v => v.Vip == Vip)).ToList();
        // ip neigh and arp ran a moment apart each second; the sequence of MACs they saw is the same.
        Assert.Single(reports.Select(r => r.WinnerChanges).Distinct());
        Assert.Single(reports.Select(r => r.ProbesAnswered).Distinct());
    }

    [Theory]
    [InlineData("203.0.113.10 dev eth0 lladdr 02:00:00:00:01:02 REACHABLE", "02:00:00:00:01:02")]
    [InlineData("203.0.113.10 dev eth0 lladdr 02:00:00:00:01:02 STALE ", "02:00:00:00:01:02")]
    [InlineData("203.0.113.10 lladdr 02:00:00:00:01:02 DELAY", "02:00:00:00:01:02")]   // ip neigh show dev eth0
    [InlineData("203.0.113.10 dev eth0 lladdr 02:00:00:00:01:02 ref 1 used 10/5/3 probes 1 REACHABLE", "02:00:00:00:01:02")]   // ip -s neigh
    [InlineData("203.0.113.10 dev eth0 INCOMPLETE", null)]
    [InlineData("203.0.113.10 dev eth0 FAILED", null)]
    [InlineData("203.0.113.10 dev Ethernet4  used 81662/85265/81659 probes 6 FAILED", null)]   // ip -s neigh: two spaces where the MAC would be
    [InlineData("203.0.113.10 dev eth0  used 0/0/0 probes 3 INCOMPLETE", null)]
    [InlineData("203.0.113.10 dev eth0  INCOMPLETE", null)]
    [InlineData("? (203.0.113.10) at 02:00:00:00:01:02 [ether] on eth0", "02:00:00:00:01:02")]
    [InlineData("vip.example (203.0.113.10) at 2:0:0:0:1:2 [ether] PERM on eth0", "02:00:00:00:01:02")]
    [InlineData("? (203.0.113.10) at <incomplete> on eth0", null)]
    public void Entries_are_read_with_their_MAC_or_as_no_answer(string line, string? mac)
    {
        Assert.True(NeighbourLines.TryParse(line, out var entry));
        Assert.Equal(Vip, entry.Ip);
        Assert.Equal(mac is null ? null : MacAddress.Parse(mac), entry.Mac);
    }

    [Theory]
    [InlineData("fe80::1 dev eth0 lladdr 02:00:00:00:01:02 router STALE")]
    [InlineData("203.0.113.10 dev eth0 lladdr 02:00:00:00:01 REACHABLE")]
    [InlineData("Address                  HWtype  HWaddress           Flags Mask            Iface")]
    [InlineData("203.0.113.10 dev eth0 NOARP")]
    public void Other_lines_are_not_entries(string line) => Assert.False(NeighbourLines.TryParse(line, out _));

    [Fact]
    public void Ip_s_neigh_failed_entries_are_unanswered_requests()
    {
        var text = "203.0.113.10 dev eth0 lladdr 02:00:00:00:01:01 ref 1 used 1368/1363/765 probes 1 REACHABLE\n" +
                   "203.0.113.11 dev eth0  used 81662/85265/81659 probes 6 FAILED\n" +
                   "203.0.113.12 dev eth0  used 0/0/0 probes 3 INCOMPLETE\n";
        var (report, kind, error) = Analyse(text);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.NeighbourCache, kind);
        Assert.Equal(
            [("203.0.113.11", Verdict.NoAnswer, 1L, 0L), ("203.0.113.12", Verdict.NoAnswer, 1L, 0L), ("203.0.113.10", Verdict.Inconclusive, 1L, 1L)],
            report.Vips.Select(v => (v.Vip.ToString(), v.Verdict, v.ProbesSent, v.ProbesAnswered)));
    }

    [Fact]
    public void Without_date_stamps_each_entry_is_an_observation_without_a_time()
    {
        var text = "203.0.113.10 dev eth0 lladdr 02:00:00:00:01:01 REACHABLE\n203.0.113.10 dev eth0 lladdr 02:00:00:00:01:02 REACHABLE\n" +
                   "203.0.113.10 dev eth0 FAILED\n203.0.113.10 dev eth0 lladdr 02:00:00:00:01:02 STALE\n";
        var (report, kind, error) = Analyse(text);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.NeighbourCache, kind);
        var vip = Assert.Single(report.Vips);
        Assert.Equal((4L, 3L, 1L), (vip.ProbesSent, vip.ProbesAnswered, vip.WinnerChanges));   // no answer is not a change
        Assert.Equal(Verdict.Unstable, vip.Verdict);
        Assert.All(vip.Responders, r => Assert.Null(r.FirstSeen));
    }
}
