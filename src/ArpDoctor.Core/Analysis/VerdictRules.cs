using ArpDoctor.Core.History;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Analysis;

/// <summary>
/// The verdicts of <c>probe</c>, plus <c>unstable</c>: one MAC answers at a time, but which one changed (a time series
/// in which no probe was answered by two). Several MACs answering the same probe is a conflict whatever the evidence
/// kind, so the same traffic gets the same verdict from arping text, a capture or tcpdump text.
/// </summary>
internal static class VerdictRules
{
    public static Verdict For(bool isTimeSeries, long winnerChanges, long contestedProbes, IReadOnlyList<ResponderStats> responders)
    {
        if (contestedProbes > 0) return Verdict.Conflict;
        if (isTimeSeries && winnerChanges > 0) return Verdict.Unstable;
        return VerdictNames.FromResponderCount(responders.Count(r => r.Replies > 0));
    }
}
