using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using Prometheus;

namespace ArpDoctor.Agent;

/// <summary>
/// Every Prometheus instrument of the agent, behind verbs. Labels are bounded: <c>vip</c>, <c>namespace</c>
/// and <c>service</c> by the cluster's LoadBalancer Services (series of a deleted Service are removed),
/// <c>node</c> by this node, <c>cause</c>, <c>call</c> and <c>result</c> by fixed word lists.
/// </summary>
public sealed class AgentMetrics
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly Gauge _responders;
    private readonly Counter _winnerChanges;
    private readonly Counter _probes;
    private readonly Gauge _answers;
    private readonly Gauge _strictArp;
    private readonly Gauge _services;
    private readonly Gauge _vips;
    private readonly Counter _rounds;
    private readonly Gauge _roundSeconds;
    private readonly Counter _apiErrors;
    private readonly Counter _watchRestarts;
    private readonly Counter _events;

    public AgentMetrics()
    {
        var f = Metrics.WithCustomRegistry(_registry);
        _responders = f.CreateGauge("arpdoctor_vip_responders", "MACs that answered the VIP's last probe, this node included when its kernel answers (1 is healthy)",
            new GaugeConfiguration { LabelNames = ["namespace", "service", "vip"] });
        _winnerChanges = f.CreateCounter("arpdoctor_vip_winner_changes_total", "Changes of the first-replying MAC, by cause (failover: announced by gratuitous ARP; flap: not)",
            new CounterConfiguration { LabelNames = ["namespace", "service", "vip", "cause"] });
        _probes = f.CreateCounter("arpdoctor_probes_total", "Broadcast ARP requests sent");
        _answers = f.CreateGauge("arpdoctor_node_answers_vip", "1 when this node's kernel answers ARP for the VIP (held on kube-ipvs0 with arp_ignore 0, or on the probing interface)",
            new GaugeConfiguration { LabelNames = ["node", "vip"] });
        _strictArp = f.CreateGauge("arpdoctor_node_strict_arp", "1 when the node's effective arp_ignore >= 1 and arp_announce >= 2 (what kube-proxy strictARP sets)",
            new GaugeConfiguration { LabelNames = ["node"] });
        _services = f.CreateGauge("arpdoctor_agent_services", "LoadBalancer Services known from the API");
        _vips = f.CreateGauge("arpdoctor_agent_vips", "VIPs probed each round");
        _rounds = f.CreateCounter("arpdoctor_agent_rounds_total", "Probe rounds completed");
        _roundSeconds = f.CreateGauge("arpdoctor_agent_round_duration_seconds", "Duration of the last probe round, sending and listening");
        _apiErrors = f.CreateCounter("arpdoctor_agent_api_errors_total", "Failed Kubernetes API calls, by call",
            new CounterConfiguration { LabelNames = ["call"] });
        _watchRestarts = f.CreateCounter("arpdoctor_agent_watch_restarts_total", "Service watches restarted, by reason (closed, expired, error)",
            new CounterConfiguration { LabelNames = ["reason"] });
        _events = f.CreateCounter("arpdoctor_agent_events_total", "Warning Events sent to the API, by result (created, updated, failed)",
            new CounterConfiguration { LabelNames = ["result"] });
        foreach (var call in new[] { "list-services", "watch-services", "list-nodes", "record-event" }) _apiErrors.WithLabels(call);
        foreach (var reason in new[] { "closed", "expired", "error" }) _watchRestarts.WithLabels(reason);
        foreach (var result in new[] { "created", "updated", "failed" }) _events.WithLabels(result);
    }

    public CollectorRegistry Registry => _registry;

    public void Probed(int count) => _probes.Inc(count);

    public void Resolved(ServiceRef service, Ipv4Address vip, int responders) =>
        _responders.WithLabels(service.Namespace, service.Name, vip.ToString()).Set(responders);

    public void WinnerChanged(ServiceRef service, Ipv4Address vip, ChangeCause cause) =>
        _winnerChanges.WithLabels(service.Namespace, service.Name, vip.ToString(), cause.ToWord()).Inc();

    /// <summary>A VIP is probed from now on: its counters start at zero for both causes.</summary>
    public void Tracking(ServiceRef service, Ipv4Address vip)
    {
        foreach (var cause in Enum.GetValues<ChangeCause>())
            _winnerChanges.WithLabels(service.Namespace, service.Name, vip.ToString(), cause.ToWord());
    }

    /// <summary>The VIP's Service went away: its series go too, so label values stay bounded.</summary>
    public void Forgotten(ServiceRef service, Ipv4Address vip, string node)
    {
        _responders.RemoveLabelled(service.Namespace, service.Name, vip.ToString());
        foreach (var cause in Enum.GetValues<ChangeCause>())
            _winnerChanges.RemoveLabelled(service.Namespace, service.Name, vip.ToString(), cause.ToWord());
        _answers.RemoveLabelled(node, vip.ToString());
    }

    public void NodeState(NodeArpState state, IEnumerable<Ipv4Address> vips)
    {
        _strictArp.WithLabels(state.Node).Set(state.StrictArp ? 1 : 0);
        foreach (var vip in vips)
            _answers.WithLabels(state.Node, vip.ToString()).Set(state.Answers(vip) ? 1 : 0);
    }

    public void Catalog(int services, int vips)
    {
        _services.Set(services);
        _vips.Set(vips);
    }

    public void RoundDone(TimeSpan duration)
    {
        _rounds.Inc();
        _roundSeconds.Set(duration.TotalSeconds);
    }

    public void ApiError(string call) => _apiErrors.WithLabels(call).Inc();

    public void WatchRestarted(string reason) => _watchRestarts.WithLabels(reason).Inc();

    public void EventSent(string result) => _events.WithLabels(result).Inc();

    /// <summary>The exposition text, as a scrape gets it.</summary>
    public async Task ExportAsync(Stream destination, CancellationToken ct) =>
        await _registry.CollectAndExportAsTextAsync(destination, ct).ConfigureAwait(false);

    public async Task<string> ExportAsync()
    {
        using var buffer = new MemoryStream();
        await ExportAsync(buffer, CancellationToken.None).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
