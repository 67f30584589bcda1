using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Probing;

/// <summary>One ARP reply to one of our probes.</summary>
/// <param name="Probe">1-based number of the probe it answers.</param>
/// <param name="RoundTrip">From the probe leaving to the reply arriving.</param>
public readonly record struct ProbeReply(int Probe, MacAddress Mac, Ipv4Address SenderIp, TimeSpan RoundTrip, DateTimeOffset Time);

/// <summary>One MAC that answered for the VIP.</summary>
/// <param name="Wins">Probes this MAC answered first: what a client re-resolving then would have used.</param>
public sealed record ResponderSummary(MacAddress Mac, int Replies, int Wins);

/// <summary>The outcome of probing one VIP.</summary>
public sealed record ProbeResult(
    Ipv4Address Vip,
    string Interface,
    MacAddress SourceMac,
    Ipv4Address SourceIp,
    int ProbesSent,
    IReadOnlyList<ProbeReply> Replies,
    IReadOnlyList<ResponderSummary> Responders,
    TimeSpan Elapsed)
{
    public Verdict Verdict => VerdictNames.FromResponderCount(Responders.Count);
}
