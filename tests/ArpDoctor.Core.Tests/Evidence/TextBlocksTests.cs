using System.Text;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Probing;
using Xunit;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// Pastes of several kinds of text: each block read by its own reader and named; lines that look like evidence but
/// cannot be read are errors, or, past the first 1000 lines of an input, counted and the verdict marked incomplete.
/// Address plan: client 203.0.113.1 (02:00:00:00:00:01), VIP 203.0.113.10, nodes 02:00:00:00:01:0N.
/// </summary>
public sealed class TextBlocksTests
{
    // What people paste into a ticket: a prompt, the client's cache (a static entry for the VIP), prose, a fenced arping run.
    private const string CacheThenArping = """
        $ arp -an
        ? (203.0.113.10) at 02:00:00:00:01:01 [ether] PERM on eth0
        ? (203.0.113.1) at 02:00:00:00:00:01 [ether] on eth0

        But arping from the same client shows:
        ```
        $ sudo arping -c 3 -I eth0 203.0.113.10
        ARPING 203.0.113.10 from 203.0.113.1 eth0
        Unicast reply from 203.0.113.10 [02:00:00:00:01:02]  0.612ms
        Unicast reply from 203.0.113.10 [02:00:00:00:01:02]  0.598ms
        Unicast reply from 203.0.113.10 [02:00:00:00:01:02]  0.601ms
        Sent 3 probes (1 broadcast(s))
        Received 3 response(s)
        ```
        """;

    private static (EvidenceSource Source, AnalysisReport Report) Read(string text)
    {
        var analysis = new EvidenceAnalysis();
        var (source, error) = TextEvidenceReader.Open(new StringReader(text), EvidenceOptions.Default);
        Assert.Null(error);
        source!.ReadInto(analysis);
        return (source, analysis.ToReport(Firewall));
    }

    [Fact]
    public void A_cache_snapshot_then_an_arping_run_are_both_read_and_named()
    {
        var (source, report) = Read(CacheThenArping);
        Assert.Null(source.Reading!.Error);
        Assert.Equal(
            [new EvidenceBlock(EvidenceKind.NeighbourCache, 2, 3), new EvidenceBlock(EvidenceKind.IputilsArping, 8, 13)],
            source.Reading.Blocks);
        var vip = Assert.Single(report.Vips, v => v.Vip == Vip);
        // The arping run's MAC is counted beside the cache's: two MACs for the VIP, not healthy.
        Assert.Equal(new HashSet<ArpDoctor.Core.Packets.MacAddress> { Node1, Node2 }, vip.Responders.Where(r => r.Replies > 0).Select(r => r.Mac).ToHashSet());
        Assert.NotEqual(Verdict.Healthy, vip.Verdict);
        Assert.Equal(4, vip.Replies);
    }

    [Fact]
    public void Prompts_prose_and_fences_are_skipped_and_end_no_block()
    {
        var bare = Golden("iputils-double.txt");
        var pasted = "Here is what I see:\n\n```console\n$ arping -c 4 203.0.113.10\n" + bare.Replace("\n", "\n\n", StringComparison.Ordinal) + "```\nAny idea?\n";
        var (source, report) = Read(pasted);
        var (_, alone) = Read(bare);
        Assert.Null(source.Reading!.Error);
        Assert.Equal(EvidenceKind.IputilsArping, Assert.Single(source.Reading.Blocks).Kind);
        var (a, b) = (Assert.Single(report.Vips), Assert.Single(alone.Vips));
        Assert.Equal((b.Verdict, b.ProbesSent, b.Replies), (a.Verdict, a.ProbesSent, a.Replies));
    }

    [Fact]
    public void Blocks_of_three_kinds_are_read_in_turn()
    {
        var text = CacheThenArping + "\nand tcpdump on the node:\n" +
                   "12:00:00.000000 ARP, Request who-has 203.0.113.10 tell 203.0.113.1, length 28\n" +
                   "12:00:00.000400 ARP, Reply 203.0.113.10 is-at 02:00:00:00:01:03, length 46\n";
        var (source, report) = Read(text);
        Assert.Null(source.Reading!.Error);
        Assert.Equal([EvidenceKind.NeighbourCache, EvidenceKind.IputilsArping, EvidenceKind.Tcpdump], source.Reading.Blocks.Select(b => b.Kind));
        Assert.Equal((16, 17), (source.Reading.Blocks[2].FirstLine, source.Reading.Blocks[2].LastLine));
        Assert.Contains(Node3, Assert.Single(report.Vips, v => v.Vip == Vip).Responders.Select(r => r.Mac));
    }

