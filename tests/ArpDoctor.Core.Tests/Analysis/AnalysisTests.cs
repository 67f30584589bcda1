using ArpDoctor.Core.Observations;
using ArpDoctor.Core.History;
using Xunit;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Analysis;

public class FlapMathTests
{
    [Theory]
    [InlineData(new[] { 1.0 }, 0.0, null)]
    [InlineData(new[] { 0.5, 0.5 }, 0.5, 60.0)]
    [InlineData(new[] { 0.25, 0.25, 0.25, 0.25 }, 0.75, 40.0)]
    [InlineData(new[] { 0.9, 0.1 }, 0.18, 166.667)]
    public void Chance_of_moving_and_mean_time_for_a_30s_cache(double[] shares, double chance, double? seconds)
    {
        var odds = FlapMath.Odds(shares, Firewall, ShareBasis.Probes);
        Assert.Equal(chance, odds.ChanceNextDiffers, 6);
        Assert.Equal(seconds, odds.ExpectedTimeToMove is { } t ? Math.Round(t.TotalSeconds, 3) : null);
    }

    [Fact]
    public void No_winners_means_no_chance() => Assert.Equal(0, FlapMath.Odds([], Firewall, ShareBasis.Probes).ChanceNextDiffers);
}

public class ProbeBoundariesTests
{
    private static List<(MacAddress, TimeSpan?)> Replies(params (MacAddress Mac, double Ms)[] r) =>
        r.Select(x => (x.Mac, (TimeSpan?)TimeSpan.FromMilliseconds(x.Ms))).ToList();

    [Fact]
    public void A_falling_round_trip_starts_a_probe()
    {
        var (starts, uncertain) = ProbeBoundaries.Infer(Replies((Node1, 0.5), (Node2, 0.6), (Node1, 0.4), (Node2, 0.7)), 2);
        Assert.Equal([0, 2], starts);
        Assert.False(uncertain);
    }

    [Fact]
    public void Steadily_growing_round_trips_of_one_responder_are_one_probe_each()
    {
        var (starts, _) = ProbeBoundaries.Infer(Replies((Node1, 0.565), (Node1, 0.575), (Node1, 0.575), (Node1, 0.580)), 4);
        Assert.Equal([0, 1, 2, 3], starts);
    }

    [Fact]
    public void Equal_groups_are_used_when_they_fit_the_certain_boundaries()
    {
        // Four probes, two replies each; the falling round trip is seen only before the third probe.
        var (starts, uncertain) = ProbeBoundaries.Infer(Replies((Node1, 0.1), (Node2, 0.2), (Node1, 0.3), (Node2, 0.4), (Node1, 0.1), (Node2, 0.2), (Node1, 0.3), (Node2, 0.5)), 4);
        Assert.Equal([0, 2, 4, 6], starts);
        Assert.False(uncertain);
    }

    [Fact]
    public void An_unresolvable_split_is_flagged_as_a_guess()
    {
        var (starts, uncertain) = ProbeBoundaries.Infer(Replies((Node1, 0.1), (Node2, 0.2), (Node3, 0.3)), 2);
        Assert.Equal([0], starts);
        Assert.True(uncertain);
    }
}

