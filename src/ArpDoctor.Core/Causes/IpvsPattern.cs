using ArpDoctor.Core.History;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Causes;

/// <summary>What the evidence implies about who really announces the VIP.</summary>
/// <param name="Announcer">The MAC that answers more than once per probe while every other MAC answers once.</param>
/// <param name="KernelResponders">The other MACs: kernels answering for the VIP on <c>kube-ipvs0</c>.</param>
/// <param name="AloneAfter">The fix after which the announcer answers alone: the second reason, when the evidence spans it.</param>
public sealed record AnnouncerInference(MacAddress Announcer, IReadOnlyList<MacAddress> KernelResponders, PhaseChange? AloneAfter = null);

/// <summary>
/// The answer pattern of kube-proxy in IPVS mode without strictARP: on the node that announces the VIP both the announcer
/// (MetalLB's speaker) and the kernel answer each probe, so that MAC answers twice, while the other nodes' kernels (which
/// hold the VIP on kube-ipvs0) answer once. Only a consistent pattern counts. The catalogue's kube-proxy rule reads it
/// from analyze's evidence; analyze names the likely announcer from it (and, across a fix, from the phase after it).
/// </summary>
public static class IpvsPattern
{
    /// <summary>Share of a MAC's answered probes it must answer more than once (or at most once) for the pattern to hold.</summary>
    public const double Consistency = 0.8;

    public static AnnouncerInference? Infer(IReadOnlyList<ResponderStats> responders) =>
        Infer(responders.Select(r => (r.Mac, r.ProbesAnswered, r.ProbesAnsweredMoreThanOnce)));

    /// <summary>The same pattern over the catalogue's facts; <c>null</c> where the evidence does not count answers per probe.</summary>
    internal static AnnouncerInference? Infer(IReadOnlyList<HeardMac> heard) =>
        heard.Any(m => m.ProbesAnswered is null) ? null : Infer(heard.Select(m => (m.Mac, (long)m.ProbesAnswered!.Value, (long)m.ProbesAnsweredTwice)));

    private static AnnouncerInference? Infer(IEnumerable<(MacAddress Mac, long Answered, long Twice)> responders)
    {
        var answering = responders.Where(r => r.Answered > 0).ToList();
        if (answering.Count < 2) return null;
        var doubles = answering.Where(r => r.Twice >= Consistency * r.Answered).ToList();
        if (doubles.Count != 1) return null;
        var others = answering.Where(r => r.Mac != doubles[0].Mac).ToList();
        if (others.Any(r => r.Twice > (1 - Consistency) * r.Answered)) return null;
        return new AnnouncerInference(doubles[0].Mac, others.Select(r => r.Mac).ToList());
    }
}
