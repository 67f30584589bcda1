using ArpDoctor.Core.Agent;
using ArpDoctor.Core.History;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using Microsoft.Extensions.Logging;

namespace ArpDoctor.Agent;

/// <summary>
/// What the agent makes of its rounds, for one interface: which MAC is which node, this node's ARP settings, and per
/// VIP its responders (metrics, per Service that has it), its winner changes (its responder history, logged and counted), and a Warning Event on
/// each of its Services when more than one MAC answers (throttled). Announcements seen between rounds feed the history too.
/// </summary>
internal sealed class VipReporter(INodeNetwork node, IAgentCluster cluster, ServiceSync sync, AgentOptions options, AgentMetrics metrics,
    TimeProvider time, ILogger logger)
{
    private readonly ResponderHistories _histories = new([], options.SourceMac);
    private readonly WarningThrottle _throttle = new(options.EventInterval);
    private readonly Dictionary<Ipv4Address, IReadOnlyList<ServiceRef>> _tracked = [];
    private readonly Dictionary<MacAddress, string> _macNodes = [];
    private bool? _lastStrict;
    private IReadOnlyCollection<Ipv4Address> _addresses = [];

    /// <summary>
    /// Starts and stops tracking VIPs as their Services come and go. A VIP is tracked once however many Services share it
    /// (one winner history); each Service has its own series and Event, kept while it has the VIP.
    /// </summary>
    public void Reconcile(IReadOnlyDictionary<Ipv4Address, IReadOnlyList<ServiceRef>> vips)
    {
        foreach (var (vip, services) in _tracked.ToList())
        {
            vips.TryGetValue(vip, out var now);
            foreach (var service in services)
            {
                if (now is not null && now.Contains(service)) continue;
                _throttle.Forget(new ServiceVip(service, vip));
                metrics.Vip.Forgotten(service, vip);
            }
            if (now is not null) continue;
            _histories.Forget(vip);
            metrics.Node.Forgotten(vip, options.Node);
            _tracked.Remove(vip);
        }
        foreach (var (vip, services) in vips)
        {
            if (!_tracked.TryGetValue(vip, out var before)) _histories.Track(vip);
            foreach (var service in services)
                if (before is null || !before.Contains(service)) metrics.Vip.Tracking(service, vip);
            _tracked[vip] = services;
        }
    }

    /// <summary>A frame seen at any time: an announcement of a tracked VIP is an event.</summary>
    public void Observe(in CapturedArp captured)
    {
        if (_histories.AnnouncementIn(captured.Time, captured.Frame) is not { } announcement) return;
        foreach (var e in _histories.Add(announcement))
            if (_tracked.TryGetValue(e.Vip, out var services)) Report(e, services);
    }

    /// <summary>Reports one round: <paramref name="heard"/> holds the MACs that answered each address probed.</summary>
    public async Task RoundAsync(DateTimeOffset roundTime, IReadOnlyDictionary<Ipv4Address, IReadOnlyList<ServiceRef>> vips,
        IReadOnlyDictionary<Ipv4Address, List<MacAddress>> heard, string interfaceName, CancellationToken ct)
    {
        foreach (var (ip, name) in sync.NodeIps)
            if (heard.TryGetValue(ip, out var macs) && macs.Count == 1) _macNodes[macs[0]] = name;
        _macNodes[options.SourceMac] = options.Node;
        // Which MAC is which node's, for doctor: what answered each node address probed, and this node's own address
        // (never probed: its kernel answers nobody for its own request) from the interface it probes with.
        var addresses = new Dictionary<Ipv4Address, IReadOnlyList<MacAddress>>();
        foreach (var ip in sync.NodeIps.Keys)
            if (ip == options.SourceIp) addresses[ip] = [options.SourceMac];
            else if (heard.TryGetValue(ip, out var macs)) addresses[ip] = [.. macs];
        metrics.Node.AddressesHeard(addresses, _addresses);
        _addresses = addresses.Keys;

        var (state, error) = node.Read(options.Node, interfaceName);
        if (state is null) AgentLog.NodeReadFailed(logger, error ?? "unknown");
        else
        {
            metrics.Node.Read(state, vips.Keys);
            if (_lastStrict != state.StrictArp)
            {
                _lastStrict = state.StrictArp;
                AgentLog.NodeState(logger, state.StrictArp, state.Effective.Ignore, state.Effective.Announce, state.Interface);
            }
        }

        foreach (var (vip, services) in vips)
        {
            var responders = heard[vip];
            // This node's own kernel answers requests from others, never its own: count it from the node-local truth.
            if (state is not null && state.Answers(vip) && !responders.Contains(options.SourceMac))
                responders.Add(options.SourceMac);
            foreach (var service in services) metrics.Vip.Resolved(service, vip, responders);
            foreach (var e in _histories.Add(new Round(roundTime, vip, [.. responders.Select(mac => new Reply(mac))])))
                Report(e, services);
            foreach (var service in services)
                await WarnAsync(service, vip, responders, ct).ConfigureAwait(false);
        }
    }

    /// <summary>One event of a VIP: logged once, naming every Service that has it; counted in each one's series.</summary>
    private void Report(WatchEvent e, IReadOnlyList<ServiceRef> services)
    {
        if (e.Kind == WatchEventKind.WinnerChanged && e.Cause is { } cause)
            foreach (var service in services) metrics.Vip.WinnerChanged(service, e.Vip, cause);
        AgentLog.VipEvent(logger, e.Vip.ToString(), string.Join(",", services), e.Kind.ToWord(), e.Mac?.ToString(), e.PreviousMac?.ToString(),
            e.Cause?.ToWord(), e.Responders.Count);
    }

    private async Task WarnAsync(ServiceRef service, Ipv4Address vip, List<MacAddress> responders, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var macs = responders.Distinct().Order().ToList();
        var nodes = macs.Select(m => _macNodes.TryGetValue(m, out var n) ? n : null).ToList();
        // A Warning posted before the Node list arrived named no nodes: post again as soon as it can name them.
        var (action, count) = _throttle.Decide(new ServiceVip(service, vip), responders, now, nodes.Count(n => n is not null));
        if (action == WarningAction.None) return;
        var warning = new VipWarning(service, vip, macs, nodes, now, count, sync.AnnouncerOf(service), sync.IdentityOf(service));
        try
        {
            await cluster.RecordWarningAsync(warning, options.Node, ct).ConfigureAwait(false);
            metrics.Agent.EventSent(action == WarningAction.Create ? "created" : "updated");
            AgentLog.WarningPosted(logger, service.ToString(), warning.Message);
        }
        catch (Core.Cluster.ClusterApiException e)
        {
            _throttle.Failed(new ServiceVip(service, vip));
            metrics.Agent.EventSent("failed");
            metrics.Agent.ApiError("record-event");
            AgentLog.WarningFailed(logger, service.ToString(), e.Message);
        }
    }
}
