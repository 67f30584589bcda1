using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Watching;
using Microsoft.Extensions.Logging;

namespace ArpDoctor.Agent;

/// <summary>
/// The agent's rounds on one interface, with the <see cref="ProbeEngine"/>: each takes the current VIPs (and the Nodes'
/// InternalIPs, to learn which MAC is which node), sends one broadcast request per address within the rate budget,
/// listens for the replies, and hands what it heard to the <see cref="VipReporter"/>.
/// </summary>
public sealed class ProbeLoop
{
    private readonly IArpLink _link;
    private readonly ProbeEngine _engine;
    private readonly ServiceCatalog _catalog;
    private readonly ServiceSync _sync;
    private readonly AgentOptions _options;
    private readonly AgentMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ProbeSchedule _schedule;
    private readonly VipReporter _reporter;
    private readonly Func<Ipv4Address, bool>? _owns;
    private readonly Dictionary<Ipv4Address, List<MacAddress>> _heard = [];
    private bool _collecting;
    private long _lastRoundEnd;

    public ProbeLoop(IArpLink link, INodeNetwork node, IAgentCluster cluster, ServiceCatalog catalog, ServiceSync sync,
        AgentOptions options, AgentMetrics metrics, TimeProvider time, ILogger logger, Random random, Func<Ipv4Address, bool>? owns = null)
    {
        _owns = owns;
        _link = link;
        _catalog = catalog;
        _sync = sync;
        _options = options;
        _metrics = metrics;
        _time = time;
        _schedule = new ProbeSchedule(options.Interval, options.Jitter, options.Rate, random);
        _reporter = new VipReporter(node, cluster, sync, options, metrics, time, logger);
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
        _reporter.Reconcile(vips);
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

        await _reporter.RoundAsync(roundTime, vips, _heard, _link.Name, ct).ConfigureAwait(false);
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

    private void Handle(in CapturedArp captured, ArpFrameKind kind)
    {
        var frame = captured.Frame;
        if (_collecting && kind == ArpFrameKind.ReplyToUs && _heard.TryGetValue(frame.SenderIp, out var macs) && !macs.Contains(frame.SenderMac))
        {
            macs.Add(frame.SenderMac);
        }
        _reporter.Observe(captured);
    }
}
