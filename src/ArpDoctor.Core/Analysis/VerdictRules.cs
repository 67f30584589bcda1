using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Analysis;

/// <summary>The verdicts of <c>probe</c>, plus <c>unstable</c> for time series in which the winner changed.</summary>
internal static class VerdictRules
{
    public static Verdict For(bool isTimeSeries, long winnerChanges, bool sawConflict, IReadOnlyList<ResponderStats> responders)
    {
        if (isTimeSeries && winnerChanges > 0) return Verdict.Unstable;
        int answering = responders.Count(r => r.Replies > 0);
        if (sawConflict && answering < 2) answering = 2;
        return VerdictNames.FromResponderCount(answering);
    }
}
