using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Agent;

/// <summary>What <c>arpdoctor agent</c> was told.</summary>
/// <param name="Node">This node's name (the DaemonSet passes <c>spec.nodeName</c> as <c>NODE_NAME</c>).</param>
/// <param name="Interval">Time between rounds; each is moved by up to ±<paramref name="Jitter"/> of it.</param>
/// <param name="Wait">How long a round listens for replies after its last probe.</param>
/// <param name="Rate">Probes per second at most (the rate budget).</param>
/// <param name="EventInterval">The same finding updates its Event at most this often.</param>
public sealed record AgentOptions(
    string Node,
    Ipv4Address SourceIp,
    MacAddress SourceMac,
    TimeSpan Interval,
    TimeSpan Wait,
    int Rate,
    double Jitter,
    TimeSpan EventInterval)
{
    /// <summary>Longest pause (before jitter) between attempts to list and watch again: client-go's reflector's 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = ReflectorBackoff.DefaultMax;
    /// <summary>The first pause: client-go's reflector's 800 ms, doubling per attempt.</summary>
    public TimeSpan FirstBackoff { get; init; } = ReflectorBackoff.DefaultInitial;
    /// <summary>The pauses start over from <see cref="FirstBackoff"/> after this long without one.</summary>
    public TimeSpan BackoffReset { get; init; } = ReflectorBackoff.DefaultReset;
    /// <summary>Random numbers in [0, 1) that stretch each pause; <c>null</c> for <see cref="Random.Shared"/>.</summary>
    public Func<double>? BackoffJitter { get; init; }
    /// <summary>Nodes are relisted this often, to name the MACs that answer.</summary>
    public TimeSpan NodeRefresh { get; init; } = TimeSpan.FromMinutes(5);
}
