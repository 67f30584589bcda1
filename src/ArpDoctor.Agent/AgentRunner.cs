using System.Net;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Links;
using Microsoft.Extensions.Logging;

namespace ArpDoctor.Agent;

/// <summary>Runs the two loops (Service list+watch, probe rounds) and the HTTP endpoints until cancelled.</summary>
public sealed class AgentRunner
{
    private readonly ServiceCatalog _catalog = new();
    private readonly ServiceSync _sync;
    private readonly ProbeLoop _probes;
    private readonly AgentOptions _options;
    private readonly IArpLink _link;
    private readonly ILogger _logger;

    public AgentRunner(IArpLink link, INodeNetwork node, IAgentCluster cluster, AgentOptions options, ArpDoctorMetrics metrics,
        TimeProvider time, ILogger logger, Random? random = null)
    {
        _options = options;
        _link = link;
        _logger = logger;
        Metrics = metrics;
        _sync = new ServiceSync(cluster, _catalog, options, metrics, time, logger);
        _probes = new ProbeLoop(link, node, cluster, _catalog, _sync, options, metrics, time, logger, random ?? Random.Shared);
    }

    public ArpDoctorMetrics Metrics { get; }
    public ServiceCatalog Catalog => _catalog;
    public bool Healthy => _probes.Alive;
    public bool Ready => _catalog.Synced && _probes.Rounds > 0;

    /// <summary>Runs until <paramref name="ct"/> is cancelled (SIGTERM); the endpoint error, if any, comes back before anything runs.</summary>
    public async Task<string?> RunAsync(IPEndPoint listen, CancellationToken ct)
    {
        using var http = new AgentHttp(Metrics, () => Healthy, () => Ready);
        if (http.Start(listen, ct) is { } error) return error;
        AgentLog.Started(_logger, _options.Node, _link.Name, _options.Interval.TotalSeconds, _options.Rate);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sync = Task.Run(() => _sync.RunAsync(both.Token), CancellationToken.None);
        var probes = Task.Run(() => _probes.RunAsync(both.Token), CancellationToken.None);
        try
        {
            // The probe loop only ends on cancellation or a broken capture; either way the watch stops too.
            await probes.ConfigureAwait(false);
        }
        finally
        {
            await both.CancelAsync().ConfigureAwait(false);
            await sync.ConfigureAwait(false);
        }
        AgentLog.Stopping(_logger);
        return null;
    }
}
