using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Scanning;

/// <summary>One MAC that answered for a target, with how many replies it sent.</summary>
public readonly record struct ScanResponder(MacAddress Mac, int Replies);

/// <summary>Everything heard for one target.</summary>
/// <param name="FirstMac">The MAC whose reply arrived first: what a client re-resolving now would use.</param>
/// <param name="Probes">Probes sent to this target (1 + the retries it needed).</param>
public sealed record ScanTargetResult(Ipv4Address Vip, IReadOnlyList<ScanResponder> Responders, MacAddress? FirstMac, int Probes)
{
    public Verdict Verdict => VerdictNames.FromResponderCount(Responders.Count);
    public int Replies => Responders.Sum(r => r.Replies);
}

/// <summary>The outcome of a scan.</summary>
/// <param name="Results">Conflicts first, then silent targets, then healthy ones; by address within each.</param>
/// <param name="FirstRoundProbes">Probes of the first round, one per target.</param>
/// <param name="SendTime">From the first probe of the first round to its last: the achieved rate is measured over it.</param>
/// <param name="Elapsed">The whole scan, waits included.</param>
public sealed record ScanResult(
    string Interface,
    IReadOnlyList<ScanTargetResult> Results,
    int ProbesSent,
    int FirstRoundProbes,
    TimeSpan SendTime,
    TimeSpan Elapsed)
{
    public int Conflicts => Results.Count(r => r.Verdict == Verdict.Conflict);
    public int Silent => Results.Count(r => r.Verdict == Verdict.NoAnswer);
    public int Replies => Results.Sum(r => r.Replies);

    /// <summary>Probes per second actually achieved; 0 when fewer than two probes left.</summary>
    public double AchievedRate => FirstRoundProbes > 1 && SendTime > TimeSpan.Zero ? (FirstRoundProbes - 1) / SendTime.TotalSeconds : 0;
}
