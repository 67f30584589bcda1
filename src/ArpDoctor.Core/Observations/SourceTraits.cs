namespace ArpDoctor.Core.Observations;

/// <summary>
/// What a kind of evidence is, said once per source (a file, a stream), never per VIP: how its observations are to be
/// judged. Each evidence format declares its traits in its registry entry.
/// </summary>
[Flags]
public enum SourceTraits
{
    /// <summary>Separate runs of a probe (arping, arp-scan, arpdoctor JSON): a snapshot, not a history.</summary>
    None = 0,
    /// <summary>A record of change over time (captures, watch logs, caches): the winner can be seen to change.</summary>
    TimeSeries = 1,
    /// <summary>Observations are made on change or at intervals, not per probe: shares are of the observed time.</summary>
    TimeShare = 2,
    /// <summary>The state seen last holds until the source's last clock reading: its time share runs to there.</summary>
    HoldsToEnd = 4,
    /// <summary>
    /// Each record is a move the source noticed (a BSD kernel's <c>moved from A to B</c>), not a request: one change of
    /// MAC is one move, a failover or the first flap of many, which only more moves tell apart.
    /// </summary>
    Moves = 8,
}
