using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Cli.Common;

/// <summary>The IPv4 address to send probes from: the interface's own when known, else 0.0.0.0 (an RFC 5227 address probe).</summary>
public static class LinkAddress
{
    public static Ipv4Address Of(IArpLink link) => link is Linux.Capture.PcapArpLink pcap ? pcap.Info.Ipv4 ?? Ipv4Address.Any : Ipv4Address.Any;
}
