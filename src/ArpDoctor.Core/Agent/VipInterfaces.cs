using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Agent;

/// <summary>One IPv4 network configured on a node's interface (address and prefix length).</summary>
public readonly record struct InterfaceNetwork(string Interface, Ipv4Address Address, int PrefixLength)
{
    public bool Contains(Ipv4Address ip)
    {
        if (PrefixLength == 0) return true;
        uint mask = uint.MaxValue << (32 - PrefixLength);
        return (ip.Value & mask) == (Address.Value & mask);
    }
}

/// <summary>
/// Which interface of this node a VIP's ARP requests arrive on, so the agent probes it there: the interface
/// whose connected network holds the VIP (longest prefix wins, as in the kernel's route lookup), else the
/// interface of the default route. Host addresses (/32) and the interfaces that only hold VIPs
/// (<c>kube-ipvs0</c>, loopback) are never chosen: a VIP is <em>on</em> them, not reachable through them.
/// With an explicit list of interfaces (<c>--interface</c> given), only those are candidates and the first
/// one takes the VIPs no network holds.
/// </summary>
public static class VipInterfaces
{
    private static readonly HashSet<string> NeverProbeOn = new(StringComparer.Ordinal) { "kube-ipvs0", "lo" };

    /// <summary>The interface <paramref name="vip"/> is probed on, or <c>null</c> when no candidate reaches it.</summary>
    public static string? InterfaceOf(Ipv4Address vip, IReadOnlyList<InterfaceNetwork> networks, string? fallback, IReadOnlyList<string>? only = null)
    {
        string? best = null;
        int bestPrefix = -1;
        foreach (var n in networks)
        {
            if (n.PrefixLength >= 32 || n.PrefixLength <= bestPrefix || NeverProbeOn.Contains(n.Interface)) continue;
            if (only is not null && !only.Contains(n.Interface)) continue;
            if (!n.Contains(vip)) continue;
            best = n.Interface;
            bestPrefix = n.PrefixLength;
        }
        return best ?? (only is { Count: > 0 } ? only[0] : fallback);
    }
}
