using System.Net;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using Microsoft.Extensions.Logging;

namespace ArpDoctor.Agent;

/// <summary>One interface the agent probes on, and the sender IP of its probes.</summary>
public sealed record AgentLink(IArpLink Link, Ipv4Address SourceIp);

/// <summary>Runs the Service list+watch, one probe loop per interface and the HTTP endpoints until cancelled.</summary>
public sealed class AgentRunner
{
    private readonly ServiceCatalog _catalog = new();
    private readonly ServiceSync _sync;
    private readonly List<ProbeLoop> _probes = [];
    private readonly AgentOptions _options;
    private readonly IReadOnlyList<AgentLink> _links;
    private readonly ILogger _logger;

    /// <summary>One interface; the probes' sender is <paramref name="options"/>' source.</summary>
    public AgentRunner(IArpLink link, INodeNetwork node, IAgentCluster cluster, AgentOptions options, AgentMetrics metrics,
        TimeProvider time, ILogger logger, Random? random = null)
        : this([new AgentLink(link, options.SourceIp)], node, cluster, options, metrics, time, logger, random)
    {
    }

    /// <summary>
    /// Several interfaces: each VIP is probed on the one whose network holds it, the first takes the rest
    /// (<see cref="VipRouter"/>). Each loop's probes carry its own interface's MAC and <see cref="AgentLink.SourceIp"/>.
    /// </summary>
    public AgentRunner(IReadOnlyList<AgentLink> links, INodeNetwork node, IAgentCluster cluster, AgentOptions options, AgentMetrics metrics,
        TimeProvider time, ILogger logger, Random? random = null)
    {
        _options = options;
        _links = links.Count > 0 ? links : throw new ArgumentException("at least one interface", nameof(links));
        _logger = logger;
        Metrics = metrics;
        _sync = new ServiceSync(cluster, _catalog, options, metrics, time, logger);
        var router = new VipRouter([.. links.Select(l => l.Link.Name)], node, time, options.NodeRefresh);
        // The rate budget is the node's, not each interface's.
        int rate = Math.Max(1, options.Rate / links.Count);
        foreach (var l in links)
        {
            var own = options with { SourceIp = l.SourceIp, SourceMac = l.Link.Mac, Rate = rate };
            var name = l.Link.Name;
            _probes.Add(new ProbeLoop(l.Link, node, cluster, _catalog, _sync, own, metrics, time, logger, random ?? Random.Shared,
                links.Count == 1 ? null : vip => router.Owns(name, vip)));
        }
    }

    public AgentMetrics Metrics { get; }
    public ServiceCatalog Catalog => _catalog;
    public bool Healthy => _probes.All(p => p.Alive);
    /// <summary>
    /// Listed, probing, and the Service list is fresh: the API answered within <see cref="StaleAfter"/>. An agent whose
    /// watch died silently went on reporting old Services with /readyz at 200.
    /// </summary>
    public bool Ready => _catalog.Synced && _probes.All(p => p.Rounds > 0) && _sync.SinceContact is { } since && since < StaleAfter;

    /// <summary>Twice the longest the sync loop can go without asking the API anything when all is well.</summary>
    public TimeSpan StaleAfter => 2 * (_options.NodeRefresh > WatchPeriod ? _options.NodeRefresh : WatchPeriod);

    /// <summary>The server's watch timeout with the client's margin (KubernetesAgentCluster, ServiceWatch).</summary>
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromSeconds(300 * 1.25 + 1);

    /// <summary>Runs until <paramref name="ct"/> is cancelled (SIGTERM); the endpoint error, if any, comes back before anything runs.</summary>
    public async Task<string?> RunAsync(IPEndPoint listen, CancellationToken ct)
    {
        using var http = new AgentHttp(Metrics, () => Healthy, () => Ready);
        if (http.Start(listen, ct) is { } error) return error;
        AgentLog.Started(_logger, _options.Node, string.Join(",", _links.Select(l => l.Link.Name)), _options.Interval.TotalSeconds, _options.Rate);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sync = Task.Run(() => _sync.RunAsync(both.Token), CancellationToken.None);
        var probes = _probes.Select(p => Task.Run(() => p.RunAsync(both.Token), CancellationToken.None)).ToList();
        try
        {
            // A probe loop only ends on cancellation or a broken capture; either way everything stops.
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
