using ArpDoctor.Core.History;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Analysis;

/// <summary>What a verdict means for the run's exit: every verb maps these three to its exit codes.</summary>
public enum VerdictOutcome
{
    /// <summary>The evidence shows health.</summary>
    Healthy,
    /// <summary>The evidence shows a fault: a conflict, instability, nobody answering.</summary>
    Problem,
    /// <summary>The evidence shows neither: too little of it, or none.</summary>
    CannotTell,
}

/// <summary>The figures a verdict is drawn from: a VIP's whole evidence, or one phase of it.</summary>
/// <param name="Probes">Rounds: requests (with the replies to them) and neighbour-cache records.</param>
/// <param name="Announcements">Announcements: gratuitous ARPs, replies nobody asked for, announcers' log lines.</param>
/// <param name="Answering">Distinct MACs that answered a probe.</param>
/// <param name="IsTimeSeries">The evidence records change over time, so a change of winner is instability.</param>
/// <param name="IsMoves">The records are moves a source noticed (<see cref="Observations.SourceTraits.Moves"/>), not probes.</param>
public readonly record struct VerdictFacts(
    long Probes,
    long Announcements,
    int Answering,
    long WinnerChanges,
    long ContestedProbes,
    bool IsTimeSeries,
    bool IsMoves = false)
{
    public static VerdictFacts Of(bool isTimeSeries, long probes, long winnerChanges, long contestedProbes, IReadOnlyList<ResponderStats> responders, bool isMoves = false) =>
        new(probes, responders.Sum(r => r.Announcements), responders.Count(r => r.Replies > 0), winnerChanges, contestedProbes, isTimeSeries, isMoves);
}

/// <summary>
/// The one judge of analyze's verdicts: every report (text, JSON, HTML) and the exit code take a VIP's verdict from
/// <see cref="For"/> and the run's outcome from <see cref="Outcome"/>. Several MACs answering the same probe is a
/// conflict whatever the evidence kind, so the same traffic gets the same verdict from arping text, a capture or
/// tcpdump text. Healthy is earned: one probe, or one neighbour-cache snapshot, cannot show a second MAC (a cache
/// holds one by construction), and announcements answer no one; such evidence is inconclusive. So is a log of moves
/// (a kernel's <c>moved from A to B</c>) that records a single move: there instability is a second move.
/// </summary>
public static class VerdictRules
{
    /// <summary>Probes below which one answering MAC is not yet health.</summary>
    public const int MinProbesForHealthy = 2;

    public static Verdict For(in VerdictFacts facts)
    {
        if (facts.ContestedProbes > 0) return Verdict.Conflict;
        // A log of moves that records one move: a failover (or a host taking the address over) and the first flap of
        // many read the same until a second move is logged. Probes show more: who answered before and after the change.
        if (facts.IsMoves && facts.WinnerChanges == 1) return Verdict.Inconclusive;
        if (facts.IsTimeSeries && facts.WinnerChanges > 0) return Verdict.Unstable;
        if (facts.Probes == 0) return facts.Announcements > 0 || facts.Answering > 0 ? Verdict.Inconclusive : Verdict.NoEvidence;
        return facts.Answering switch
        {
            0 => Verdict.NoAnswer,
            1 => facts.Probes < MinProbesForHealthy ? Verdict.Inconclusive : Verdict.Healthy,
            _ => Verdict.Conflict,
        };
    }

    /// <summary>What a verdict means for the exit code: a found problem, health, or cannot tell.</summary>
    public static VerdictOutcome Outcome(Verdict verdict) => verdict switch
    {
        Verdict.Healthy => VerdictOutcome.Healthy,
        Verdict.Conflict or Verdict.Unstable or Verdict.NoAnswer => VerdictOutcome.Problem,
        _ => VerdictOutcome.CannotTell,
    };

    /// <summary>
    /// Order of badness, for the run's verdict (the worst VIP's) and the order VIPs are listed in. A found problem
    /// outranks cannot tell: one VIP in conflict makes the run a conflict whatever the others say.
    /// </summary>
    public static int Severity(Verdict verdict) => verdict switch
    {
        Verdict.Healthy => 0,
        Verdict.NoEvidence => 1,
        Verdict.Inconclusive => 2,
        Verdict.NoAnswer => 3,
        Verdict.Conflict => 4,
        Verdict.Unstable => 5,
        _ => 6,
    };
}
