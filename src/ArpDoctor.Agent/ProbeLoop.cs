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
/// An interface that cannot carry probes (absent, down, no carrier, its capture broken) is a state, not an end: the loop
/// looks at it every <see cref="Recheck"/> and resumes with the first look that finds it up.
/// </summary>
public sealed class ProbeLoop
{
    /// <summary>How often an interface that cannot carry probes is looked at again.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private static readonly IReadOnlyDictionary<Ipv4Address, IReadOnlyList<ServiceRef>> NoVips = new Dictionary<Ipv4Address, IReadOnlyList<ServiceRef>>();

    private readonly ILinkSource _source;
    private readonly Ipv4Address? _fixedSourceIp;
    private readonly InterfaceWatch _watch;
    private readonly INodeNetwork _node;
    private readonly IAgentCluster _cluster;
    private readonly ServiceCatalog _catalog;
    private readonly ServiceSync _sync;
    private readonly AgentMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProbeSchedule _schedule;
    private readonly Func<Ipv4Address, bool>? _owns;
    private readonly Dictionary<Ipv4Address, List<MacAddress>> _heard = [];
    private AgentOptions _options;
    private VipReporter _reporter;
    private IArpLink? _link;
    private ProbeEngine? _engine;
    private bool _collecting;
    private long _lastBeat;

    /// <param name="source">The interface; its link is opened and closed there.</param>
    /// <param name="options">
    /// Its <see cref="AgentOptions.SourceMac"/> and <see cref="AgentOptions.SourceIp"/> are only the start: each link opened
    /// sends with its own MAC and with <paramref name="sourceIp"/>, else the interface's address, else the options' address.
    /// </param>
    public ProbeLoop(ILinkSource source, INodeNetwork node, IAgentCluster cluster, ServiceCatalog catalog, ServiceSync sync,
        AgentOptions options, AgentMetrics metrics, TimeProvider time, ILogger logger, Random random, Func<Ipv4Address, bool>? owns = null,
        Ipv4Address? sourceIp = null)
    {
        _source = source;
        _fixedSourceIp = sourceIp;
        _owns = owns;
        _node = node;
        _cluster = cluster;
        _catalog = catalog;
        _sync = sync;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _watch = new InterfaceWatch(source.Name, metrics, logger);
        _schedule = new ProbeSchedule(options.Interval, options.Jitter, options.Rate, random);
        _reporter = NewReporter();
    }

    /// <summary>The interface this loop probes on.</summary>
    public string Interface => _source.Name;

    /// <summary>The interface's state at the last look; <c>null</c> before the first.</summary>
    public LinkStatus? Status => _watch.Status;

    /// <summary>Rounds completed so far.</summary>
    public int Rounds { get; private set; }

    /// <summary>
    /// Whether the loop looked at its interface recently enough (within three intervals: a round ended, or, while the
    /// interface is down, a look found it so): the liveness check. Waiting for an interface is alive.
    /// </summary>
    public bool Alive => Rounds == 0 || _time.GetElapsedTime(Volatile.Read(ref _lastBeat)) < 3 * _options.Interval + _options.Wait + _schedule.SendTime(_heard.Count);

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            if (Look()) await _engine!.ListenAsync(_schedule.FirstDelay(), ct).ConfigureAwait(false);
            else await Task.Delay(_schedule.FirstDelay(), _time, ct).ConfigureAwait(false);
            while (!ct.IsCancellationRequested)
            {
                long start = _time.GetTimestamp();
                if (!await RoundAsync(ct).ConfigureAwait(false) || _engine is not { } engine)
                {
                    await Task.Delay(Recheck, _time, ct).ConfigureAwait(false);
                    continue;
                }
                try
                {
                    await engine.ListenUntilAsync(engine.After(start, _schedule.NextRound()), null, ct).ConfigureAwait(false);
                }
                catch (CaptureEndedException)
                {
                    // The interface went away between rounds: the next round's look says how it is now.
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // SIGTERM: stop between frames.
        }
    }

