using Xunit;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>Two arping loops of one incident, VIP 203.0.113.10: node 1 answers in one, node 2 in the other.</summary>
/// <remarks>
/// Runs alone (<see cref="HeapMeasurements"/>): one test weighs the live heap, which is the whole process's, so other
/// classes' tests running beside it would count as its own.
/// </remarks>
[Collection(HeapMeasurements.Name)]
public class SourceMergeTests(Xunit.Abstractions.ITestOutputHelper output)
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
        Assert.Empty(failed);
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
        Assert.Empty(failed);
        Assert.Equal([2, 1, 0], order.Select(o => o.Index));
        Assert.All(order, o => Assert.False(o.Overlaps));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), order[1].First);
        var vip = Assert.Single(analysis.ToReport(Firewall).Vips);
        Assert.Equal((5L, 2L), (vip.ProbesSent, vip.WinnerChanges));
    }

    [Fact]
    public void A_damaged_file_is_named_and_the_others_are_read_on()
    {
        var bad = Open("Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms\nUnicast reply from 203.0.113.10 [zz]  0.5ms\n");
        var good = Open(Loop("02:00:00:00:01:02", 0, 10).Replace("203.0.113.10", "203.0.113.20", StringComparison.Ordinal));
        var analysis = new EvidenceAnalysis();
        var (order, failed) = SourceMerge.Read([bad, good], analysis);
        Assert.Equal([0], failed);
        Assert.Equal(2, bad.Reading!.Error!.LineNumber);
        Assert.Equal(2, order.Count);
        var vip = Assert.Single(analysis.ToReport(Firewall).Vips, v => v.Vip.ToString() == "203.0.113.20");
        Assert.Equal(2L, vip.ProbesSent);
    }

    /// <summary>A file read again from its first line, as a file on disk is.</summary>
    private sealed class Text(string text) : IRereadableText
    {
        public int Opened;
        public TextReader Open()
        {
            Opened++;
            return new StringReader(text);
        }
    }

    private static EvidenceSource File(string text, string name) =>
        TextEvidenceReader.Open(new StringReader(text), new EvidenceOptions(Name: name)).Source!.ReadableAgain(new Text(text));

    [Fact]
    public void A_file_whose_clock_goes_back_is_read_in_runs_as_its_parts_are_as_two_files()
    {
        // cat arping.log arping.log.1: the newer run (node 2, 12:00:40) first, the older (node 1, 12:00:00) after it.
        string newest = Loop("02:00:00:00:01:02", 40, 50, 60 - 1), oldest = Loop("02:00:00:00:01:01", 0, 10, 20);
        var asTwo = new EvidenceAnalysis();
        SourceMerge.Read([Open(newest), Open(oldest)], asTwo);
        var asOne = new EvidenceAnalysis();
        var (order, failed) = SourceMerge.Read([File(newest + oldest, "arping.log")], asOne);
        Assert.Empty(failed);
        Assert.Equal(2, Assert.Single(order).Runs);
        var two = Assert.Single(asTwo.ToReport(Firewall).Vips);
        var report = asOne.ToReport(Firewall);
        var one = Assert.Single(report.Vips);
        Assert.Equal((two.ProbesSent, two.WinnerChanges, two.Verdict), (one.ProbesSent, one.WinnerChanges, one.Verdict));
        Assert.Equal(two.Changes.Select(c => (c.Kind, c.At)), one.Changes.Select(c => (c.Kind, c.At)));
        var times = one.Timeline.Select(p => p.Time!.Value).ToList();
        Assert.Equal(times.Order(), times);
        // The line of the older run's first probe: the 4th run starts at line 16, its reply is yielded at its summary.
        Assert.Equal(["arping.log: line 20: the clock goes back from 12:00:59 to 12:00:00 UTC; read from here as a separate run"], report.Warnings);
    }

    [Fact]
    public void Each_run_is_read_again_from_the_file_not_held()
    {
        string text = Loop("02:00:00:00:01:02", 40, 50) + Loop("02:00:00:00:01:01", 20, 30) + Loop("02:00:00:00:01:02", 0, 10);
        var again = new Text(text);
        var source = TextEvidenceReader.Open(new StringReader(text), EvidenceOptions.Default).Source!.ReadableAgain(again);
        var analysis = new EvidenceAnalysis();
        var (order, _) = SourceMerge.Read([source], analysis);
        Assert.Equal(3, Assert.Single(order).Runs);
        // Once through the first opening to find the runs, then once per run.
        Assert.Equal(3, again.Opened);
        var vip = Assert.Single(analysis.ToReport(Firewall).Vips);
        Assert.Equal(["02:00:00:00:01:02", "02:00:00:00:01:01", "02:00:00:00:01:02"], vip.WinnerRuns.Select(r => r.Winner.ToString()));
    }

    [Fact]
    public void A_step_back_within_the_tolerance_is_jitter_not_a_new_run()
    {
        // Two stamps a second apart, the later first: tcpdump -i any and merged captures put frames that far out of order.
        string text = Loop("02:00:00:00:01:01", 11) + Loop("02:00:00:00:01:01", 10) + Loop("02:00:00:00:01:01", 12);
        var analysis = new EvidenceAnalysis();
        var (order, _) = SourceMerge.Read([File(text, "jitter.log")], analysis);
        Assert.Equal(1, Assert.Single(order).Runs);
        Assert.Empty(analysis.ToReport(Firewall).Warnings);
    }

    [Fact]
    public void Text_read_once_whose_clock_goes_back_is_read_in_the_order_written_and_says_so()
    {
        string text = Loop("02:00:00:00:01:02", 40, 50) + Loop("02:00:00:00:01:01", 0, 10);
        var source = TextEvidenceReader.Open(new StringReader(text), new EvidenceOptions(Name: "standard input")).Source!;
        var analysis = new EvidenceAnalysis();
        var (order, _) = SourceMerge.Read([source], analysis);
        Assert.Equal(1, Assert.Single(order).Runs);
        var warning = Assert.Single(analysis.ToReport(Firewall).Warnings);
        Assert.StartsWith("standard input: line 15: the clock goes back from 12:00:50 to 12:00:00 UTC; text read once (a pipe) is read in the order written", warning);
    }

    [Fact]
    public void A_warning_begins_with_its_sources_name()
    {
        var analysis = new EvidenceAnalysis();
        var source = TextEvidenceReader.Open(new StringReader("Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms\nSent 1 probes (1 broadcast(s))\nReceived 2 response(s)\n"),
            new EvidenceOptions(Name: "night.log")).Source!;
        SourceMerge.Read([source], analysis);
        var vip = Assert.Single(analysis.ToReport(Firewall).Vips);
        Assert.Contains(vip.Warnings, w => w.StartsWith("night.log: line 3: summary says 2 responses", StringComparison.Ordinal));
    }

    /// <summary>
    /// An arping loop log of <paramref name="runs"/> runs, 5 s apart, one probe each answered by node 1, written in
    /// <paramref name="parts"/> parts newest first (<c>cat arping.log arping.log.1 ...</c>); made as it is read, never
    /// held, and the live heap is measured every 5 000 runs it makes.
    /// </summary>
    private sealed class GeneratedLoop(int runs, int parts) : IRereadableText
    {
        public long PeakHeap;
        public int Opened;

        public TextReader Open()
        {
            Opened++;
            return new Reader(this);
        }

        private IEnumerable<string> Runs()
        {
            int per = runs / parts;
            for (int part = parts - 1; part >= 0; part--)
                for (int i = part * per; i < (part + 1) * per; i++)
                {
                    if (i % 5000 == 0) PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(forceFullCollection: true));
                    var t = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc).AddSeconds(5 * i);
                    yield return FormattableString.Invariant($"{t:ddd MMM dd HH:mm:ss} UTC 2026\nARPING 203.0.113.10 from 203.0.113.1 eth0\n") +
                        "Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms\nSent 1 probes (1 broadcast(s))\nReceived 1 response(s)\n";
                }
        }

        private sealed class Reader(GeneratedLoop loop) : TextReader
        {
            private readonly IEnumerator<string> _runs = loop.Runs().GetEnumerator();
            private string _current = "";
            private int _at;

            public override int Read(char[] buffer, int index, int count)
            {
                while (_at == _current.Length)
                {
                    if (!_runs.MoveNext()) return 0;
                    (_current, _at) = (_runs.Current, 0);
                }
                int n = Math.Min(count, _current.Length - _at);
                _current.CopyTo(_at, buffer, index, n);
                _at += n;
                return n;
            }

            public override int Read(Span<char> buffer)
            {
                var array = new char[buffer.Length];
                int n = Read(array, 0, array.Length);
                array.AsSpan(0, n).CopyTo(buffer);
                return n;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) _runs.Dispose();
                base.Dispose(disposing);
            }
        }
    }

    [Fact]
    public void A_file_that_goes_back_is_read_in_runs_without_holding_it()
    {
        // 20 000 runs: 100 000 lines, 4 MB of text (8 MB as strings), in 4 parts newest first.
        const int Runs = 20_000;
        var loop = new GeneratedLoop(Runs, 4);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var source = TextEvidenceReader.Open(loop.Open(), new EvidenceOptions(Name: "big.log")).Source!.ReadableAgain(loop);
        var analysis = new EvidenceAnalysis();
        var (order, failed) = SourceMerge.Read([source], analysis);
        Assert.Empty(failed);
        Assert.Equal(4, Assert.Single(order).Runs);
        var report = analysis.ToReport(Firewall);
        Assert.Equal(3, report.Warnings.Count);
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Runs, vip.ProbesSent);
        var times = vip.Timeline.Select(p => p.Time!.Value).ToList();
        Assert.Equal(times.Order(), times);
        // Counters, a timeline of at most 20 000 points and one run per cursor: a few MB, whatever the file's size.
        long held = loop.PeakHeap - before;
        output.WriteLine($"held at most {held:N0} bytes above the {before:N0} before; the text opened {loop.Opened} times");
        Assert.True(held < 4 << 20, $"held {held:N0} bytes while reading {Runs:N0} runs");
    }
}

/// <summary>Tests that weigh the process's live heap, run when no other test runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurements
{
    public const string Name = "heap measurements";
}
