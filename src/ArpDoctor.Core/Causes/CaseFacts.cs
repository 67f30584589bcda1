using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Causes;

/// <summary>One MAC heard answering for the VIP.</summary>
/// <param name="Wins">Probes it answered first.</param>
/// <param name="Vendor">The registry's short name for it; <c>null</c> when none applies (or it is locally administered).</param>
public sealed record HeardMac(MacAddress Mac, int Replies, int Wins, string? Vendor);

/// <summary>What kube-proxy does about ARP, as <c>check</c> judged it.</summary>
public enum KubeProxyArp
{
    /// <summary>Nodes do not answer for VIPs (strictARP on and in effect, or not IPVS mode).</summary>
    Quiet,
    /// <summary>IPVS with strictARP off: every node answers.</summary>
    StrictArpOff,
    /// <summary>strictARP set, but pods started before the write still run without it.</summary>
    RestartPending,
    /// <summary>Could not tell (its file is not visible, or there is no kube-proxy in the API).</summary>
    Unknown,
}

/// <summary>
/// What the cluster says, for the rules that need it; <c>null</c> in <see cref="CaseFacts.Cluster"/> where only the
/// answers are known (analyze's evidence).
/// </summary>
/// <param name="Announcer">The node the announcer names for the VIP; <c>null</c> when none does.</param>
/// <param name="AnnouncerKind">MetalLB, kube-vip, OpenELB, Cilium; <c>null</c> when unknown.</param>
/// <param name="MacOwners">Every MAC the nodes' InternalIPs answered from, and its node (several per node for a multi-homed one).</param>
/// <param name="NotReady">Nodes whose Ready condition is not True, with how it reads.</param>
/// <param name="KubeProxyEvidence">check's evidence for <paramref name="KubeProxy"/>.</param>
/// <param name="KubeProxyRemedy">fix's plan for kube-proxy (or the platform's fragment).</param>
/// <param name="NoAnnouncerEvidence">Why no node can announce (no L2Advertisement selects one, no speaker pod); empty when some can.</param>
public sealed record ClusterView(
    string? Announcer,
    string? AnnouncerKind,
    IReadOnlyDictionary<MacAddress, string> MacOwners,
    IReadOnlyDictionary<string, string> NotReady,
    KubeProxyArp KubeProxy,
    IReadOnlyList<string> KubeProxyEvidence,
    Remedy KubeProxyRemedy,
    IReadOnlyList<string> NoAnnouncerEvidence);

/// <summary>Everything the catalogue weighs for one VIP: what answered it, over which probes and interface, and what the cluster says.</summary>
public sealed record CaseFacts(Ipv4Address Vip, string Interface, int Probes, IReadOnlyList<HeardMac> Macs, ClusterView? Cluster)
{
    /// <summary>The node that owns <paramref name="mac"/>; <c>null</c> when none (or no cluster facts).</summary>
    public string? NodeOf(MacAddress mac) => Cluster is not null && Cluster.MacOwners.TryGetValue(mac, out var n) ? n : null;

    /// <summary>The command that proves a remedy: an hour of watching the VIP from the same interface.</summary>
    public string Proof => $"arpdoctor watch {Vip} -i {Interface} --duration 1h";
}
