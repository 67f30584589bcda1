using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Probing;

/// <summary>What to probe and how. Defaults match <c>arpdoctor probe</c>.</summary>
/// <param name="SourceIp">Sender IP in the probes; <see cref="Ipv4Address.Any"/> makes RFC 5227 address probes.</param>
/// <param name="SourceMac">Sender MAC in the probes; normally the interface's own.</param>
public sealed record ProbeRequest(
    Ipv4Address Vip,
    Ipv4Address SourceIp,
    MacAddress SourceMac,
    int Count,
    TimeSpan Interval,
    TimeSpan Wait)
{
    /// <summary>
    /// Time between probes unless told otherwise: <c>probe --interval</c>'s default, and the spacing <c>analyze</c> gives
    /// the probes of a <c>probe -o json</c> document (which carries no clock of its own).
    /// </summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMilliseconds(300);
    public const int DefaultCount = 3;
}
