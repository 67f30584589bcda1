using System.Net;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using Microsoft.Extensions.Logging;

namespace ArpDoctor.Agent;

/// <summary>One interface the agent probes on, and the sender IP of its probes when it is not the interface's own.</summary>
public sealed record AgentLink(ILinkSource Source, Ipv4Address? SourceIp = null);

/// <summary>Runs the Service list+watch, one probe loop per interface and the HTTP endpoints until cancelled.</summary>
public sealed class AgentRunner
{
    private readonly ServiceCatalog _catalog = new();
    private readonly ServiceSync _sync;
    private readonly List<ProbeLoop> _probes = [];
    private readonly AgentOptions _options;
    private readonly IReadOnlyList<AgentLink> _links;
    private readonly ILogger _logger;

    /// <summary>
    /// Each VIP is probed on the interface whose network holds it, the first takes the rest (<see cref="VipRouter"/>).
    /// Each loop's probes carry its own interface's MAC and <see cref="AgentLink.SourceIp"/>, else the interface's address.
    /// </summary>
    public AgentRunner(IReadOnlyList<AgentLink> links, INodeNetwork node, IAgentCluster cluster, AgentOptions options, AgentMetrics metrics,
        TimeProvider time, ILogger logger, Random? random = null)
    {
        _options = options;
        _links = links.Count > 0 ? links : throw new ArgumentException("at least one interface", nameof(links));
        _logger = logger;
        Metrics = metrics;
        metrics.Agent.Probing(options.Interval);
        _sync = new ServiceSync(cluster, _catalog, options, metrics, time, logger);
        var router = new VipRouter([.. links.Select(l => l.Source.Name)], node, time, options.NodeRefresh);
        // The rate budget is the node's, not each interface's.
        var own = options with { Rate = Math.Max(1, options.Rate / links.Count) };
        foreach (var l in links)
        {
            var name = l.Source.Name;
            _probes.Add(new ProbeLoop(l.Source, node, cluster, _catalog, _sync, own, metrics, time, logger, random ?? Random.Shared,
                links.Count == 1 ? null : vip => router.Owns(name, vip), l.SourceIp));
        }
    }

    public AgentMetrics Metrics { get; }
    public ServiceCatalog Catalog => _catalog;
    public bool Healthy => _probes.All(p => p.Alive);
    /// <summary>
    /// Why the agent is not ready, one reason a line, or <c>null</c> when it is: the Services listed and fresh (the API
    /// answered within <see cref="StaleAfter"/>; an agent whose watch died silently went on reporting old Services with
    /// /readyz at 200), and every interface up with a round done. An interface that cannot carry probes names itself and why.
    /// </summary>
    public string? NotReady
    {
        get
        {
            var reasons = new List<string>();
            if (!_catalog.Synced) reasons.Add("services not listed yet");
            else if (_sync.SinceContact is not { } since) reasons.Add("not heard from the API yet");
            else if (since >= StaleAfter) reasons.Add($"not heard from the API for {since.TotalSeconds:0}s: the Service list may be stale");
            foreach (var p in _probes)
            {
                if (p.Status is { IsUp: false } status) reasons.Add($"interface {p.Interface} {status.State.ToWord()}: {status.Reason}");
                else if (p.Rounds == 0) reasons.Add($"interface {p.Interface}: no round yet");
            }
            return reasons.Count == 0 ? null : string.Join("\n", reasons);
        }
    }

    public bool Ready => NotReady is null;

    /// <summary>Twice the longest the sync loop can go without asking the API anything when all is well.</summary>
    public TimeSpan StaleAfter => 2 * (_options.NodeRefresh > WatchPeriod ? _options.NodeRefresh : WatchPeriod);

    /// <summary>The server's watch timeout with the client's margin (KubernetesAgentCluster, ServiceWatch).</summary>
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromSeconds(300 * 1.25 + 1);

    /// <summary>Runs until <paramref name="ct"/> is cancelled (SIGTERM); the endpoint error, if any, comes back before anything runs.</summary>
    public async Task<string?> RunAsync(IPEndPoint listen, CancellationToken ct)
    {
        using var http = new AgentHttp(Metrics, () => Healthy, () => NotReady);
        if (http.Start(listen, ct) is { } error) return error;
        AgentLog.Started(_logger, _options.Node, string.Join(",", _links.Select(l => l.Source.Name)), _options.Interval.TotalSeconds, _options.Rate);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sync = Task.Run(() => _sync.RunAsync(both.Token), CancellationToken.None);
        var probes = _probes.Select(p => Task.Run(() => p.RunAsync(both.Token), CancellationToken.None)).ToList();
        try
        {
            // A probe loop only ends on cancellation (an interface that goes away is a state it waits out), or on a bug.
            await await Task.WhenAny(probes).ConfigureAwait(false);
        }
        finally
        {
            await both.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(probes.Append(sync)).ConfigureAwait(false);
        }
        AgentLog.Stopping(_logger);
        return null;
    }
}
