using Xunit;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>Two arping loops of one incident, VIP 203.0.113.10: node 1 answers in one, node 2 in the other.</summary>
public class SourceMergeTests
{
    private static string Loop(string mac, params int[] seconds) => string.Concat(seconds.Select(s =>
        $"Mon Nov 30 12:00:{s:00} UTC 2026\nARPING 203.0.113.10 from 203.0.113.1 eth0\nUnicast reply from 203.0.113.10 [{mac}]  0.5ms\n" +
        "Sent 1 probes (1 broadcast(s))\nReceived 1 response(s)\n"));

    private static EvidenceSource Open(string text) => TextEvidenceReader.Open(new StringReader(text), EvidenceOptions.Default).Source!;

    [Fact]
    public void Overlapping_files_merge_into_one_time_ordered_history()
    {
        var node1 = Open(Loop("02:00:00:00:01:01", 0, 10, 20));
        var node2 = Open(Loop("02:00:00:00:01:02", 5, 15));
        var analysis = new EvidenceAnalysis();
        var (order, failed) = SourceMerge.Read([node2, node1], analysis);
        Assert.Null(failed);
        // Ordered by their first time (node 1's file starts first), and the later one overlaps it.
        Assert.Equal([1, 0], order.Select(o => o.Index));
        Assert.Equal([false, true], order.Select(o => o.Overlaps));
        var vip = Assert.Single(analysis.ToReport(Firewall).Vips);
        // Interleaved by time: 1 2 1 2 1, four winner changes (read one after the other it would be 1 1 1 2 2: one).
        Assert.Equal((5L, 4L), (vip.ProbesSent, vip.WinnerChanges));
        var times = vip.Timeline.Select(p => p.Time!.Value).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public void Files_apart_in_time_are_read_one_after_the_other_in_time_order_and_clockless_ones_first()
    {
        var late = Open(Loop("02:00:00:00:01:02", 40, 50));
        var early = Open(Loop("02:00:00:00:01:01", 0, 10));
        var clockless = Open("Unicast reply from 203.0.113.10 [02:00:00:00:01:03]  0.5ms\nSent 1 probes (1 broadcast(s))\nReceived 1 response(s)\n");
        var analysis = new EvidenceAnalysis();
        var (order, failed) = SourceMerge.Read([late, early, clockless], analysis);
        Assert.Null(failed);
        Assert.Equal([2, 1, 0], order.Select(o => o.Index));
        Assert.All(order, o => Assert.False(o.Overlaps));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), order[1].First);
        var vip = Assert.Single(analysis.ToReport(Firewall).Vips);
        Assert.Equal((5L, 2L), (vip.ProbesSent, vip.WinnerChanges));
    }

    [Fact]
    public void A_damaged_file_ends_the_reading_and_is_named()
    {
        var good = Open(Loop("02:00:00:00:01:01", 0));
        var bad = Open("Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms\nUnicast reply from 203.0.113.10 [zz]  0.5ms\n");
        var (_, failed) = SourceMerge.Read([good, bad], new EvidenceAnalysis());
        Assert.Equal(1, failed);
        Assert.Equal(2, bad.Reading!.Error!.LineNumber);
    }
}
