using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using Prometheus;

namespace ArpDoctor.Agent;

/// <summary>
/// The agent's Prometheus instruments (<c>arpdoctor_vip_*</c>, <c>arpdoctor_node_*</c>, <c>arpdoctor_probes_total</c>,
/// <c>arpdoctor_agent_*</c>) in a registry of their own, served by <see cref="AgentHttp"/>. Label names are none that
/// Prometheus or the Operator set on targets (<c>namespace</c>, <c>service</c>, <c>pod</c>, <c>instance</c>, <c>job</c>), so a
/// ServiceMonitor cannot rename them: <c>lb_service</c> is the LoadBalancer Service as <c>ns/name</c> and <c>ip</c> its VIP,
/// as MetalLB's speaker metrics write them (join on <c>ip</c>); <c>node</c> is only ever this node. Bounded by the Services
/// probed (series of a deleted Service are removed), the interfaces given and fixed word lists (<c>cause</c>, <c>call</c>, <c>reason</c>, <c>result</c>).
/// (<c>watch --metrics</c> has its own class, in the CLI's Watch folder.)
/// </summary>
public sealed class AgentMetrics
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly AgentInstruments _agent;

    public AgentMetrics() => _agent = new AgentInstruments(Metrics.WithCustomRegistry(_registry));

    /// <summary>
    /// The agent on <paramref name="node"/>: also <c>arpdoctor_agent_info{node,version} 1</c> (what the agent-missing alert
    /// joins with kube-state-metrics' <c>kube_node_info</c>) and the process and runtime metrics (<c>process_*</c>, <c>dotnet_*</c>).
    /// </summary>
    public AgentMetrics(string node, string version) : this()
    {
        Metrics.WithCustomRegistry(_registry)
            .CreateGauge("arpdoctor_agent_info", "1 for each running agent: its node and version", new GaugeConfiguration { LabelNames = ["node", "version"] })
            .WithLabels(node, version).Set(1);
        DotNetStats.Register(_registry);
    }

    private AgentInstruments A => _agent;

    private sealed class AgentInstruments
    {
        public readonly Gauge Responders;
        public readonly Counter WinnerChanges;
        public readonly Counter Probes;
        public readonly Gauge Answers;
        public readonly Gauge StrictArp;
        public readonly Gauge Services;
        public readonly Gauge Vips;
        public readonly Counter Rounds;
        public readonly Gauge RoundSeconds;
        public readonly Counter ApiErrors;
        public readonly Counter WatchRestarts;
        public readonly Counter Relists;
        public readonly Counter Events;
        public readonly Gauge InterfaceUp;

        public AgentInstruments(IMetricFactory f)
        {
            Responders = f.CreateGauge("arpdoctor_vip_responders", "MACs that answered the VIP's last probe, this node included when its kernel answers (1 is healthy)",
                new GaugeConfiguration { LabelNames = ["lb_service", "ip"] });
            WinnerChanges = f.CreateCounter("arpdoctor_vip_winner_changes_total", "Changes of the first-replying MAC, by cause (failover: announced by gratuitous ARP; flap: not)",
                new CounterConfiguration { LabelNames = ["lb_service", "ip", "cause"] });
            Probes = f.CreateCounter("arpdoctor_probes_total", "Broadcast ARP requests sent");
            Answers = f.CreateGauge("arpdoctor_node_answers_vip", "1 when this node's kernel answers ARP for the VIP (held on kube-ipvs0 with arp_ignore 0, or on the probing interface)",
                new GaugeConfiguration { LabelNames = ["node", "ip"] });
            StrictArp = f.CreateGauge("arpdoctor_node_strict_arp", "1 when the node's effective arp_ignore >= 1 and arp_announce >= 2 (what kube-proxy strictARP sets)",
                new GaugeConfiguration { LabelNames = ["node"] });
            Services = f.CreateGauge("arpdoctor_agent_services", "LoadBalancer Services known from the API");
            Vips = f.CreateGauge("arpdoctor_agent_vips", "VIPs probed each round");
            Rounds = f.CreateCounter("arpdoctor_agent_rounds_total", "Probe rounds completed");
            RoundSeconds = f.CreateGauge("arpdoctor_agent_round_duration_seconds", "Duration of the last probe round, sending and listening");
            ApiErrors = f.CreateCounter("arpdoctor_agent_api_errors_total", "Failed Kubernetes API calls, by call",
                new CounterConfiguration { LabelNames = ["call"] });
            WatchRestarts = f.CreateCounter("arpdoctor_agent_watch_restarts_total", "Service watches restarted, by reason (closed, expired, error)",
                new CounterConfiguration { LabelNames = ["reason"] });
            Relists = f.CreateCounter("arpdoctor_agent_relists_total", "Full Service lists after the first: each follows an expired (410 Gone) watch or a failed list");
            Events = f.CreateCounter("arpdoctor_agent_events_total", "Warning Events sent to the API, by result (created, updated, failed)",
                new CounterConfiguration { LabelNames = ["result"] });
            InterfaceUp = f.CreateGauge("arpdoctor_agent_interface_up",
                "1 while the interface can carry probes (up, with carrier, captured); 0 while it is absent, down, without carrier or its capture failed: its VIPs are not probed (the reason is on /readyz and in the log)",
                new GaugeConfiguration { LabelNames = ["interface"] });
            foreach (var call in new[] { "list-services", "watch-services", "list-nodes", "record-event" }) ApiErrors.WithLabels(call);
            foreach (var reason in new[] { "closed", "expired", "error" }) WatchRestarts.WithLabels(reason);
            foreach (var result in new[] { "created", "updated", "failed" }) Events.WithLabels(result);
        }
    }

    public CollectorRegistry Registry => _registry;

    public void Probed(int count) => A.Probes.Inc(count);

    public void Resolved(ServiceRef service, Ipv4Address vip, int responders) =>
        A.Responders.WithLabels(service.ToString(), vip.ToString()).Set(responders);

    public void WinnerChanged(ServiceRef service, Ipv4Address vip, ChangeCause cause) =>
        A.WinnerChanges.WithLabels(service.ToString(), vip.ToString(), cause.ToWord()).Inc();

    /// <summary>A VIP is probed from now on: its counters start at zero for both causes.</summary>
    public void Tracking(ServiceRef service, Ipv4Address vip)
    {
        foreach (var cause in Enum.GetValues<ChangeCause>())
            A.WinnerChanges.WithLabels(service.ToString(), vip.ToString(), cause.ToWord());
    }

    /// <summary>The Service went away or no longer has the VIP: its series go too, so label values stay bounded.</summary>
    public void Forgotten(ServiceRef service, Ipv4Address vip)
    {
        A.Responders.RemoveLabelled(service.ToString(), vip.ToString());
        foreach (var cause in Enum.GetValues<ChangeCause>())
            A.WinnerChanges.RemoveLabelled(service.ToString(), vip.ToString(), cause.ToWord());
    }

    /// <summary>No Service has the VIP any more (or it is not probed here now): the node's series of it go.</summary>
    public void VipForgotten(Ipv4Address vip, string node) => A.Answers.RemoveLabelled(node, vip.ToString());

    public void NodeState(NodeArpState state, IEnumerable<Ipv4Address> vips)
    {
        A.StrictArp.WithLabels(state.Node).Set(state.StrictArp ? 1 : 0);
        foreach (var vip in vips)
            A.Answers.WithLabels(state.Node, vip.ToString()).Set(state.Answers(vip) ? 1 : 0);
    }

    public void Catalog(int services, int vips)
    {
        A.Services.Set(services);
        A.Vips.Set(vips);
    }

    public void RoundDone(TimeSpan duration)
    {
        A.Rounds.Inc();
        A.RoundSeconds.Set(duration.TotalSeconds);
    }

    /// <summary>Whether <paramref name="interfaceName"/> can carry probes (one series per interface the agent was given).</summary>
    public void Interface(string interfaceName, bool up) => A.InterfaceUp.WithLabels(interfaceName).Set(up ? 1 : 0);

    public void ApiError(string call) => A.ApiErrors.WithLabels(call).Inc();

    public void WatchRestarted(string reason) => A.WatchRestarts.WithLabels(reason).Inc();

    public void Relisted() => A.Relists.Inc();

    public void EventSent(string result) => A.Events.WithLabels(result).Inc();

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
