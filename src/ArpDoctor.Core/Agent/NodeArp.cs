using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Agent;

/// <summary>The two ARP sysctls of one interface (or <c>all</c>) as read from <c>/proc/sys/net/ipv4/conf</c>.</summary>
public readonly record struct ArpSysctls(int Ignore, int Announce)
{
    /// <summary>
    /// What the kernel applies on an interface: the higher of <c>all</c> and the interface's own value
    /// (<c>IN_DEV_ARP_IGNORE</c> and <c>IN_DEV_ARP_ANNOUNCE</c> in include/linux/inetdevice.h take the max).
    /// </summary>
    public static ArpSysctls Effective(ArpSysctls all, ArpSysctls device) =>
        new(Math.Max(all.Ignore, device.Ignore), Math.Max(all.Announce, device.Announce));

    /// <summary>What kube-proxy's strictARP sets: <c>arp_ignore=1</c>, <c>arp_announce=2</c> (or stricter).</summary>
    public bool IsStrict => Ignore >= 1 && Announce >= 2;
}

/// <summary>The node-local facts: the sysctls in force on the probing interface and where each VIP is held.</summary>
/// <param name="Node">The node's name (the DaemonSet passes <c>spec.nodeName</c>).</param>
/// <param name="Interface">The interface ARP requests for the VIPs arrive on (where the agent probes).</param>
/// <param name="Effective">The effective sysctls on <paramref name="Interface"/>.</param>
/// <param name="OnIpvs">Addresses on <c>kube-ipvs0</c> (kube-proxy IPVS binds every Service IP there).</param>
/// <param name="OnInterface">Addresses on <paramref name="Interface"/> itself.</param>
public sealed record NodeArpState(
    string Node, string Interface, ArpSysctls Effective,
    IReadOnlySet<Ipv4Address> OnIpvs, IReadOnlySet<Ipv4Address> OnInterface)
{
    public bool StrictArp => Effective.IsStrict;

    /// <summary>
    /// Whether this node's kernel answers an ARP request for <paramref name="vip"/> arriving on the interface.
    /// arp_ignore 0 answers for any local address (so a VIP on kube-ipvs0 too: the flapping); 1 and 2 only for
    /// addresses on the receiving interface; 3 only scope-host ones (a VIP never is); 8 and above never.
    /// </summary>
    public bool Answers(Ipv4Address vip)
    {
        int ignore = Effective.Ignore;
        if (ignore >= 8 || ignore == 3) return false;
        if (OnInterface.Contains(vip)) return true;
        return ignore == 0 && OnIpvs.Contains(vip);
    }
}
