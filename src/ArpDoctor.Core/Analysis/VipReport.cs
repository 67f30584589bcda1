using ArpDoctor.Core.Causes;
using ArpDoctor.Core.History;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Analysis;

/// <summary>
/// A stretch of a VIP's evidence in which the same MACs answer (see <see cref="History.ResponderHistory"/>): its own figures,
/// verdict, odds and announcer. <paramref name="From"/> and <paramref name="To"/> are null when the evidence has no clock.
/// </summary>
public sealed record VipPhase(
    DateTimeOffset? From,
    DateTimeOffset? To,
    long FirstProbe,
    long LastProbe,
    long ProbesSent,
    long ProbesAnswered,
    long Replies,
    IReadOnlyList<ResponderStats> Responders,
    long WinnerChanges,
    long ContestedProbes,
    Verdict Verdict,
    FlapOdds Odds,
    AnnouncerInference? Inference);

/// <summary>Flap odds: how likely, and how soon, a client re-resolving the VIP moves to another MAC.</summary>
/// <param name="ChanceNextDiffers">Chance that a re-resolution lands on a different MAC than the one before it: 1 − Σ pᵢ² over the winners' shares.</param>
/// <param name="ExpectedTimeToMove">For a client re-resolving every <paramref name="FirewallTimeout"/>: mean time until its traffic first moves (timeout ÷ chance); null when it never moves.</param>
public sealed record FlapOdds(double ChanceNextDiffers, TimeSpan FirewallTimeout, TimeSpan? ExpectedTimeToMove, ShareBasis Basis);

/// <summary>Consecutive probes won by the same MAC (null: nobody answered them).</summary>
/// <param name="FirstProbe">1-based ordinal of the first probe of the run.</param>
public readonly record struct WinnerRun(MacAddress? Winner, long FirstProbe, long Probes);

/// <summary>
/// The analysis of one VIP across all evidence. <see cref="Verdict"/> is the present state: the last phase's. The
/// other figures are the whole evidence's; <see cref="Phases"/> has each phase's and <see cref="Changes"/> how one led to the next.
/// </summary>
/// <param name="ProbesSent">Probes the evidence says were sent (summary lines, captured requests, watch observations).</param>
/// <param name="ProbesAnswered">Probes with at least one reply.</param>
/// <param name="WinnerChanges">Times the winner of a probe differed from the previous answered probe's (time-series evidence only counts as instability).</param>
/// <param name="ContestedProbes">Probes answered by more than one MAC: the race "first reply wins" is run on.</param>
/// <param name="WinnerRuns">Which MAC won each probe, in probe order, run-length encoded (the first <see cref="VipAccumulator.MaxWinnerRuns"/> runs).</param>
/// <param name="Warnings">Summary lines that disagree with the replies, ambiguous probe boundaries, and the like.</param>
public sealed record VipReport(
    Ipv4Address Vip,
    Verdict Verdict,
    long ProbesSent,
    long ProbesAnswered,
    long Replies,
    IReadOnlyList<ResponderStats> Responders,
    long WinnerChanges,
    long ContestedProbes,
    FlapOdds Odds,
    AnnouncerInference? Inference,
    long ConnectionDrops,
    IReadOnlyList<TimelinePoint> Timeline,
    bool TimelineThinned,
    IReadOnlyList<WinnerRun> WinnerRuns,
    bool WinnerRunsTruncated,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The phases in order; one when the answering set never changed.</summary>
    public IReadOnlyList<VipPhase> Phases { get; init; } = [];
    /// <summary>The change into each phase after the first (Changes[i] leads from Phases[i] to Phases[i + 1]).</summary>
    public IReadOnlyList<PhaseChange> Changes { get; init; } = [];
    /// <summary>What announcers' logs say about the VIP (claims, holds, two nodes at once); null when no log spoke of it.</summary>
    public ClaimReport? Claims { get; init; }
    /// <summary>Every round is a record of what clients resolve the VIP to (neighbour-cache snapshots, arpwatch), none a request.</summary>
    public bool SnapshotsOnly { get; init; }
    /// <summary>The evidence has no clock: phases are ordered by their position in it.</summary>
    public bool Clockless => Phases.Count > 0 && Phases.All(p => p.From is null);

    /// <summary>One phase's figures in the shape of a whole report (no timeline, winner runs or warnings of its own).</summary>
    public VipReport ForPhase(int index)
    {
        var p = Phases[index];
        return this with
        {
            Verdict = p.Verdict, ProbesSent = p.ProbesSent, ProbesAnswered = p.ProbesAnswered, Replies = p.Replies,
            Responders = p.Responders, WinnerChanges = p.WinnerChanges, ContestedProbes = p.ContestedProbes, Odds = p.Odds,
            Inference = p.Inference, ConnectionDrops = 0, Timeline = [], TimelineThinned = false, WinnerRuns = [],
            WinnerRunsTruncated = false, Warnings = [], Phases = [p], Changes = [], Claims = null,
        };
    }
}

/// <summary>The analysis of all evidence: one report per VIP, worst verdict first.</summary>
/// <param name="SkippedVips">Pieces of evidence (probes, replies, frames) left out because they concern addresses past <see cref="EvidenceAnalysis.MaxVips"/>.</param>
/// <param name="SkippedLines">Damaged lines of long inputs counted and left out (<see cref="Evidence.EvidenceReading.Skipped"/>).</param>
public sealed record AnalysisReport(IReadOnlyList<VipReport> Vips, IReadOnlyList<string> Warnings, long SkippedVips = 0, long SkippedLines = 0)
{
    /// <summary>Evidence was left out, so no verdict covers all of it: never reported healthy.</summary>
    public bool Incomplete => SkippedVips > 0 || SkippedLines > 0;

    /// <summary>
    /// The worst VIP's verdict (<see cref="VerdictRules.Severity"/>); <c>no-evidence</c> when no address was asked for,
    /// answered for or announced at all.
    /// </summary>
    public Verdict Verdict => Vips.Count == 0
        ? Verdict.NoEvidence
        : Vips.Select(v => v.Verdict).MaxBy(VerdictRules.Severity);

    /// <summary>The run's verdict as every report writes it: <see cref="Verdict"/>, or <c>incomplete</c> where every analysed VIP is healthy but some were skipped.</summary>
    public string VerdictWord => Incomplete && Verdict == Verdict.Healthy ? "incomplete" : Verdict.ToWord();

    /// <summary>What the run's verdict means for the exit code; evidence left out is never healthy.</summary>
    public VerdictOutcome Outcome => Incomplete && Verdict == Verdict.Healthy ? VerdictOutcome.CannotTell : VerdictRules.Outcome(Verdict);

    /// <summary>Healthy, and nothing left out.</summary>
    public bool IsHealthy => Outcome == VerdictOutcome.Healthy;
}