    public static TheoryData<string> SingleKindGoldens() =>
    [
        .. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".jsonl", StringComparison.Ordinal))
            .Where(f => !f.Contains("real-pastes", StringComparison.Ordinal) && !f.Contains("kube-proxy", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "TestData"), f))
            .Order(),
    ];

    [Theory]
    [MemberData(nameof(SingleKindGoldens))]
    public void A_text_of_one_kind_is_one_block(string file)
    {
        var (source, error) = TextEvidenceReader.Open(new StringReader(Golden(file)), EvidenceOptions.Default);
        if (source is null) return;   // not evidence (a fixture of another kind of test): nothing to split
        Assert.Null(error);
        source.ReadInto(new EvidenceAnalysis());
        Assert.Single(source.Reading!.Blocks);
    }

    [Theory]
    // iputils arping: the MAC of one of two responders mistyped (3z); as the paste had it, this line was skipped in silence.
    [InlineData("ARPING 203.0.113.10 from 203.0.113.1 eth0\nUnicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms\nUnicast reply from 203.0.113.10 [42:92:AD:23:12:3Z]  0.7ms\nSent 1 probes (1 broadcast(s))\nReceived 2 response(s)\n",
        3, "'42:92:AD:23:12:3Z' is not a MAC address")]
    // Habets arping.
    [InlineData("ARPING 203.0.113.10\n60 bytes from 02:00:00:00:01:01 (203.0.113.10): index=0 time=21.9 usec\n60 bytes from 42:92:ad:23:12:3z (203.0.113.10): index=0 time=30.1 usec\n",
        3, "'42:92:ad:23:12:3z' is not a MAC address")]
    // A cache entry.
    [InlineData("? (203.0.113.10) at 02:00:00:00:01:01 [ether] on eth0\n? (203.0.113.10) at 42:92:ad:23:12:3z [ether] on eth0\n", 2, "'42:92:ad:23:12:3z' is not a MAC address")]
    [InlineData("203.0.113.10 dev eth0 lladdr 02:00:00:00:01:01 STALE\n203.0.113.10 dev eth0 lladdr 42:92:ad:23:12 REACHABLE\n", 2, "'42:92:ad:23:12' is not a MAC address")]
    // The damaged reply after a block of another kind: it starts its own block, whose reader reports it.
    [InlineData("$ ip neigh\n203.0.113.10 dev eth0 lladdr 02:00:00:00:01:01 STALE\n$ arping 203.0.113.10\nUnicast reply from 203.0.113.10 [42:92:ad:23:12:3z]  0.7ms\n", 4, "is not a MAC address")]
    // A redacted MAC keeps its reason.
    [InlineData("ARPING 203.0.113.10 from 203.0.113.1 eth0\nUnicast reply from 203.0.113.10 [xx:xx:xx:xx:xx:xx]  0.7ms\n", 2, "the MAC address is redacted")]
    public void A_line_that_looks_like_evidence_but_cannot_be_read_is_an_error_naming_it(string text, long line, string why)
    {
        var (_, kind, error) = Analyse(text);
        Assert.NotNull(kind);
        Assert.Equal(line, error!.LineNumber);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void In_a_long_log_damaged_lines_are_counted_shown_and_mark_the_verdict_incomplete()
    {
        // 400 runs of 3 replies from node 1 (2 000 lines); two replies past line 1000 have a mistyped MAC.
        var text = new StringBuilder();
        for (int run = 0; run < 400; run++)
        {
            text.Append("ARPING 203.0.113.10 from 203.0.113.1 eth0\n");
            for (int i = 0; i < 3; i++)
                text.Append(run is 300 or 350 && i == 1 ? "Unicast reply from 203.0.113.10 [02:00:00:00:01:0g]  0.6ms\n" : "Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms\n");
            text.Append("Sent 3 probes (1 broadcast(s))\nReceived 3 response(s)\n");
        }
        var (source, report) = Read(text.ToString());
        Assert.Null(source.Reading!.Error);
        Assert.Equal(2, source.Reading.Skipped);
        Assert.Equal(2, report.SkippedLines);
        Assert.True(report.Incomplete);
        Assert.False(report.IsHealthy);
        Assert.Equal("incomplete", report.VerdictWord);
        Assert.Contains(report.Warnings, w => w.StartsWith("line 1803: 'Unicast reply from 203.0.113.10 [02:00:00:00:01:0g]", StringComparison.Ordinal) && w.EndsWith(": skipped", StringComparison.Ordinal));

        // The same damage within the first 1000 lines ends the reading with an error naming it.
        var lines = text.ToString().Split('\n');
        lines[9] = "Unicast reply from 203.0.113.10 [02:00:00:00:01:0g]  0.6ms";
        var (_, _, error) = Analyse(string.Join('\n', lines));
        Assert.Equal(10, error!.LineNumber);
    }
}
