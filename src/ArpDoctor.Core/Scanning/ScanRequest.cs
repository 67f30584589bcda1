using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Scanning;

/// <summary>What to scan and how. Defaults match <c>arpdoctor scan</c>.</summary>
/// <param name="Targets">The VIPs, each probed once per round; no duplicates.</param>
/// <param name="Rate">Probes per second, over all targets.</param>
/// <param name="Retries">Extra rounds, each re-probing only the targets that have not answered yet.</param>
/// <param name="Wait">Time to keep listening after the last probe of a round.</param>
public sealed record ScanRequest(
    IReadOnlyList<Ipv4Address> Targets,
    Ipv4Address SourceIp,
    MacAddress SourceMac,
    int Rate,
    int Retries,
    TimeSpan Wait)
{
    public const int DefaultRate = 1000;
    public const int DefaultRetries = 1;
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMilliseconds(500);
}
