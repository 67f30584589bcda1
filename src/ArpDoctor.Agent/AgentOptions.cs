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
    /// <summary>Longest pause between attempts to reach the API when it is down.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Nodes are relisted this often, to name the MACs that answer.</summary>
    public TimeSpan NodeRefresh { get; init; } = TimeSpan.FromMinutes(5);
}
