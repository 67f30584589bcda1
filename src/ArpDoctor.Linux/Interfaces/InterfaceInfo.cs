using ArpDoctor.Core.Packets;

namespace ArpDoctor.Linux.Interfaces;

/// <summary>What ArpDoctor needs to know about one local interface.</summary>
/// <param name="Ipv4">The interface's first IPv4 address, or <c>null</c> when it has none.</param>
/// <param name="HasCarrier">IFF_RUNNING: the link is up and has a carrier (a cable, or a veth whose peer is up).</param>
/// <param name="Index">The kernel's interface index: an interface deleted and made again under the same name has another.</param>
public sealed record InterfaceInfo(string Name, MacAddress Mac, Ipv4Address? Ipv4, bool IsUp, bool HasCarrier = true, int Index = 0);
