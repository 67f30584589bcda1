using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Packets;
using Microsoft.Extensions.Logging;

namespace ArpDoctor.Agent;

/// <summary>
/// Keeps the <see cref="ServiceCatalog"/> current with client-go's reflector's manners: list, then watch from the
/// list's resourceVersion; a watch the server closes is resumed from the last resourceVersion seen, an expired one
/// (410 Gone) is one relist after a pause, and a failing API is retried after pauses that grow
/// (<see cref="ReflectorBackoff"/>) while probing carries on with the last set.
/// Nodes are listed alongside, to name the MACs that answer, and MetalLB's ServiceL2Statuses, to name the
/// node that is meant to answer.
/// </summary>
public sealed class ServiceSync(IAgentCluster cluster, ServiceCatalog catalog, AgentOptions options, AgentMetrics metrics, TimeProvider time, ILogger logger)
{
    private IReadOnlyDictionary<Ipv4Address, string> _nodeIps = new Dictionary<Ipv4Address, string>();
    private IReadOnlyDictionary<ServiceRef, string> _announcers = new Dictionary<ServiceRef, string>();
    private long _nodesListed = long.MinValue;
    private long _lastContact = long.MinValue;

    /// <summary>
    /// How long ago the API last answered (a list, a watch event, a Node list); <c>null</c> before it ever did. The
    /// loop talks to the API at least every watch timeout and node refresh, so a long silence means the Service list is
    /// stale, even while a (half-open) watch looks alive.
    /// </summary>
    public TimeSpan? SinceContact
    {
        get
        {
            var last = Interlocked.Read(ref _lastContact);
            return last == long.MinValue ? null : time.GetElapsedTime(last);
        }
    }

    private void Contact() => Interlocked.Exchange(ref _lastContact, time.GetTimestamp());

    /// <summary>InternalIP → node name from the last successful Node list.</summary>
    public IReadOnlyDictionary<Ipv4Address, string> NodeIps => Volatile.Read(ref _nodeIps);

    /// <summary>The node MetalLB announces <paramref name="service"/> from (its newest ServiceL2Status), or <c>null</c>.</summary>
    /// <summary>The Service's uid and resourceVersion, for its Events.</summary>
    public ServiceIdentity? IdentityOf(ServiceRef service) => catalog.IdentityOf(service);

    public string? AnnouncerOf(ServiceRef service) => Volatile.Read(ref _announcers).GetValueOrDefault(service);

    /// <summary>client-go's reflector takes a watch that ends within a second with nothing in it for a server in trouble, not a timeout.</summary>
    public static readonly TimeSpan VeryShortWatch = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = new ReflectorBackoff(time, options.FirstBackoff, options.MaxBackoff, options.BackoffReset, options.BackoffJitter);
        bool relist = true, listed = false;
        TimeSpan? pause = null;
        while (!ct.IsCancellationRequested)
        {
            if (pause is { } wait)
            {
                try
                {
                    await Task.Delay(wait, time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                pause = null;
            }
            string call = "list-services";
            try
            {
                if (relist)
                {
                    var listing = await cluster.ListServicesAsync(ct).ConfigureAwait(false);
                    if (listed) metrics.Agent.Relisted();
                    listed = true;
                    Contact();
                    catalog.Replace(listing);
                    metrics.Agent.Catalog(catalog.ServiceCount, catalog.Snapshot.Count);
                    AgentLog.Listed(logger, catalog.ServiceCount, catalog.Snapshot.Count, listing.ResourceVersion);
                    relist = false;
                }
                await RefreshNodesAsync(ct).ConfigureAwait(false);
                call = "watch-services";
                bool expired = false;
                int changes = 0;
                var opened = time.GetTimestamp();
                await foreach (var change in cluster.WatchServicesAsync(catalog.ResourceVersion, ct).ConfigureAwait(false))
                {
                    changes++;
                    Contact();
                    if (!catalog.Apply(change))
                    {
                        expired = true;
                        break;
                    }
                    metrics.Agent.Catalog(catalog.ServiceCount, catalog.Snapshot.Count);
                }
                if (expired)
                {
                    // One relist, after a pause: a server that expires every watch (a compaction loop, a proxy
                    // that mangles resourceVersions) gets a handful of lists a minute from each agent, not thousands.
                    AgentLog.Expired(logger, catalog.ResourceVersion);
                    metrics.Agent.WatchRestarted("expired");
                    relist = true;
                    pause = backoff.Next();
                }
                else
                {
                    // A watch the server ended at its timeout resumes at once, from the last resourceVersion seen.
                    metrics.Agent.WatchRestarted("closed");
                    if (changes == 0 && time.GetElapsedTime(opened) < VeryShortWatch) pause = backoff.Next();
                }
            }
            catch (ClusterApiException e)
            {
                metrics.Agent.ApiError(call);
                if (call == "watch-services") metrics.Agent.WatchRestarted("error");
                pause = backoff.Next();
                AgentLog.ApiFailed(logger, pause.Value.TotalSeconds, e.Message);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RefreshNodesAsync(CancellationToken ct)
    {
        if (_nodesListed != long.MinValue && time.GetElapsedTime(_nodesListed) < options.NodeRefresh) return;
        // Node names only label MACs: without them the Services are still watched and probed.
        if (await TryListAsync("list-nodes", cluster.ListNodesAsync, ct).ConfigureAwait(false) is not { } nodes) return;
        var map = new Dictionary<Ipv4Address, string>();
        foreach (var node in nodes)
            foreach (var ip in node.InternalIps)
                map.TryAdd(ip, node.Name);
        Volatile.Write(ref _nodeIps, map);
        _nodesListed = time.GetTimestamp();

        // Only the Events' wording needs the announcers.
        if (await TryListAsync("list-servicel2statuses", cluster.ListServiceL2StatusesAsync, ct).ConfigureAwait(false) is not { } statuses) return;
        var announcers = MetalLbFacts.AnnouncersByService(statuses)
            .ToDictionary(kv => new ServiceRef(kv.Key.Namespace, kv.Key.Name), kv => kv.Value);
        Volatile.Write(ref _announcers, announcers);
    }

    /// <summary>One list call whose failure is counted and logged, not fatal: <c>null</c> then.</summary>
    private async Task<T?> TryListAsync<T>(string call, Func<CancellationToken, Task<T>> list, CancellationToken ct) where T : class
    {
        try
        {
            var result = await list(ct).ConfigureAwait(false);
            Contact();
            return result;
        }
        catch (ClusterApiException e)
        {
            metrics.Agent.ApiError(call);
            AgentLog.ApiFailed(logger, 0, e.Message);
            return null;
        }
    }
}
