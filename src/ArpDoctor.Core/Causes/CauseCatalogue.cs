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
        new(CauseId.Failover, AnnouncerRules.Failover),
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
        var who = $"{m.Mac}{(m.Vendor is null ? m.Mac.IsLocallyAdministered ? " (locally administered)" : "" : $" ({m.Vendor})")}{(node is null ? "" : $" = node {node}")}";
        if (m.ProbesAnswered is { } answered)
            return $"{who}: answered {answered} of {Count(f.Probes, "answered probe")}{(m.ProbesAnsweredTwice > 0 ? $", twice in {m.ProbesAnsweredTwice}" : "")}, first in {m.Wins}{(m.Announcements > 0 ? $"; {Count(m.Announcements, "announcement")}" : "")}";
        return $"{who}: {Count(m.Replies, "reply", "replies")} to {Count(f.Probes, "probe")}, first {m.Wins}×";
    }

    private static string Count(long n, string one, string? many = null) => $"{n} {(n == 1 ? one : many ?? one + "s")}";

    /// <summary>
    /// Every MAC answered (nearly) every probe: kernels that all hold the address answer each broadcast. "Nearly" is
    /// <see cref="IpvsPattern.Consistency"/> of them, so a lost reply does not hide the pattern.
    /// </summary>
    internal static bool AllAnswerEveryProbe(CaseFacts f) => f.Probes > 0 && f.Macs.All(m => m.Answered >= IpvsPattern.Consistency * f.Probes);

    /// <summary>
    /// Two MACs look like two ports of one card: burnt-in addresses under one vendor prefix (OUI) with the device bytes
    /// within 16 of each other (multi-port NICs and onboard pairs number their ports consecutively).
    /// </summary>
    internal static bool SiblingPorts(HeardMac a, HeardMac b) =>
        !a.Mac.IsLocallyAdministered && !b.Mac.IsLocallyAdministered
        && (a.Mac.Value >> 24) == (b.Mac.Value >> 24) && DeviceDistance(a, b) <= 16;

    internal static long DeviceDistance(HeardMac a, HeardMac b) => Math.Abs((long)(a.Mac.Value & 0xFF_FFFF) - (long)(b.Mac.Value & 0xFF_FFFF));

    /// <summary>Some two of the MACs look like ports of one card.</summary>
    internal static bool HasSiblings(CaseFacts f) => Pairs(f.Macs).Any(p => SiblingPorts(p.A, p.B));

    /// <summary>Commands that confirm a cause in analyze's hints: what the cluster says, and whose each MAC is.</summary>
    internal const string Check = "'arpdoctor check'";

    internal static string Locate(CaseFacts f) => $"'arpdoctor locate {f.Vip}'";

    internal static IEnumerable<(HeardMac A, HeardMac B)> Pairs(IReadOnlyList<HeardMac> macs)
    {
        for (int i = 0; i < macs.Count; i++)
            for (int j = i + 1; j < macs.Count; j++)
                yield return (macs[i], macs[j]);
    }

    internal static string Names(IEnumerable<string> nodes) => string.Join(", ", nodes);

    internal static bool Local(MacAddress mac) => mac.IsLocallyAdministered;
}
