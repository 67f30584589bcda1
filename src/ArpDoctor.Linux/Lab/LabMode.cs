namespace ArpDoctor.Linux.Lab;

/// <summary>How the lab's nodes answer ARP for the VIPs on their <c>kube-ipvs0</c>.</summary>
public enum LabMode
{
    /// <summary>strictARP off: arp_ignore=0 / arp_announce=0, every node's kernel answers for every VIP.</summary>
    Loose,
    /// <summary>strictARP on: arp_ignore=1 / arp_announce=2 on every node, nobody answers.</summary>
    Strict,
    /// <summary>Strict, and the speaker node holds the VIPs on eth0 too, so exactly it answers (as MetalLB's speaker would).</summary>
    Speaker,
}
