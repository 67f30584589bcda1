using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Watching;

/// <summary>What to watch and how. Defaults match <c>arpdoctor watch</c>.</summary>
/// <param name="Interval">Time between rounds; 30 s is a typical firewall's hard ARP timeout.</param>
/// <param name="Wait">How long each round listens for replies.</param>
/// <param name="Duration">How long to watch; null until cancelled.</param>
/// <param name="Rate">Probes per second when many VIPs are re-resolved at once.</param>
public sealed record WatchRequest(
    IReadOnlyList<Ipv4Address> Vips,
    Ipv4Address SourceIp,
    MacAddress SourceMac,
    TimeSpan Interval,
    TimeSpan Wait,
    TimeSpan? Duration,
    int Rate = Scanning.ScanRequest.DefaultRate)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMilliseconds(500);
}
