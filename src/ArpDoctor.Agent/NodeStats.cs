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

    internal NodeStats(IMetricFactory factory)
    {
        _answersVip = factory.CreateGauge(MetricNames.Of(Subsystem, "answers_vip"),
            "1 when this node's kernel answers ARP for the VIP (held on kube-ipvs0 with arp_ignore 0, or on the probing interface)",
            new GaugeConfiguration { LabelNames = ["node", "ip"] });
        _strictArp = factory.CreateGauge(MetricNames.Of(Subsystem, "strict_arp"),
            "1 when the node's effective arp_ignore >= 1 and arp_announce >= 2 (what kube-proxy strictARP sets)",
            new GaugeConfiguration { LabelNames = ["node"] });
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