public class VipAccumulatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_winners_double_answers_and_winner_changes()
    {
        var acc = new VipAccumulator(Vip, traits: SourceTraits.TimeSeries);
        acc.BeginProbe(T0); acc.Reply(Node1, T0); acc.Reply(Node2, T0); acc.Reply(Node1, T0); acc.EndProbe();
        acc.BeginProbe(T0.AddSeconds(1)); acc.Reply(Node2, T0.AddSeconds(1)); acc.Reply(Node1, T0.AddSeconds(1)); acc.Reply(Node1, T0.AddSeconds(1)); acc.EndProbe();
        acc.BeginProbe(T0.AddSeconds(2)); acc.EndProbe();
        var r = acc.ToReport(Firewall);
        Assert.Equal((3L, 2L, 6L, 1L, 2L), (r.ProbesSent, r.ProbesAnswered, r.Replies, r.WinnerChanges, r.ContestedProbes));
        // Both MACs answer each probe: a conflict, whichever wins (unstable is one MAC at a time, changing).
        Assert.Equal(Verdict.Conflict, r.Verdict);
        var n1 = r.Responders.Single(x => x.Mac == Node1);
        Assert.Equal((4L, 1L, 2L, 2L), (n1.Replies, n1.Wins, n1.ProbesAnswered, n1.ProbesAnsweredMoreThanOnce));
        Assert.Equal(Node1, r.Inference!.Announcer);
        Assert.Equal(0.5, r.Odds.ChanceNextDiffers, 6);
        Assert.Equal([new WinnerRun(Node1, 1, 1), new WinnerRun(Node2, 2, 1), new WinnerRun(null, 3, 1)], r.WinnerRuns);
    }

    [Fact]
    public void One_mac_at_a_time_changing_is_unstable_and_the_same_probes_from_a_loop_log_or_a_capture_get_the_same_verdict()
    {
        foreach (var timeSeries in new[] { false, true })
        {
            var contested = new VipAccumulator(Vip, traits: timeSeries ? SourceTraits.TimeSeries : SourceTraits.None);
            for (int i = 0; i < 6; i++)
            {
                contested.BeginProbe(T0.AddSeconds(i));
                contested.Reply(i % 2 == 0 ? Node1 : Node2, T0.AddSeconds(i));
                contested.Reply(i % 2 == 0 ? Node2 : Node1, T0.AddSeconds(i));
                contested.EndProbe();
            }
            Assert.Equal(Verdict.Conflict, contested.ToReport(Firewall).Verdict);
        }
        var turns = new VipAccumulator(Vip, traits: SourceTraits.TimeSeries);
        for (int i = 0; i < 6; i++)
        {
            turns.BeginProbe(T0.AddSeconds(i));
            turns.Reply(i % 2 == 0 ? Node1 : Node2, T0.AddSeconds(i));
            turns.EndProbe();
        }
        Assert.Equal(Verdict.Unstable, turns.ToReport(Firewall).Verdict);
    }

    [Fact]
    public void The_winner_sequence_is_bounded()
    {
        var acc = new VipAccumulator(Vip);
        for (int i = 0; i < 3 * VipAccumulator.MaxWinnerRuns; i++)
        {
            acc.BeginProbe(null);
            acc.Reply(i % 2 == 0 ? Node1 : Node2, null);
            acc.EndProbe();
        }
        var r = acc.ToReport(Firewall);
        Assert.Equal(VipAccumulator.MaxWinnerRuns, r.WinnerRuns.Count);
        Assert.True(r.WinnerRunsTruncated);
        Assert.Equal(3 * VipAccumulator.MaxWinnerRuns, r.ProbesAnswered);
    }

    [Fact]
    public void Arping_text_with_changing_winners_is_a_conflict_not_instability()
    {
        var acc = new VipAccumulator(Vip);
        acc.BeginProbe(null); acc.Reply(Node1, null); acc.Reply(Node2, null); acc.EndProbe();
        acc.BeginProbe(null); acc.Reply(Node2, null); acc.Reply(Node1, null); acc.EndProbe();
        Assert.Equal(Verdict.Conflict, acc.ToReport(Firewall).Verdict);
    }

    [Fact]
    public void The_timeline_stays_bounded_and_spans_the_whole_evidence()
    {
        var acc = new VipAccumulator(Vip, timelineCapacity: 1000);
        for (int i = 0; i < 1_000_000; i++)
        {
            acc.BeginProbe(T0.AddSeconds(i));
            acc.Reply(i < 500_000 ? Node1 : Node2, T0.AddSeconds(i));
        }
        var r = acc.ToReport(Firewall);
        Assert.InRange(r.Timeline.Count, 400, 1000);
        Assert.True(r.TimelineThinned);
        Assert.Contains(r.Timeline, p => p.Mac == Node2 && p.Time > T0.AddSeconds(900_000));
        Assert.Equal(1_000_000, r.Replies);
    }
}

public class BoundedLineReaderTests
{
    [Fact]
    public void Splits_lf_crlf_and_cr_and_truncates_long_lines()
    {
        var reader = new BoundedLineReader(new StringReader("a\r\nb\nc\rd\n" + new string('x', 50) + "\nlast"), maxLineLength: 10);
        var lines = new List<(string, bool)>();
        while (reader.ReadLine(out var truncated) is { } line) lines.Add((line, truncated));
        Assert.Equal([("a", false), ("b", false), ("c", false), ("d", false), (new string('x', 10), true), ("last", false)], lines);
        Assert.Equal(6, reader.LineNumber);
    }

    [Fact]
    public void Crlf_split_across_reads_is_one_line_break()
    {
        var text = new string('a', 16 * 1024 - 1) + "\r\nb";
        var reader = new BoundedLineReader(new StringReader(text), 100_000);
        Assert.Equal(16 * 1024 - 1, reader.ReadLine(out _)!.Length);
        Assert.Equal("b", reader.ReadLine(out _));
        Assert.Null(reader.ReadLine(out _));
    }
}
