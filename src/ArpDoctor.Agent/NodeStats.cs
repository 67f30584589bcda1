using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using Prometheus;

namespace ArpDoctor.Agent;

/// <summary><c>arpdoctor_node_*</c>: how this node's kernel treats ARP (<c>node</c> is only ever this node).</summary>
public sealed class NodeStats
{
    public const string Subsystem = "node";

    private readonly Gauge _answersVip;
    private readonly Gauge _strictArp;
    private readonly Gauge _addressResponder;
    private readonly Dictionary<string, List<string>> _addressMacs = [];
    private readonly Lock _gate = new();

    internal NodeStats(IMetricFactory factory)
    {
        _answersVip = factory.CreateGauge(MetricNames.Of(Subsystem, "answers_vip"),
            "1 when this node's kernel answers ARP for the VIP (held on kube-ipvs0 with arp_ignore 0, or on the probing interface)",
            new GaugeConfiguration { LabelNames = ["node", "ip"] });
        _strictArp = factory.CreateGauge(MetricNames.Of(Subsystem, "strict_arp"),
            "1 when the node's effective arp_ignore >= 1 and arp_announce >= 2 (what kube-proxy strictARP sets)",
            new GaugeConfiguration { LabelNames = ["node"] });
        _addressResponder = factory.CreateGauge(MetricNames.Of(Subsystem, "address_responder"),
            $"1 for each MAC that answered a node's InternalIP (address) in the last round, at most {VipStats.ListedMacs} per address (this node's own: the probing interface's MAC); which MAC is which node's",
            new GaugeConfiguration { LabelNames = ["address", "mac"] });
    }

    /// <summary>
    /// The node InternalIPs of the last round and the MACs that answered each (at most <see cref="VipStats.ListedMacs"/>);
    /// a MAC no longer heard, and an address no longer probed here, lose their series.
    /// </summary>
    /// <param name="before">The addresses this caller reported last time (each probe loop reports the addresses it probes).</param>
    public void AddressesHeard(IReadOnlyDictionary<Ipv4Address, IReadOnlyList<MacAddress>> heard, IReadOnlyCollection<Ipv4Address> before)
    {
        lock (_gate)
        {
            foreach (var gone in before.Where(a => !heard.ContainsKey(a)))
                Forget(gone.ToString());
            foreach (var (address, macs) in heard)
            {
                var a = address.ToString();
                var listed = macs.Distinct().Take(VipStats.ListedMacs).Select(m => m.ToString()).ToList();
                if (_addressMacs.TryGetValue(a, out var was))
                    foreach (var mac in was.Except(listed, StringComparer.Ordinal)) _addressResponder.RemoveLabelled(a, mac);
                foreach (var mac in listed) _addressResponder.WithLabels(a, mac).Set(1);
                _addressMacs[a] = listed;
            }
        }
    }

    private void Forget(string address)
    {
        if (_addressMacs.Remove(address, out var macs))
            foreach (var mac in macs) _addressResponder.RemoveLabelled(address, mac);
    }

    /// <summary>The node's ARP settings were read: strictARP, and whether its kernel answers for each of <paramref name="vips"/>.</summary>
    public void Read(NodeArpState state, IEnumerable<Ipv4Address> vips)
    {
        _strictArp.WithLabels(state.Node).Set(state.StrictArp ? 1 : 0);
        foreach (var vip in vips)
            _answersVip.WithLabels(state.Node, vip.ToString()).Set(state.Answers(vip) ? 1 : 0);
    }

    /// <summary>No Service has the VIP any more (or it is not probed here now): the node's series of it go.</summary>
    public void Forgotten(Ipv4Address vip, string node) => _answersVip.RemoveLabelled(node, vip.ToString());
}
