using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Watching;
using Microsoft.Extensions.Logging;

namespace ArpDoctor.Agent;

/// <summary>
/// The rounds: each one takes the current VIPs (and the Nodes' InternalIPs, to learn which MAC is which
/// node), sends one broadcast request per address within the rate budget, listens for the replies, adds
/// this node itself when its kernel answers (it never hears its own reply), and reports: metrics, the
/// watch state machine's events, and a Warning Event when more than one MAC answers.
/// </summary>
public sealed class ProbeLoop
{
    private readonly IArpLink _link;
    private readonly ProbeEngine _engine;
    private readonly INodeNetwork _node;
    private readonly IAgentCluster _cluster;
    private readonly ServiceCatalog _catalog;
    private readonly ServiceSync _sync;
    private readonly AgentOptions _options;
    private readonly AgentMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProbeSchedule _schedule;
    private readonly WatchTracker _tracker;
    private readonly WarningThrottle _throttle;
    private readonly Func<Ipv4Address, bool>? _owns;
    private readonly Dictionary<Ipv4Address, ServiceRef> _tracked = [];
    private readonly Dictionary<Ipv4Address, List<MacAddress>> _heard = [];
    private readonly Dictionary<MacAddress, string> _macNodes = [];
    private bool _collecting;
    private bool? _lastStrict;
    private long _lastRoundEnd;

    public ProbeLoop(IArpLink link, INodeNetwork node, IAgentCluster cluster, ServiceCatalog catalog, ServiceSync sync,
        AgentOptions options, AgentMetrics metrics, TimeProvider time, ILogger logger, Random random, Func<Ipv4Address, bool>? owns = null)
    {
        _owns = owns;
        _link = link;
        _node = node;
        _cluster = cluster;
        _catalog = catalog;
        _sync = sync;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _schedule = new ProbeSchedule(options.Interval, options.Jitter, options.Rate, random);
        _tracker = new WatchTracker([], options.SourceMac);
        _throttle = new WarningThrottle(options.EventInterval);
        // Probes go out in bursts every 10 ms and frames are drained on a timer (EnginePacing.Agent): at 200 probes/s that
        // is 2 frames per wake-up instead of a wake-up per frame, which is most of an idle agent's CPU.
        _engine = new ProbeEngine(link, time, options.SourceMac, options.SourceIp, Handle, EnginePacing.Agent);
    }

    /// <summary>Rounds completed so far.</summary>
    public int Rounds { get; private set; }

    /// <summary>Whether the last round ended recently enough (within three intervals): the liveness check.</summary>
    public bool Alive => Rounds == 0 || _time.GetElapsedTime(Volatile.Read(ref _lastRoundEnd)) < 3 * _options.Interval + _options.Wait + _schedule.SendTime(_heard.Count);

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await _engine.ListenAsync(_schedule.FirstDelay(), ct).ConfigureAwait(false);
            while (!ct.IsCancellationRequested)
            {
                long start = _time.GetTimestamp();
                await RoundAsync(ct).ConfigureAwait(false);
                await _engine.ListenUntilAsync(_engine.After(start, _schedule.NextRound()), null, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // SIGTERM: stop between frames.
        }
    }

