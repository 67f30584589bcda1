using ArpDoctor.Core.History;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// addrwatch lines. The golden file was written by addrwatch itself: addrwatch 1.0.2 (github.com/fln/addrwatch, git
/// describe v1.0.2-3-g27b57d9, commit 27b57d9da322), built from source (<c>./bootstrap.sh</c>, <c>./configure</c>,
/// <c>make</c>) against Debian 12's libpcap 1.10.3 and libevent 2.1.12, run as <c>addrwatch -m NAME -o FILE eth0</c>
/// (otherwise its defaults: no rate limit, promiscuous, IPv4 and IPv6) in the client namespace of a 3-node lab in speaker
/// mode (VIP 203.0.113.10). Its stdout, saved here, was byte for byte the same as its <c>-o</c> file. While it ran: probes
/// from the client (<c>arping -b -c 3</c> at one a second, then <c>arpdoctor probe -c 3</c> at 100 ms), failovers
/// 1 -> 2 -> 1 -> 3 -> 2 each announced with two gratuitous ARPs and followed by the same probes, then strictARP off on
/// every node (all three answer) and two more rounds of probes.
/// </summary>
public sealed class AddrwatchTests
{
    private static readonly MacAddress Node1 = MacAddress.Parse("56:f5:be:02:1c:59");
    private static readonly MacAddress Node2 = MacAddress.Parse("d2:c7:50:b5:ca:f7");
    private static readonly MacAddress Node3 = MacAddress.Parse("4a:74:98:64:a5:a0");

    [Fact]
    public void Real_addrwatch_output_is_read_as_replies_by_the_second_and_claims()
    {
        var text = Golden("addrwatch-real.txt");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Every line addrwatch wrote is in the format the reader expects (the client's own requests included).
        Assert.All(lines, l => Assert.True(AddrwatchLines.TryParse(l, out _), l));
        var (report, kind, error) = Analyse(text);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.Addrwatch, kind);
        // The client only asked and nobody asked the nodes for anything else: the VIP is the only address answered for.
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Vip, vip.Vip);
        // Failovers between single nodes, then (strictARP off everywhere) all three answering each probe: a conflict now.
        Assert.Equal(Verdict.Conflict, vip.Verdict);
        Assert.Equal([PhaseChangeKind.Failover, PhaseChangeKind.Failover, PhaseChangeKind.Failover, PhaseChangeKind.Failover, PhaseChangeKind.Broke],
            vip.Changes.Select(c => c.Kind));
        Assert.Equal([[Node1], [Node2], [Node1], [Node3], [Node2]], vip.Changes.Select(c => c.Before.ToArray()));
        Assert.Equal([Node2, Node1, Node3, Node2], vip.Changes.Take(4).Select(c => Assert.Single(c.After)));
        Assert.Equal(new[] { Node1, Node2, Node3 }.OrderBy(m => m.ToString()), vip.Responders.Select(r => r.Mac).OrderBy(m => m.ToString()));
        var replies = lines.Where(l => l.EndsWith(" 203.0.113.10 ARP_REP", StringComparison.Ordinal)).ToList();
        Assert.Equal(66, replies.Count);
        Assert.Equal(replies.Count, vip.Replies);
        // One probe per second in which someone answered: a burst of three probes within one second is one probe here.
        Assert.Equal(31, vip.ProbesSent);
        Assert.Equal(replies.Select(l => l.Split(' ')[0]).Distinct().Count(), vip.ProbesSent);
        // The gratuitous ARPs of the failovers: requests sent from the VIP, two per failover, by the new speaker.
        Assert.Equal(8, lines.Count(l => l.EndsWith(" 203.0.113.10 ARP_REQ", StringComparison.Ordinal)));
        Assert.Equal(8, vip.Responders.Sum(r => r.Announcements));
        Assert.Equal(4, vip.Responders.Single(r => r.Mac == Node2).Announcements);   // failovers to 2 twice
        // The conflict: 9 seconds of probes, each answered by all three; the bridge delivers node 3's reply first every time.
        var last = vip.Phases[^1];
        Assert.Equal((9L, 36L, 9L), (last.ProbesSent, last.Replies, last.ContestedProbes));
        Assert.Equal(9, last.Responders.Single(r => r.Mac == Node3).Wins);
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
