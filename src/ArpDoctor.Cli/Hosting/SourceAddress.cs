using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Cli.Hosting;

/// <summary>The sender IP put in probes: <c>--source</c>, else the interface's own address.</summary>
public static class SourceAddress
{
    /// <summary>
    /// The sender IP for probes: what the user gave with <c>--source</c>, else the interface's own, else
    /// 0.0.0.0 (an RFC 5227 address probe, which hosts answer too).
    /// </summary>
    public static Ipv4Address For(IArpLink link, Ipv4Address? given = null) => given ?? link.Ipv4 ?? Ipv4Address.Any;
}
