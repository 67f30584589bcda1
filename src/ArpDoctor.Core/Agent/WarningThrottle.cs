using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Agent;

/// <summary>The Warning a Service gets when more than one MAC answers its VIP.</summary>
/// <param name="Count">How often the same finding was seen since the Event was first posted.</param>
/// <param name="Announcer">The node MetalLB announces the Service from (its ServiceL2Status), when known.</param>
/// <param name="Identity">The Service's uid and resourceVersion, so the Event's involvedObject is complete (kubectl describe selects on the uid).</param>
public sealed record VipWarning(ServiceRef Service, Ipv4Address Vip, IReadOnlyList<MacAddress> Macs, IReadOnlyList<string?> Nodes, DateTimeOffset Time, int Count,
    string? Announcer = null, ServiceIdentity? Identity = null)
{
    public const string Reason = "ARPConflict";

    /// <summary>Key of the Event object: one per Service and VIP, so repeats patch its count.</summary>
    public string EventName => $"{Service.Name}.arpdoctor.{Vip.ToString().Replace('.', '-')}";

    public string Message
    {
        get
        {
            var parts = new List<string>(Macs.Count);
            for (int i = 0; i < Macs.Count; i++)
                parts.Add(Nodes[i] is { } node ? $"{Macs[i]} ({node})" : Macs[i].ToString());
            var announcer = Announcer is null ? "" : $"; MetalLB announces it from {Announcer}, the others should not answer";
            return $"VIP {Vip} is answered by {Macs.Count} MACs: {string.Join(", ", parts)}{announcer}; clients flap between them (kube-proxy IPVS without strictARP?)";
        }
    }
}

/// <summary>What to do with a finding: post a new Event, bump the existing one, or nothing.</summary>
public enum WarningAction { None, Create, Update }

/// <summary>
/// Deduplicates and rate-limits the Warning Events: a new set of MACs for a VIP is posted at once; the same
/// set again only bumps the Event's count, at most once per <see cref="MinInterval"/>, so a fleet of agents
/// probing every 30 s does not flood the API. Pure: time comes with each call.
/// </summary>
public sealed class WarningThrottle(TimeSpan minInterval)
{
    private sealed class State
    {
        public MacAddress[] Macs = [];
        public DateTimeOffset LastSent;
        public int Count;
        public int NamedNodes;
        public bool Posted;
    }

    private readonly Dictionary<ServiceVip, State> _state = [];

    public TimeSpan MinInterval { get; } = minInterval;

    /// <summary>
    /// Decides for one resolution of <paramref name="vip"/> (one Service's claim on it: Services that share a VIP each
    /// get their own Event) with <paramref name="macs"/> answering, <paramref name="namedNodes"/>
    /// of them known by node name. A post that named fewer nodes (the Node list had not arrived) is made again at once.
    /// </summary>
    public (WarningAction Action, int Count) Decide(ServiceVip vip, IReadOnlyList<MacAddress> macs, DateTimeOffset now, int namedNodes = 0)
    {
        if (macs.Count < 2) return (WarningAction.None, 0);
        var sorted = macs.Distinct().Order().ToArray();
        if (!_state.TryGetValue(vip, out var s))
            _state[vip] = s = new State();
        bool same = s.Posted && s.Macs.AsSpan().SequenceEqual(sorted);
        s.Count++;
        bool betterNamed = namedNodes > s.NamedNodes;
        if (same && !betterNamed && now - s.LastSent < MinInterval) return (WarningAction.None, s.Count);
        s.NamedNodes = namedNodes;
        var action = s.Posted ? WarningAction.Update : WarningAction.Create;
        if (!same && s.Posted) s.Count = 1;
        s.Macs = sorted;
        s.LastSent = now;
        s.Posted = true;
        return (action, s.Count);
    }

    /// <summary>A post failed: the next finding tries again instead of waiting out the interval.</summary>
    public void Failed(ServiceVip vip)
    {
        if (_state.TryGetValue(vip, out var s)) s.LastSent = DateTimeOffset.MinValue;
    }

    /// <summary>The Service went away, or no longer has the VIP.</summary>
    public void Forget(ServiceVip vip) => _state.Remove(vip);
}
