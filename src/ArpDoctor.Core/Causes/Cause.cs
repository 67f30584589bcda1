namespace ArpDoctor.Core.Causes;

/// <summary>Why more than one MAC (or none) answers for a VIP: the catalogue's entries. The words are <see cref="CauseWords"/>.</summary>
public enum CauseId
{
    /// <summary>kube-proxy in IPVS mode with strictARP off: every node's kernel answers for every VIP on kube-ipvs0.</summary>
    IpvsWithoutStrictArp,
    /// <summary>strictARP is set in kube-proxy's file, but its pods started before that write and still run without it.</summary>
    RestartPending,
    /// <summary>Two nodes announce the VIP: two announcers installed, or speakers that each elected themselves (split brain).</summary>
    TwoAnnouncers,
    /// <summary>One host answers from two interfaces on the segment (arp_ignore=0 on a multi-homed host: ARP flux).</summary>
    TwoInterfaces,
    /// <summary>A device that is no node holds the address.</summary>
    ForeignDevice,
    /// <summary>The node said to announce the VIP is NotReady.</summary>
    AnnouncerNotReady,
    /// <summary>The VIP moved to another MAC, which announced it: a failover, normal when it happens once (and back).</summary>
    Failover,
    /// <summary>No node announces the VIP: no L2Advertisement selects one, a nodeSelector excludes them all, or no announcer pod runs.</summary>
    NoAnnouncer,
}

/// <summary>Where the remedy is applied.</summary>
public enum RemedyKind
{
    /// <summary><c>arpdoctor fix</c> does it (its plan is in <see cref="Remedy.Text"/>).</summary>
    Fix,
    /// <summary>The platform owns the setting: <c>arpdoctor fix --emit WORD</c> prints the change that lasts.</summary>
    Emit,
    /// <summary>Outside what ArpDoctor writes: a node's sysctls, an announcer's configuration, the device itself.</summary>
    Elsewhere,
}

/// <summary>What to do about a cause.</summary>
/// <param name="Command">The one command that applies it (or prints it), when there is one.</param>
public sealed record Remedy(RemedyKind Kind, string Text, string? Command);

/// <summary>One cause named from the catalogue for one VIP.</summary>
/// <param name="Nodes">The nodes it involves (the ones to act on first).</param>
/// <param name="Evidence">What in the answers and the cluster points to it, one line each.</param>
/// <param name="RuledOutBy">What, seen instead, would rule it out.</param>
/// <param name="Proof">The command that proves the remedy worked (or shows the cause is still there).</param>
public sealed record Cause(CauseId Id, string Summary, IReadOnlyList<string> Nodes, IReadOnlyList<string> Evidence, string RuledOutBy, Remedy Remedy, string Proof)
{
    /// <summary>What would confirm it, one command or place to look each; empty where the cluster's facts already did (doctor).</summary>
    public IReadOnlyList<string> Confirm { get; init; } = [];
}

public static class CauseWords
{
    public static string ToWord(this CauseId id) => id switch
    {
        CauseId.IpvsWithoutStrictArp => "ipvs-without-strict-arp",
        CauseId.RestartPending => "restart-pending",
        CauseId.TwoAnnouncers => "two-announcers",
        CauseId.TwoInterfaces => "two-interfaces",
        CauseId.ForeignDevice => "foreign-device",
        CauseId.AnnouncerNotReady => "announcer-not-ready",
        CauseId.Failover => "failover",
        _ => "no-announcer",
    };

    public static string ToWord(this RemedyKind kind) => kind switch
    {
        RemedyKind.Fix => "fix",
        RemedyKind.Emit => "emit",
        _ => "elsewhere",
    };
}
