using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.History;

/// <summary>Everything the evidence says about one MAC answering for one VIP.</summary>
/// <param name="Replies">Replies seen from this MAC.</param>
/// <param name="Wins">Probes this MAC answered first.</param>
/// <param name="ProbesAnswered">Probes this MAC answered at all.</param>
/// <param name="ProbesAnsweredMoreThanOnce">Probes this MAC answered two or more times (speaker and kernel both answering).</param>
/// <param name="Announcements">Gratuitous ARPs from this MAC for the VIP.</param>
/// <param name="WinShare">Share of answered probes (or, for a watch log, of observed time) this MAC won: 0..1.</param>
public sealed record ResponderStats(
    MacAddress Mac,
    long Replies,
    long Wins,
    long ProbesAnswered,
    long ProbesAnsweredMoreThanOnce,
    long Announcements,
    double WinShare,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen)
{
    /// <summary>Replies per answered probe.</summary>
    public double RepliesPerProbe => ProbesAnswered == 0 ? 0 : (double)Replies / ProbesAnswered;
}

/// <summary>How the winner distribution was measured.</summary>
public enum ShareBasis
{
    /// <summary>Share of answered probes each MAC won.</summary>
    Probes,
    /// <summary>Share of the watched time each MAC was the one clients resolved to (watch logs).</summary>
    Time,
}
