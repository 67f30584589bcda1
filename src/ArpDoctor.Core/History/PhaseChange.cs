using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.History;

/// <summary>Who answers in a phase.</summary>
public enum PhaseShape
{
    /// <summary>Nobody answers.</summary>
    Silent,
    /// <summary>One MAC answers.</summary>
    One,
    /// <summary>Several MACs answer (at once, or taking turns).</summary>
    Several,
}

/// <summary>How the answering set changed between two phases (README "Words"; <see cref="PhaseWords"/> says each).</summary>
public enum PhaseChangeKind
{
    /// <summary>Several MACs → one.</summary>
    Fixed,
    /// <summary>One MAC → several.</summary>
    Broke,
    /// <summary>One MAC → another, announced by the new one's gratuitous ARP (MetalLB moving the VIP).</summary>
    Failover,
    /// <summary>One MAC → another, unannounced: a flap.</summary>
    Flap,
    /// <summary>Several MACs → a different several.</summary>
    Changed,
    /// <summary>Answers → nobody.</summary>
    Stopped,
    /// <summary>Nobody → answers.</summary>
    Resumed,
}

/// <summary>The change into a phase.</summary>
/// <param name="AtProbe">Ordinal of the new phase's first probe.</param>
/// <param name="At">Its clock reading; null when the evidence has no clock.</param>
/// <param name="Before">The MACs that answered in the phase before.</param>
/// <param name="After">The MACs that answered in the first probes of the new phase.</param>
/// <param name="LastBefore">Clock reading of the last probe before the change.</param>
/// <param name="LastProbeBefore">Ordinal of the last probe before the change.</param>
public sealed record PhaseChange(
    PhaseChangeKind Kind,
    long AtProbe,
    DateTimeOffset? At,
    IReadOnlyList<MacAddress> Before,
    IReadOnlyList<MacAddress> After,
    DateTimeOffset? LastBefore,
    long LastProbeBefore);

/// <summary>The words of phase changes, as the report writes them.</summary>
public static class PhaseWords
{
    public static string ToWord(this PhaseChangeKind kind) => kind switch
    {
        PhaseChangeKind.Fixed => "fixed",
        PhaseChangeKind.Broke => "broke",
        PhaseChangeKind.Failover => "failover",
        PhaseChangeKind.Flap => "flap",
        PhaseChangeKind.Changed => "changed",
        PhaseChangeKind.Stopped => "stopped",
        PhaseChangeKind.Resumed => "resumed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
