using System.Globalization;
using Xunit;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// What each reader yields, observation by observation. Address plan: client 203.0.113.1 (02:00:00:00:00:01), VIP
/// 203.0.113.10, nodes 02:00:00:00:01:0N. An observation is written <c>kind time vip source [mac@time ...]</c>.
/// </summary>
public class EvidenceReaderTests
{
    public static TheoryData<string, string, string[]> Readers => new()
    {
        {
            "iputils-arping: a run with its summary is one round per probe, replies dated from the stamp and round trip",
            "Mon Nov 30 12:17:08 UTC 2026\nARPING 203.0.113.10 from 203.0.113.1 eth0\n" +
            "Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.500ms\nUnicast reply from 203.0.113.10 [02:00:00:00:01:02]  0.700ms\n" +
            "Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.400ms\n" +
            "Sent 2 probes (2 broadcast(s))\nReceived 3 response(s)\n",
            [
                "round 12:17:08.0000 203.0.113.10 request [02:00:00:00:01:01@12:17:08.0005 02:00:00:00:01:02@12:17:08.0007]",
                "round 12:17:09.0000 203.0.113.10 request [02:00:00:00:01:01@12:17:09.0004]",
            ]
        },
        {
            "habets-arping: a timeout is a round nobody answered",
            "ARPING 203.0.113.10\n42 bytes from 02:00:00:00:01:01 (203.0.113.10): index=0 time=21.942 usec\nTimeout\n",
            [
                "round - 203.0.113.10 request [02:00:00:00:01:01@-]",
                "round - 203.0.113.10 request []",
            ]
        },
        {
            "arp-scan: every reply for an IP in one run answers one round",
            "203.0.113.10\t02:00:00:00:01:01\t(Unknown)\n203.0.113.10\t02:00:00:00:01:03\t(Unknown) (DUP: 2)\n",
            ["round - 203.0.113.10 request [02:00:00:00:01:01@- 02:00:00:00:01:03@-]"]
        },
        {
            "tcpdump: a request and the replies within a second are a round; a gratuitous ARP is an announcement",
            "2026-11-30 11:40:56.100000 02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 203.0.113.10 (ff:ff:ff:ff:ff:ff) tell 203.0.113.1, length 28\n" +
            "2026-11-30 11:40:56.100500 02:00:00:00:01:01 > 02:00:00:00:00:01, ethertype ARP (0x0806), length 42: Reply 203.0.113.10 is-at 02:00:00:00:01:01, length 28\n" +
            "2026-11-30 11:40:58.000000 02:00:00:00:01:02 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 203.0.113.10 (ff:ff:ff:ff:ff:ff) tell 203.0.113.10, length 28\n",
            [
                "round 11:40:56.1000 203.0.113.10 request [02:00:00:00:01:01@11:40:56.1005]",
                "announcement 11:40:58.0000 203.0.113.10 02:00:00:00:01:02",
            ]
        },
        {
            "neighbour cache: each entry under a date stamp is a cache round at that time",
            "Mon Nov 30 12:13:09 UTC 2026\n203.0.113.10 dev eth0 lladdr 02:00:00:00:01:01 REACHABLE\nMon Nov 30 12:13:10 UTC 2026\n203.0.113.10 dev eth0 lladdr 02:00:00:00:01:02 STALE\n",
            [
                "round 12:13:09.0000 203.0.113.10 cache [02:00:00:00:01:01@12:13:09.0000]",
                "round 12:13:10.0000 203.0.113.10 cache [02:00:00:00:01:02@12:13:10.0000]",
            ]
        },
        {
            "arpwatch: a flip flop in a log that starts mid-story is the old MAC, then the new one",
            "Nov 30 12:13:27 client arpwatch: flip flop 203.0.113.10 02:00:00:00:01:02 (02:00:00:00:01:01) eth0\n",
            [
                "round 12:13:27.0000 203.0.113.10 cache [02:00:00:00:01:01@12:13:27.0000]",
                "round 12:13:27.0000 203.0.113.10 cache [02:00:00:00:01:02@12:13:27.0000]",
            ]
        },
        {
            "addrwatch: the replies of one second are one round; a request from an address answered for is an announcement",
            "1796043825 eth0 0 02:00:00:00:01:01 203.0.113.10 ARP_REP\n1796043825 eth0 0 02:00:00:00:01:02 203.0.113.10 ARP_REP\n" +
            "1796043827 eth0 0 02:00:00:00:01:02 203.0.113.10 ARP_REQ\n1796043827 eth0 0 02:00:00:00:00:01 203.0.113.1 ARP_REQ\n",
            [
                "round 13:03:45.0000 203.0.113.10 request [02:00:00:00:01:01@13:03:45.0000 02:00:00:00:01:02@13:03:45.0000]",
                "announcement 13:03:47.0000 203.0.113.10 02:00:00:00:01:02",
            ]
        },
        {
            "watch log without round records: a winner is a cache round; a conflict and a one-responder each stand for the three rounds that confirm them",
            """
            {"time":"2026-11-26T09:00:00.000Z","vip":"203.0.113.10","event":"first-seen","mac":"02:00:00:00:01:01","previousMac":null,"responders":["02:00:00:00:01:01"]}
            {"time":"2026-11-26T09:00:01.000Z","vip":"203.0.113.10","event":"conflict","mac":"02:00:00:00:01:01","previousMac":"02:00:00:00:01:01","responders":["02:00:00:00:01:01","02:00:00:00:01:02"]}
            {"time":"2026-11-26T09:00:05.000Z","vip":"203.0.113.10","event":"one-responder","mac":"02:00:00:00:01:01","previousMac":null,"responders":["02:00:00:00:01:01"]}
            """,
            [
                "round 09:00:00.0000 203.0.113.10 cache [02:00:00:00:01:01@09:00:00.0000]",
                "round 09:00:01.0000 203.0.113.10 request [02:00:00:00:01:01@09:00:01.0000 02:00:00:00:01:02@09:00:01.0000]",
                "round 09:00:01.0000 203.0.113.10 request [02:00:00:00:01:01@09:00:01.0000 02:00:00:00:01:02@09:00:01.0000]",
                "round 09:00:01.0000 203.0.113.10 request [02:00:00:00:01:01@09:00:01.0000 02:00:00:00:01:02@09:00:01.0000]",
                "round 09:00:05.0000 203.0.113.10 request [02:00:00:00:01:01@09:00:05.0000]",
                "round 09:00:05.0000 203.0.113.10 request [02:00:00:00:01:01@09:00:05.0000]",
                "round 09:00:05.0000 203.0.113.10 request [02:00:00:00:01:01@09:00:05.0000]",
            ]
        },
        {
            "arpdoctor JSON: a probe document's replies are the rounds of the probes they answer, the rest unanswered",
            """
            {"vip":"203.0.113.10","interface":"eth0","probesSent":3,"replies":[{"probe":1,"mac":"02:00:00:00:01:01","rttMs":0.5},{"probe":1,"mac":"02:00:00:00:01:02","rttMs":0.7},{"probe":2,"mac":"02:00:00:00:01:01","rttMs":0.4}],"responders":[],"verdict":"conflict"}
            """,
            [
                "round - 203.0.113.10 request [02:00:00:00:01:01@- 02:00:00:00:01:02@-]",
                "round - 203.0.113.10 request [02:00:00:00:01:01@-]",
                "round - 203.0.113.10 request []",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public void Each_reader_yields_its_observations_one_at_a_time(string what, string text, string[] expected)
    {
        var (source, error) = TextEvidenceReader.Open(new StringReader(text), EvidenceOptions.Default);
        Assert.True(error is null, $"{what}: {error}");
        var warnings = new Warnings();
        var seen = source!.Read(warnings).Select(Describe).ToList();
        Assert.Null(source.Reading!.Error);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public void A_reader_is_pulled_lazily_and_stops_at_damage_with_the_line()
    {
        // A line that starts like iputils' but does not parse is damage: what came before it is yielded, then the error.
        var text = "Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms\nSent 1 probes (1 broadcast(s))\nReceived 1 response(s)\nUnicast reply from 203.0.113.10 [zz]  0.5ms\n";
        var (source, _) = TextEvidenceReader.Open(new StringReader(text), EvidenceOptions.Default);
        using var items = source!.Read(new Warnings()).GetEnumerator();
        Assert.Null(source.Reading!.Error);
        Assert.True(items.MoveNext());
        Assert.Equal("round - 203.0.113.10 request [02:00:00:00:01:01@-]", Describe(items.Current));
        Assert.False(items.MoveNext());
        Assert.Equal(4, source.Reading.Error!.LineNumber);
    }

    [Fact]
    public void Only_the_vip_asked_for_is_yielded_and_warnings_name_their_vip()
    {
        var text = "203.0.113.10\t02:00:00:00:01:01\t(Unknown)\n203.0.113.20\t02:00:00:00:01:02\t(Unknown)\n203.0.113.10\t02:00:00:00:01:03\t(Unknown) (DUP: 3)\n";
        var (source, _) = TextEvidenceReader.Open(new StringReader(text), new EvidenceOptions(Ipv4Address.Parse("203.0.113.10")));
        var warnings = new Warnings();
        var seen = source!.Read(warnings).Select(Describe).ToList();
        Assert.Equal(["round - 203.0.113.10 request [02:00:00:00:01:01@- 02:00:00:00:01:03@-]"], seen);
        var (warning, vip) = Assert.Single(warnings.Said);
        Assert.Equal(Ipv4Address.Parse("203.0.113.10"), vip);
        Assert.Contains("marked reply 3", warning);
    }

    private sealed class Warnings : IObservationSink
    {
        public List<(string, Ipv4Address?)> Said { get; } = [];
        public void Add(Observation observation) => throw new InvalidOperationException("readers yield observations; only warnings come here");
        public void Warn(string warning, Ipv4Address? vip = null) => Said.Add((warning, vip));
    }

    private static string Time(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("HH:mm:ss.ffff", CultureInfo.InvariantCulture) : "-";

    private static string Describe(Observation o) => o switch
    {
        Round r => $"round {Time(r.Time)} {r.Vip} {(r.Source == RoundSource.Cache ? "cache" : "request")} [{string.Join(' ', r.Replies.Select(x => $"{x.Mac}@{Time(x.Time)}"))}]",
        Announcement a => $"announcement {Time(a.Time)} {a.Vip} {a.Mac}",
        ConnectionDrop d => $"drop {Time(d.Time)} {d.Vip}",
        _ => o.ToString(),
    };
}