    /// <summary>One round: probe, listen, report. False when the interface cannot carry probes (nothing is reported then).</summary>
    public async Task<bool> RoundAsync(CancellationToken ct)
    {
        if (!Look()) return false;
        var engine = _engine!;
        var vips = Mine(_catalog.Snapshot);
        _reporter.Reconcile(vips);
        var nodeIps = _sync.NodeIps;
        var targets = new List<Ipv4Address>(vips.Count + nodeIps.Count);
        targets.AddRange(vips.Keys);
        foreach (var ip in nodeIps.Keys)
            if (!vips.ContainsKey(ip) && ip != _options.SourceIp && (_owns is null || _owns(ip))) targets.Add(ip);
        engine.Drain(); // what came before the round answers none of its probes
        _heard.Clear();
        foreach (var t in targets) _heard[t] = new List<MacAddress>(2);

        var roundTime = _time.GetUtcNow();
        long roundStart = _time.GetTimestamp();
        try
        {
            _collecting = true;
            await engine.SendAsync(targets, _options.Rate, null, ct).ConfigureAwait(false);
            _metrics.Agent.Probed(targets.Count);
            await engine.ListenAsync(_options.Wait, ct).ConfigureAwait(false);
        }
        catch (CaptureEndedException)
        {
            Look(); // the interface went away: the look says so
            return false;
        }
        catch (IOException e)
        {
            // A send failed: the link is opened afresh at the next look.
            _source.Reset();
            Lose(new LinkStatus(LinkState.CaptureFailed, e.Message));
            return false;
        }
        finally
        {
            _collecting = false;
        }
        // Carrier lost while the round listened: its silence is no evidence that nobody answers.
        if (!Look() || !ReferenceEquals(_engine, engine)) return false;

        await _reporter.RoundAsync(roundTime, vips, _heard, _source.Name, ct).ConfigureAwait(false);
        Rounds++;
        Volatile.Write(ref _lastBeat, _time.GetTimestamp());
        _metrics.Agent.RoundDone(_time.GetElapsedTime(roundStart));
        return true;
    }

    /// <summary>Looks at the interface: true with <see cref="_engine"/> on its (maybe new) link when it can carry probes.</summary>
    private bool Look()
    {
        var attempt = _source.Acquire();
        Volatile.Write(ref _lastBeat, _time.GetTimestamp());
        if (attempt.Link is not { } link)
        {
            Lose(attempt.Status);
            return false;
        }
        _watch.Saw(attempt.Status);
        if (!ReferenceEquals(link, _link)) Use(link, _fixedSourceIp ?? attempt.Ipv4 ?? _options.SourceIp);
        return true;
    }

    private void Use(IArpLink link, Ipv4Address sourceIp)
    {
        if (link.Mac != _options.SourceMac)
        {
            // Another MAC (the interface was made again): this node's own replies and frames are known by it.
            _options = _options with { SourceMac = link.Mac };
            _reporter.Reconcile(NoVips);
            _reporter = NewReporter();
        }
        _options = _options with { SourceIp = sourceIp };
        _link = link;
        _engine = new ProbeEngine(link, _time, link.Mac, sourceIp, Handle, EnginePacing.Agent);
    }

    private void Lose(LinkStatus status)
    {
        _watch.Saw(status);
        if (_link is null) return;
        _link = null;
        _engine = null;
        // Nothing is known of this interface's VIPs while it is down: their series go (unknown, not stale), and
        // arpdoctor_agent_interface_up says why. They come back with the first round after.
        _reporter.Reconcile(NoVips);
    }

    private VipReporter NewReporter() => new(_node, _cluster, _sync, _options, _metrics, _time, _logger);

    /// <summary>The VIPs this loop's interface probes (all of them when the agent has one interface).</summary>
    private IReadOnlyDictionary<Ipv4Address, IReadOnlyList<ServiceRef>> Mine(IReadOnlyDictionary<Ipv4Address, IReadOnlyList<ServiceRef>> all)
    {
        if (_owns is null) return all;
        var mine = new Dictionary<Ipv4Address, IReadOnlyList<ServiceRef>>();
        foreach (var (vip, services) in all)
            if (_owns(vip)) mine[vip] = services;
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