    /// <summary>One round: probe, listen, report.</summary>
    public async Task RoundAsync(CancellationToken ct)
    {
        var vips = Mine(_catalog.Snapshot);
        Reconcile(vips);
        var nodeIps = _sync.NodeIps;
        var targets = new List<Ipv4Address>(vips.Count + nodeIps.Count);
        targets.AddRange(vips.Keys);
        foreach (var ip in nodeIps.Keys)
            if (!vips.ContainsKey(ip) && ip != _options.SourceIp && (_owns is null || _owns(ip))) targets.Add(ip);
        _heard.Clear();
        foreach (var t in targets) _heard[t] = new List<MacAddress>(2);

        var roundTime = _time.GetUtcNow();
        long roundStart = _time.GetTimestamp();
        _collecting = true;
        await _engine.SendAsync(targets, _options.Rate, null, ct).ConfigureAwait(false);
        _metrics.Probed(targets.Count);
        await _engine.ListenAsync(_options.Wait, ct).ConfigureAwait(false);
        _collecting = false;

        foreach (var (ip, name) in nodeIps)
            if (_heard.TryGetValue(ip, out var macs) && macs.Count == 1) _macNodes[macs[0]] = name;
        _macNodes[_options.SourceMac] = _options.Node;

        var (state, error) = _node.Read(_options.Node, _link.Name);
        if (state is null) AgentLog.NodeReadFailed(_logger, error ?? "unknown");
        else
        {
            _metrics.NodeState(state, vips.Keys);
            if (_lastStrict != state.StrictArp)
            {
                _lastStrict = state.StrictArp;
                AgentLog.NodeState(_logger, state.StrictArp, state.Effective.Ignore, state.Effective.Announce, state.Interface);
            }
        }

        foreach (var (vip, service) in vips)
        {
            var responders = _heard[vip];
            // This node's own kernel answers requests from others, never its own: count it from the node-local truth.
            if (state is not null && state.Answers(vip) && !responders.Contains(_options.SourceMac))
                responders.Add(_options.SourceMac);
            _metrics.Resolved(service, vip, responders.Count);
            foreach (var e in _tracker.Resolve(new Resolution(roundTime, vip, [.. responders])))
                Report(e, service);
            await WarnAsync(service, vip, responders, ct).ConfigureAwait(false);
        }
        Rounds++;
        Volatile.Write(ref _lastRoundEnd, _time.GetTimestamp());
        _metrics.RoundDone(_time.GetElapsedTime(roundStart));
    }

    /// <summary>The VIPs this loop's interface probes (all of them when the agent has one interface).</summary>
    private IReadOnlyDictionary<Ipv4Address, ServiceRef> Mine(IReadOnlyDictionary<Ipv4Address, ServiceRef> all)
    {
        if (_owns is null) return all;
        var mine = new Dictionary<Ipv4Address, ServiceRef>();
        foreach (var (vip, service) in all)
            if (_owns(vip)) mine[vip] = service;
        return mine;
    }

    private void Reconcile(IReadOnlyDictionary<Ipv4Address, ServiceRef> vips)
    {
        foreach (var (vip, service) in _tracked.ToList())
        {
            if (vips.TryGetValue(vip, out var now) && now == service) continue;
            _tracker.Forget(vip);
            _throttle.Forget(vip);
            _metrics.Forgotten(service, vip, _options.Node);
            _tracked.Remove(vip);
        }
        foreach (var (vip, service) in vips)
        {
            if (_tracked.ContainsKey(vip)) continue;
            _tracked[vip] = service;
            _tracker.Track(vip);
            _metrics.Tracking(service, vip);
        }
    }

    private void Report(WatchEvent e, ServiceRef service)
    {
        if (e.Kind == WatchEventKind.MacChanged && e.Cause is { } cause)
            _metrics.WinnerChanged(service, e.Vip, cause);
        AgentLog.VipEvent(_logger, e.Vip.ToString(), service.ToString(), e.Kind.ToWord(), e.Mac?.ToString(), e.PreviousMac?.ToString(),
            e.Cause?.ToWord(), e.Responders.Count);
    }

    private async Task WarnAsync(ServiceRef service, Ipv4Address vip, List<MacAddress> responders, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var (action, count) = _throttle.Decide(vip, responders, now);
        if (action == WarningAction.None) return;
        var macs = responders.Distinct().Order().ToList();
        var warning = new VipWarning(service, vip, macs, macs.Select(m => _macNodes.TryGetValue(m, out var n) ? n : null).ToList(), now, count,
            _sync.AnnouncerOf(service));
        try
        {
            await _cluster.RecordWarningAsync(warning, _options.Node, ct).ConfigureAwait(false);
            _metrics.EventSent(action == WarningAction.Create ? "created" : "updated");
            AgentLog.WarningPosted(_logger, service.ToString(), warning.Message);
        }
        catch (Core.Cluster.ClusterApiException e)
        {
            _throttle.Failed(vip);
            _metrics.EventSent("failed");
            _metrics.ApiError("record-event");
            AgentLog.WarningFailed(_logger, service.ToString(), e.Message);
        }
    }

    private void Handle(in CapturedArp captured, ArpFrameKind kind)
    {
        var frame = captured.Frame;
        if (_collecting && kind == ArpFrameKind.ReplyToUs && _heard.TryGetValue(frame.SenderIp, out var macs) && !macs.Contains(frame.SenderMac))
        {
            macs.Add(frame.SenderMac);
        }
        if (_tracker.Observe(captured.Time, frame) is { } e && _tracked.TryGetValue(e.Vip, out var service))
            Report(e, service);
    }
}
