using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Analysis;

/// <summary>The verdicts of <c>probe</c>, plus <c>unstable</c> for time series in which the winner changed.</summary>
internal static class VerdictRules
{
    public static Verdict For(VipAccumulator vip, IReadOnlyList<ResponderStats> responders)
    {
        if (vip.IsTimeSeries && vip.WinnerChanges > 0) return Verdict.Unstable;
        int answering = responders.Count(r => r.Replies > 0);
        if (vip.SawConflict && answering < 2) answering = 2;
        return VerdictNames.FromResponderCount(answering);
    }
}
