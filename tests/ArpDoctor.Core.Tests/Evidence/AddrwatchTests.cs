using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// addrwatch lines. addrwatch is not packaged in Debian 12, so the golden file was NOT written by addrwatch: it is the
/// same lab session's real capture (tcpdump 4.99 on the client's eth0: 3 nodes, VIP 203.0.113.10, failovers 1 -> 2 -> 1
/// -> 3 -> 2 announced with gratuitous ARP, then all nodes answering) written out line by line in addrwatch's documented
/// format, following its source (github.com/fln/addrwatch 27b57d9: <c>src/process.c</c> picks the pairing — a request's
/// and a reply's sender, an RFC 5227 probe's target as ARP_ACD — and <c>src/storage.c</c> prints
/// <c>"%lu %s %u %s %s %s\n"</c>: seconds, interface, VLAN tag, MAC as <c>%02x:</c>..., IP, origin).
/// </summary>
public sealed class AddrwatchTests
{
    private static readonly MacAddress Node1 = MacAddress.Parse("b6:56:f5:11:4c:40");
    private static readonly MacAddress Node2 = MacAddress.Parse("22:4b:89:60:84:c4");
    private static readonly MacAddress Node3 = MacAddress.Parse("96:52:91:af:a1:66");

    [Fact]
    public void Lines_in_addrwatchs_format_are_read_as_replies_by_the_second_and_claims()
    {
        var text = Golden("addrwatch-format.txt");
        var (report, kind, error) = Analyse(text);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.Addrwatch, kind);
        var vip = report.Vips.Single(v => v.Vip == Vip);
        // Failovers between single nodes, then (strictARP off on two nodes) several answering each probe: a conflict now.
        Assert.Equal(Verdict.Conflict, vip.Verdict);
        Assert.Equal([PhaseChangeKind.Failover, PhaseChangeKind.Failover, PhaseChangeKind.Failover, PhaseChangeKind.Failover, PhaseChangeKind.Broke],
            vip.Changes.Select(c => c.Kind));
        Assert.Equal(new[] { Node1, Node2, Node3 }.OrderBy(m => m.ToString()), vip.Responders.Select(r => r.Mac).OrderBy(m => m.ToString()));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var replies = lines.Where(l => l.EndsWith(" 203.0.113.10 ARP_REP", StringComparison.Ordinal)).ToList();
        Assert.Equal(replies.Count, vip.Replies);
        // One probe per second in which someone answered.
        Assert.Equal(replies.Select(l => l.Split(' ')[0]).Distinct().Count(), vip.ProbesSent);
        // The gratuitous ARPs of the failovers: requests sent from the VIP, two per failover, by the new speaker.
        Assert.Equal(8, lines.Count(l => l.EndsWith(" 203.0.113.10 ARP_REQ", StringComparison.Ordinal)));
        Assert.Equal(8, vip.Responders.Sum(r => r.Announcements));
        Assert.Equal(4, vip.Responders.Single(r => r.Mac == Node2).Announcements);   // failovers to 2 twice
        // The client asks and never answers for a VIP: only the addresses someone answered for are reported.
        Assert.DoesNotContain(report.Vips, v => v.Vip.ToString() is "192.0.2.11" or "192.0.2.12" or "192.0.2.13");
    }

    [Theory]
    [InlineData("1329486485 eth0 0 02:00:00:00:01:02 203.0.113.10 ARP_REP", AddrwatchOrigin.Reply)]
    [InlineData("1329486485 eth0 7 02:00:00:00:01:02 203.0.113.10 ARP_REQ", AddrwatchOrigin.Request)]
    [InlineData("1329486485 eth0 0 02:00:00:00:01:02 203.0.113.10 ARP_ACD", AddrwatchOrigin.AddressProbe)]
    [InlineData("Feb 17 13:48:05 fw addrwatch: 1329486485 eth0 0 02:00:00:00:01:02 203.0.113.10 ARP_REP", AddrwatchOrigin.Reply)]
    public void Lines_are_read_with_their_origin_and_time(string line, AddrwatchOrigin origin)
    {
        Assert.True(AddrwatchLines.TryParse(line, out var seen));
        Assert.Equal(origin, seen.Origin);
        Assert.Equal((Vip, TestSupport.Node2), (seen.Ip, seen.Mac));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1329486485), seen.Time);
    }

    [Theory]
    [InlineData("1329486484 eth0 0 00:aa:bb:cc:dd:ee fe80::2aa:bbff:fecc:ddee ND_NS")]
    [InlineData("1329486485 eth0 0 02:00:00:00:01:02 203.0.113.10 ARP_XYZ")]
    [InlineData("1329486485 eth0 02:00:00:00:01:02 203.0.113.10 ARP_REP")]
    public void Other_lines_are_not_read(string line) => Assert.False(AddrwatchLines.TryParse(line, out _));

    [Fact]
    public void Two_MACs_answering_in_the_same_seconds_are_a_conflict_and_the_first_logged_wins()
    {
        var text = string.Concat(Enumerable.Range(0, 5).Select(i =>
            $"{1_700_000_000 + i} eth0 0 02:00:00:00:01:01 203.0.113.10 ARP_REP\n{1_700_000_000 + i} eth0 0 02:00:00:00:01:02 203.0.113.10 ARP_REP\n"));
        var (report, _, error) = Analyse(text);
        Assert.Null(error);
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Verdict.Conflict, vip.Verdict);
        Assert.Equal((5L, 10L, 5L), (vip.ProbesSent, vip.Replies, vip.ContestedProbes));
        Assert.Equal(5, vip.Responders.Single(r => r.Mac == TestSupport.Node1).Wins);
    }
}
