using ArpDoctor.Core.Causes;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Doctoring;

/// <summary>What an answering MAC is to the VIP.</summary>
public enum DoctorRole
{
    /// <summary>The node the announcer names: the one that should answer.</summary>
    Announcer,
    /// <summary>A node's kernel answering because kube-ipvs0 holds the VIP (kube-proxy IPVS without strictARP in effect).</summary>
    Kernel,
    /// <summary>Another node holding the VIP itself: a second announcer.</summary>
    SecondAnnouncer,
    /// <summary>A further interface of a node that already answered.</summary>
    SecondInterface,
    /// <summary>A node answers, and no announcer names one to compare with.</summary>
    Node,
    /// <summary>No node owns the MAC.</summary>
    Foreign,
}

/// <summary>One MAC that answered for the VIP, mapped to its node and role.</summary>
public sealed record DoctorResponder(MacAddress Mac, string? Vendor, string? Node, DoctorRole Role, int Replies, int Wins);

/// <summary>Where the answers came from: an interface of this host, the agents' results, or a probe Pod.</summary>
public enum ProbeSource { Here, Agent, Pod }

/// <summary>One VIP announced in layer 2: who should announce it, what answered, the causes named.</summary>
/// <param name="Probed">Whether answers for it were collected at all (false: see the report's <see cref="DoctorReport.NotDone"/>).</param>
public sealed record VipDiagnosis(
    Ipv4Address Vip, string Service, string? Announcer, string? AnnouncerKind, bool Probed, int Probes,
    IReadOnlyList<DoctorResponder> Responders, IReadOnlyList<Cause> Causes)
{
    /// <summary>Probed, exactly one MAC answered, it is a node's, and no cause applies.</summary>
    public bool Healthy => Probed && Responders.Count == 1 && Responders[0].Node is not null && Causes.Count == 0;

    /// <summary><c>healthy</c>, <c>cause-found</c>, <c>conflict</c> (several MACs, no cause named), <c>no-answer</c>, <c>not-probed</c>, <c>unmapped</c> (one MAC of no known node).</summary>
    public string Verdict => Causes.Count > 0 ? "cause-found" : !Probed ? "not-probed" : Responders.Count == 0 ? "no-answer"
        : Responders.Count > 1 ? "conflict" : Healthy ? "healthy" : "unmapped";
}

/// <summary>What <c>arpdoctor doctor</c> reports.</summary>
/// <param name="Interface">Where the answers were heard (an interface of this host, or of the node a probe ran on); empty when none.</param>
/// <param name="NotDone">What could not be done, and why, one line each.</param>
/// <param name="Notes">What the cluster would not show (its unread facts), one line each.</param>
public sealed record DoctorReport(ProbeSource Source, string Interface, string Server, IReadOnlyList<VipDiagnosis> Vips, IReadOnlyList<string> NotDone, IReadOnlyList<string> Notes)
{
    /// <summary>Where the answers came from in words when the interface alone does not say: <c>agent on n1, n2 (round 4s ago)</c>; <c>null</c> otherwise.</summary>
    public string? Vantage { get; init; }

    /// <summary>The report's "probed …" phrase: <c>from agent on n1, n2 (round 4s ago)</c>, <c>probed here on eth0</c>, or <c>not probed</c>.</summary>
    public string Where => Vantage is { } v ? $"from {v}" : Interface.Length == 0 ? "not probed" : $"probed {Source.ToWord()} on {Interface}";

    /// <summary>Every cause, grouped: one entry per cause and remedy, with the VIPs it explains.</summary>
    public IReadOnlyList<(Cause Cause, IReadOnlyList<Ipv4Address> Vips)> Causes =>
        Vips.SelectMany(v => v.Causes.Select(c => (Cause: c, v.Vip)))
            .GroupBy(x => (x.Cause.Id, Nodes: string.Join(",", x.Cause.Nodes), x.Cause.Remedy.Text))
            .Select(g => (g.First().Cause, (IReadOnlyList<Ipv4Address>)g.Select(x => x.Vip).ToList()))
            .ToList();

    /// <summary>A cause found, or a VIP that answers wrongly (several MACs, none, or a MAC of no node).</summary>
    public bool Problem => Vips.Any(v => v.Causes.Count > 0 || (v.Probed && !v.Healthy));

    /// <summary>Healthy, earned: at least one VIP, every VIP probed and healthy, nothing left undone, the cluster read in full.</summary>
    public bool Healthy => Vips.Count > 0 && Vips.All(v => v.Healthy) && NotDone.Count == 0 && Notes.Count == 0;

    /// <summary><c>cause-found</c>, <c>healthy</c>, or <c>cannot-tell</c> (nothing wrong seen, but not everything could be looked at).</summary>
    public string Verdict => Problem ? "cause-found" : Healthy ? "healthy" : "cannot-tell";
}

public static class DoctorWords
{
    public static string ToWord(this DoctorRole role) => role switch
    {
        DoctorRole.Announcer => "announcer",
        DoctorRole.Kernel => "kernel (kube-ipvs0)",
        DoctorRole.SecondAnnouncer => "second announcer",
        DoctorRole.SecondInterface => "second interface",
        DoctorRole.Node => "node",
        _ => "foreign device",
    };

    public static string ToWord(this ProbeSource source) => source switch
    {
        ProbeSource.Here => "here",
        ProbeSource.Agent => "agent",
        _ => "pod",
    };
}
