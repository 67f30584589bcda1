using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// tcpdump text, recognised from its content. The golden files are real tcpdump 4.99 output from the lab (3 nodes in
/// loose mode, VIP 203.0.113.10 on every node's kube-ipvs0): the client's `arping -b -c 3`, then node 2's `arping -U`,
/// captured on the client's eth0 with `tcpdump -n -e`, `-n -e -tttt` and plain `-n`.
/// </summary>
public sealed class TcpdumpTests
{
    private static readonly MacAddress First = MacAddress.Parse("de:cb:35:de:75:d0");
    private static readonly MacAddress Node2 = MacAddress.Parse("da:ee:7d:d4:88:72");

    [Theory]
    [InlineData("tcpdump-e.txt", 1)]
    [InlineData("tcpdump-tttt.txt", 1)]
    [InlineData("tcpdump-plain.txt", 0)]   // without -e an announcement names nobody
    public void Real_tcpdump_text_is_read_as_the_capture_it_shows(string file, int announcements)
    {
        var (report, kind, error) = TestSupport.Analyse(TestSupport.Golden(file));
        Assert.Null(error);
        Assert.Equal(EvidenceKind.Tcpdump, kind);
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Ipv4Address.Parse("203.0.113.10"), vip.Vip);
        Assert.Equal(Core.Probing.Verdict.Conflict, vip.Verdict);
        Assert.Equal((3, 9, 3), (vip.ProbesSent, vip.Replies, vip.Responders.Count));
        Assert.Equal(First, vip.Responders.OrderByDescending(r => r.Wins).First().Mac);
        Assert.Equal(announcements, vip.Responders.Sum(r => r.Announcements));
        Assert.DoesNotContain(vip.Responders, r => r.Mac == MacAddress.Zero);
        if (announcements > 0) Assert.Equal(Node2, vip.Responders.Single(r => r.Announcements > 0).Mac);
    }

    [Fact]
    public void What_tcpdump_writes_around_the_frames_when_stderr_is_pasted_too_changes_nothing()
    {
        // `tcpdump ... 2>&1 | tee`: the banner before, the counters after, and other traffic between.
        var lines = TestSupport.Golden("tcpdump-e.txt").TrimEnd('\n').Split('\n').ToList();
        lines.Insert(2, "11:40:56.694712 IP 192.0.2.2.41234 > 192.0.2.11.443: Flags [S], seq 1, win 64240, length 0");
        var pasted = "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n" +
            "listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n" +
            string.Join("\n", lines) + "\n\n14 packets captured\n14 packets received by filter\n0 packets dropped by kernel\n";
        var (report, kind, error) = TestSupport.Analyse(pasted);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.Tcpdump, kind);
        var vip = Assert.Single(report.Vips);
        Assert.Equal((3, 9, 3), (vip.ProbesSent, vip.Replies, vip.Responders.Count));
    }

    [Theory]
    [InlineData("11:40:56.694637 IP 192.0.2.2.22 > 192.0.2.1.50000: Flags [P.], length 36")]
    [InlineData("tcpdump: verbose output suppressed, use -v[v]... for full protocol decode")]
    public void Other_lines_are_not_frames(string line) =>
        Assert.Equal(TcpdumpLineKind.Noise, TcpdumpLines.Parse(line).Kind);

    [Fact]
    public void Without_e_an_announcement_names_nobody_and_says_so()
    {
        var (report, _, error) = TestSupport.Analyse(TestSupport.Golden("tcpdump-plain.txt"));
        Assert.Null(error);
        Assert.Contains(report.Warnings, w => w.Contains("their announcer is not shown (capture with tcpdump -e", StringComparison.Ordinal));
    }
}
