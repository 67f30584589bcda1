using ArpDoctor.Core.History;
namespace ArpDoctor.Core.Analysis;

/// <summary>
/// On the node where MetalLB's speaker announces the VIP and strictARP is off, both the speaker and
/// the kernel answer each probe: that MAC answers twice while the other nodes' kernels (answering for
/// the VIP on kube-ipvs0) answer once. Only a consistent pattern counts.
/// </summary>
public static class AnnouncerRules
{
    /// <summary>Share of a MAC's answered probes it must answer more than once (or at most once) for the pattern to hold.</summary>
    public const double Consistency = 0.8;

    public static AnnouncerInference? Infer(IReadOnlyList<ResponderStats> responders)
    {
        var answering = responders.Where(r => r.ProbesAnswered > 0).ToList();
        if (answering.Count < 2) return null;
        var doubles = answering.Where(r => r.ProbesAnsweredMoreThanOnce >= Consistency * r.ProbesAnswered).ToList();
        if (doubles.Count != 1) return null;
        var others = answering.Where(r => r.Mac != doubles[0].Mac).ToList();
        if (others.Any(r => r.ProbesAnsweredMoreThanOnce > (1 - Consistency) * r.ProbesAnswered)) return null;
        return new AnnouncerInference(doubles[0].Mac, others.Select(r => r.Mac).ToList());
    }

    /// <summary>
    /// The announcer across a fix: the MAC that answered more than once per probe in the conflict phase and answers
    /// alone in the phase after it (the kernels went quiet; the speaker kept answering). Null when the two disagree.
    /// </summary>
    public static AnnouncerInference? AcrossPhases(IReadOnlyList<VipPhase> phases, IReadOnlyList<PhaseChange> changes)
    {
        for (int i = changes.Count - 1; i >= 0; i--)
        {
            if (changes[i].Kind != PhaseChangeKind.Fixed || i + 1 >= phases.Count) continue;
            if (phases[i].Inference is not { } before) continue;
            var after = phases[i + 1].Responders.Where(r => r.Replies > 0).ToList();
            if (after.Count == 1 && after[0].Mac == before.Announcer) return before with { AloneAfter = changes[i] };
        }
        return null;
    }
}
