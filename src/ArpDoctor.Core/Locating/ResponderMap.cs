using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Locating;

/// <summary>What an answering MAC is, relative to MetalLB's announcer.</summary>
public enum ResponderRole
{
    /// <summary>The node MetalLB says announces the VIP: the one that should answer.</summary>
    Announcer,
    /// <summary>A node that answers but is not the announcer: kube-proxy IPVS without strictARP, typically.</summary>
    NotAnnouncer,
    /// <summary>A node answers, but MetalLB names no announcer to compare with.</summary>
    Node,
    /// <summary>No node owns this MAC: a router, a VM outside the cluster, a duplicate address.</summary>
    UnknownDevice,
}

/// <summary>One MAC that answered for the VIP, mapped to its node.</summary>
public sealed record LocatedResponder(MacAddress Mac, string? Node, ResponderRole Role, int Replies, int Wins);

/// <summary>A node and the MAC its InternalIP resolved to on the probing interface (<c>null</c>: did not answer).</summary>
public sealed record NodeMac(string Node, Ipv4Address InternalIp, MacAddress? Mac);

/// <summary>Maps answering MACs to nodes by the MACs the nodes' InternalIPs resolve to. Pure.</summary>
public static class ResponderMap
{
    public static IReadOnlyList<LocatedResponder> Map(
        IEnumerable<(MacAddress Mac, int Replies, int Wins)> responders, IReadOnlyList<NodeMac> nodes, string? announcer)
    {
        var owner = new Dictionary<MacAddress, string>();
        foreach (var n in nodes)
            if (n.Mac is { } mac) owner.TryAdd(mac, n.Node);
        return responders.Select(r =>
        {
            if (!owner.TryGetValue(r.Mac, out var node)) return new LocatedResponder(r.Mac, null, ResponderRole.UnknownDevice, r.Replies, r.Wins);
            var role = announcer is null ? ResponderRole.Node : node == announcer ? ResponderRole.Announcer : ResponderRole.NotAnnouncer;
            return new LocatedResponder(r.Mac, node, role, r.Replies, r.Wins);
        }).ToList();
    }

    public static string ToWord(this ResponderRole role) => role switch
    {
        ResponderRole.Announcer => "announcer",
        ResponderRole.NotAnnouncer => "answers but is not the announcer",
        ResponderRole.Node => "node",
        _ => "unknown device",
    };
}
