using ArpDoctor.Core.History;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using Prometheus;

namespace ArpDoctor.Agent;

/// <summary>
/// <c>arpdoctor_vip_*</c>: what a VIP's probes showed, per LoadBalancer Service (<c>lb_service</c>, <c>ns/name</c>) and
/// VIP (<c>ip</c>), as MetalLB's speaker metrics label them, and each MAC heard (<c>mac</c>, at most <see cref="ListedMacs"/>
/// per VIP). Series of a VIP no Service has any more, and of a MAC no longer heard, are removed.
/// </summary>
public sealed class VipStats
{
    public const string Subsystem = "vip";

    /// <summary>The most MACs of one VIP listed by <c>arpdoctor_vip_responder</c>; the rest are counted in <c>arpdoctor_vip_responders_unlisted</c>.</summary>
    public const int ListedMacs = 16;

    private readonly Gauge _responders;
    private readonly Gauge _responder;
    private readonly Gauge _unlisted;
    private readonly Counter _winnerChanges;
    private readonly Dictionary<(string Service, string Vip), List<string>> _listed = [];
    private readonly Lock _gate = new();   // one probe loop per interface reports, each its own VIPs, all into _listed

    internal VipStats(IMetricFactory factory)
    {
        _responders = factory.CreateGauge(MetricNames.Of(Subsystem, "responders"),
            "MACs that answered the VIP's last probe, this node included when its kernel answers (1 is healthy)",
            new GaugeConfiguration { LabelNames = ["lb_service", "ip"] });
        _responder = factory.CreateGauge(MetricNames.Of(Subsystem, "responder"),
            $"1 for each MAC that answered the VIP's last probe (this node's when its kernel answers), at most {ListedMacs} per VIP, in the order they answered",
            new GaugeConfiguration { LabelNames = ["lb_service", "ip", "mac"] });
        _unlisted = factory.CreateGauge(MetricNames.Of(Subsystem, "responders_unlisted"),
            $"MACs that answered the VIP's last probe beyond the {ListedMacs} arpdoctor_vip_responder lists (0 when it lists them all)",
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

    /// <summary>
    /// The VIP's last probe was answered by <paramref name="responders"/> (in the order they answered): their count, the
    /// first <see cref="ListedMacs"/> by MAC, the rest as a count. A MAC no longer heard loses its series.
    /// </summary>
    public void Resolved(ServiceRef service, Ipv4Address vip, IReadOnlyList<MacAddress> responders)
    {
        var (s, ip) = (service.ToString(), vip.ToString());
        var macs = responders.Distinct().Select(m => m.ToString()).ToList();
        _responders.WithLabels(s, ip).Set(macs.Count);
        var listed = macs.Take(ListedMacs).ToList();
        lock (_gate)
        {
            if (_listed.TryGetValue((s, ip), out var before))
                foreach (var gone in before.Except(listed, StringComparer.Ordinal)) _responder.RemoveLabelled(s, ip, gone);
            foreach (var mac in listed) _responder.WithLabels(s, ip, mac).Set(1);
            _listed[(s, ip)] = listed;
        }
        _unlisted.WithLabels(s, ip).Set(macs.Count - listed.Count);
    }

    public void WinnerChanged(ServiceRef service, Ipv4Address vip, ChangeCause cause) =>
        _winnerChanges.WithLabels(service.ToString(), vip.ToString(), cause.ToWord()).Inc();

    /// <summary>The Service went away or no longer has the VIP: its series go too, so label values stay bounded.</summary>
    public void Forgotten(ServiceRef service, Ipv4Address vip)
    {
        var (s, ip) = (service.ToString(), vip.ToString());
        _responders.RemoveLabelled(s, ip);
        _unlisted.RemoveLabelled(s, ip);
        lock (_gate)
            if (_listed.Remove((s, ip), out var listed))
                foreach (var mac in listed) _responder.RemoveLabelled(s, ip, mac);
        foreach (var cause in Enum.GetValues<ChangeCause>())
            _winnerChanges.RemoveLabelled(service.ToString(), vip.ToString(), cause.ToWord());
    }
}
