using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Causes;

/// <summary>One MAC heard answering for the VIP.</summary>
/// <param name="Wins">Probes it answered first.</param>
/// <param name="Vendor">The registry's short name for it; <c>null</c> when none applies (or it is locally administered).</param>
public sealed record HeardMac(MacAddress Mac, int Replies, int Wins, string? Vendor)
{
    /// <summary>Probes it answered at all; <c>null</c> where the answers are not told apart per probe (then <see cref="Replies"/> stands in).</summary>
    public int? ProbesAnswered { get; init; }

    /// <summary>Probes it answered more than once (an announcer and its own kernel both answering).</summary>
    public int ProbesAnsweredTwice { get; init; }

    /// <summary>Gratuitous ARPs (announcements) it sent for the VIP.</summary>
    public int Announcements { get; init; }

    /// <summary>Probes it answered: <see cref="ProbesAnswered"/> where known, else its replies.</summary>
    public int Answered => ProbesAnswered ?? Replies;
}

/// <summary>How the first answer moved between MACs over the evidence (analyze's); <c>null</c> in <see cref="CaseFacts.Moves"/> for a single round of probes.</summary>
/// <param name="WinnerChanges">Times the first answer came from another MAC than in the answered probe before.</param>
/// <param name="ContestedProbes">Probes answered by more than one MAC.</param>
/// <param name="AnnouncedChanges">Winner changes the new MAC announced with a gratuitous ARP (failovers).</param>
public sealed record WinnerMoves(long WinnerChanges, long ContestedProbes, long AnnouncedChanges);

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
    /// <summary>How the first answer moved; <c>null</c> where that was not followed (doctor's probing rounds).</summary>
    public WinnerMoves? Moves { get; init; }

    /// <summary>The node that owns <paramref name="mac"/>; <c>null</c> when none (or no cluster facts).</summary>
    public string? NodeOf(MacAddress mac) => Cluster is not null && Cluster.MacOwners.TryGetValue(mac, out var n) ? n : null;

    /// <summary>The command that proves a remedy: an hour of watching the VIP from the same interface.</summary>
    public string Proof => $"arpdoctor watch {Vip} -i {Interface} --duration 1h";
}
