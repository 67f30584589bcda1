namespace ArpDoctor.Core.Packets;

/// <summary>One Ethernet frame carrying an IPv4-over-Ethernet ARP packet.</summary>
/// <param name="EthernetDestination">Destination MAC of the Ethernet header.</param>
/// <param name="EthernetSource">Source MAC of the Ethernet header.</param>
/// <param name="VlanId">802.1Q VLAN id of the outermost tag, or <c>null</c> when untagged.</param>
public readonly record struct ArpFrame(
    MacAddress EthernetDestination,
    MacAddress EthernetSource,
    ushort? VlanId,
    ArpOperation Operation,
    MacAddress SenderMac,
    Ipv4Address SenderIp,
    MacAddress TargetMac,
    Ipv4Address TargetIp)
{
    /// <summary>Sender and target IP are the same: an announcement (RFC 5227 §2.3), as MetalLB sends on failover.</summary>
    public bool IsGratuitous => SenderIp == TargetIp && SenderIp != Ipv4Address.Any;

    /// <summary>A request from a host with no address yet (sender IP 0.0.0.0, RFC 5227 §2.1.1).</summary>
    public bool IsAddressProbe => Operation == ArpOperation.Request && SenderIp == Ipv4Address.Any;

    /// <summary>A broadcast who-has request, as arping -b and ArpDoctor send.</summary>
    public static ArpFrame Request(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp) =>
        new(MacAddress.Broadcast, senderMac, null, ArpOperation.Request, senderMac, senderIp, MacAddress.Zero, targetIp);

    /// <summary>A reply saying <paramref name="ip"/> is at <paramref name="mac"/>, sent to the asker.</summary>
    public static ArpFrame Reply(MacAddress mac, Ipv4Address ip, MacAddress askerMac, Ipv4Address askerIp) =>
        new(askerMac, mac, null, ArpOperation.Reply, mac, ip, askerMac, askerIp);

    /// <summary>A gratuitous request announcing that <paramref name="ip"/> is at <paramref name="mac"/>.</summary>
    public static ArpFrame Announcement(MacAddress mac, Ipv4Address ip) =>
        new(MacAddress.Broadcast, mac, null, ArpOperation.Request, mac, ip, MacAddress.Zero, ip);
}
