using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Causes;

/// <summary>One entry of the catalogue: the cause it names and the rule that names it (or <c>null</c>).</summary>
public sealed record CauseRule(CauseId Id, Func<CaseFacts, Cause?> Name);

/// <summary>
/// The causes of a VIP answered by more than one MAC (or by none), as one list of rules shared by every verb that names a
/// cause (<c>doctor</c> with cluster facts, analyze's hints without). Each rule says what in the evidence points to it,
/// what would rule it out, the remedy and the command that proves it. Pure.
/// </summary>
public static class CauseCatalogue
{
    public static readonly IReadOnlyList<CauseRule> Rules =
    [
        new(CauseId.IpvsWithoutStrictArp, KubeProxyRules.WithoutStrictArp),
        new(CauseId.RestartPending, KubeProxyRules.RestartPending),
        new(CauseId.TwoInterfaces, HostRules.TwoInterfaces),
        new(CauseId.TwoAnnouncers, AnnouncerRules.TwoAnnouncers),
        new(CauseId.ForeignDevice, HostRules.ForeignDevice),
        new(CauseId.AnnouncerNotReady, AnnouncerRules.NotReady),
        new(CauseId.NoAnnouncer, AnnouncerRules.NoAnnouncer),
    ];

    /// <summary>Every cause the facts point to, in the catalogue's order.</summary>
    public static IReadOnlyList<Cause> Name(CaseFacts facts) =>
        Rules.Select(r => r.Name(facts)).OfType<Cause>().ToList();

    /// <summary>The distinct nodes that answered, by name.</summary>
    internal static List<string> AnsweringNodes(CaseFacts f) =>
        f.Macs.Select(m => f.NodeOf(m.Mac)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    internal static string Heard(CaseFacts f, HeardMac m)
    {
        var node = f.NodeOf(m.Mac);
        return $"{m.Mac}{(m.Vendor is null ? "" : $" ({m.Vendor})")}{(node is null ? "" : $" = node {node}")}: {m.Replies} {(m.Replies == 1 ? "reply" : "replies")} to {f.Probes} {(f.Probes == 1 ? "probe" : "probes")}, first {m.Wins}×";
    }

    /// <summary>Every MAC answered every probe: kernels that all hold the address answer each broadcast.</summary>
    internal static bool AllAnswerEveryProbe(CaseFacts f) => f.Probes > 0 && f.Macs.All(m => m.Replies >= f.Probes);

    /// <summary>
    /// Two MACs look like two ports of one card: the same registered vendor and the device bytes within 16 of each other
    /// (multi-port NICs and onboard pairs number their ports consecutively).
    /// </summary>
    internal static bool SiblingPorts(HeardMac a, HeardMac b) =>
        a.Vendor is not null && a.Vendor == b.Vendor && !a.Mac.IsLocallyAdministered && !b.Mac.IsLocallyAdministered
        && (a.Mac.Value >> 24) == (b.Mac.Value >> 24) && Math.Abs((long)(a.Mac.Value & 0xFF_FFFF) - (long)(b.Mac.Value & 0xFF_FFFF)) <= 16;

    internal static IEnumerable<(HeardMac A, HeardMac B)> Pairs(IReadOnlyList<HeardMac> macs)
    {
        for (int i = 0; i < macs.Count; i++)
            for (int j = i + 1; j < macs.Count; j++)
                yield return (macs[i], macs[j]);
    }

    internal static string Names(IEnumerable<string> nodes) => string.Join(", ", nodes);

    internal static bool Local(MacAddress mac) => mac.IsLocallyAdministered;
}
