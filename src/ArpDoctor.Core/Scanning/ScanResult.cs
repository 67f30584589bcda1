using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Scanning;

/// <summary>One MAC that answered for a target, with how many replies it sent.</summary>
public readonly record struct ScanResponder(MacAddress Mac, int Replies);

/// <summary>Everything heard for one target.</summary>
/// <param name="Winner">The MAC whose reply arrived first: what a client re-resolving now would use.</param>
/// <param name="Probes">Probes sent to this target (1 + the retries it needed).</param>
public sealed record ScanTargetResult(Ipv4Address Vip, IReadOnlyList<ScanResponder> Responders, MacAddress? Winner, int Probes)
{
    public Verdict Verdict => VerdictNames.FromResponderCount(Responders.Count);
    public int Replies => Responders.Sum(r => r.Replies);
}

/// <summary>The outcome of a scan.</summary>
/// <param name="Results">Conflicts first, then silent targets, then healthy ones; by address within each.</param>
/// <param name="SendGaps">Gaps between consecutive probes of a round, summed over the rounds.</param>
/// <param name="SendTime">From the first to the last probe of each round, summed: the achieved rate is <c>SendGaps / SendTime</c>.</param>
/// <param name="Elapsed">The whole scan, waits included.</param>
public sealed record ScanResult(
    string Interface,
    IReadOnlyList<ScanTargetResult> Results,
    int ProbesSent,
    int SendGaps,
    TimeSpan SendTime,
    TimeSpan Elapsed)
{
    public int Conflicts => Results.Count(r => r.Verdict == Verdict.Conflict);
    public int Silent => Results.Count(r => r.Verdict == Verdict.NoAnswer);
    public int Replies => Results.Sum(r => r.Replies);

    /// <summary>Probes per second actually achieved while sending; 0 when no round had two probes.</summary>
    public double AchievedRate => SendGaps > 0 && SendTime > TimeSpan.Zero ? SendGaps / SendTime.TotalSeconds : 0;
}
