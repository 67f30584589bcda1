using ArpDoctor.Core.History;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using Prometheus;

namespace ArpDoctor.Agent;

/// <summary>
/// <c>arpdoctor_vip_*</c>: what a VIP's probes showed, per LoadBalancer Service (<c>lb_service</c>, <c>ns/name</c>) and
/// VIP (<c>ip</c>), as MetalLB's speaker metrics label them. Series of a VIP no Service has any more are removed.
/// </summary>
public sealed class VipStats
{
    public const string Subsystem = "vip";

    private readonly Gauge _responders;
    private readonly Counter _winnerChanges;

    internal VipStats(IMetricFactory factory)
    {
        _responders = factory.CreateGauge(MetricNames.Of(Subsystem, "responders"),
            "MACs that answered the VIP's last probe, this node included when its kernel answers (1 is healthy)",
            new GaugeConfiguration { LabelNames = ["lb_service", "ip"] });
        _winnerChanges = factory.CreateCounter(MetricNames.Of(Subsystem, "winner_changes_total"),
            "Changes of the first-replying MAC, by cause (failover: announced by gratuitous ARP; flap: not)",
            new CounterConfiguration { LabelNames = ["lb_service", "ip", "cause"] });
    }

    /// <summary>A VIP is probed from now on: its counters start at zero for every cause.</summary>
    public void Tracking(ServiceRef service, Ipv4Address vip)
    {
        foreach (var cause in Enum.GetValues<ChangeCause>())
            _winnerChanges.WithLabels(service.ToString(), vip.ToString(), cause.ToWord());
    }

    /// <summary>The VIP's last probe was answered by <paramref name="responders"/> MACs.</summary>
    public void Resolved(ServiceRef service, Ipv4Address vip, int responders) =>
        _responders.WithLabels(service.ToString(), vip.ToString()).Set(responders);

    public void WinnerChanged(ServiceRef service, Ipv4Address vip, ChangeCause cause) =>
        _winnerChanges.WithLabels(service.ToString(), vip.ToString(), cause.ToWord()).Inc();

    /// <summary>The Service went away or no longer has the VIP: its series go too, so label values stay bounded.</summary>
    public void Forgotten(ServiceRef service, Ipv4Address vip)
    {
        _responders.RemoveLabelled(service.ToString(), vip.ToString());
        foreach (var cause in Enum.GetValues<ChangeCause>())
            _winnerChanges.RemoveLabelled(service.ToString(), vip.ToString(), cause.ToWord());
    }
}
