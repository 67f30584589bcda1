using Prometheus;

namespace ArpDoctor.Agent;

/// <summary>
/// The agent's Prometheus instruments in a registry of their own, served by <see cref="AgentHttp"/>: one owner per
/// subsystem, each with its verbs (<see cref="Vip"/>: <c>arpdoctor_vip_*</c>, <see cref="Node"/>: <c>arpdoctor_node_*</c>,
/// <see cref="Agent"/>: <c>arpdoctor_agent_*</c>; names by <see cref="MetricNames"/>). Label names are none that
/// Prometheus or the Operator set on targets (<c>namespace</c>, <c>service</c>, <c>pod</c>, <c>instance</c>, <c>job</c>), so a
/// ServiceMonitor cannot rename them: <c>lb_service</c> is the LoadBalancer Service as <c>ns/name</c> and <c>ip</c> its VIP,
/// as MetalLB's speaker metrics write them (join on <c>ip</c>); <c>node</c> is only ever this node. Bounded by the Services
/// probed (series of a deleted Service are removed), the interfaces given and fixed word lists.
/// (<c>watch --metrics</c> has its own class, in the CLI's Watch folder.)
/// </summary>
public sealed class AgentMetrics
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    /// <param name="time">The clock the last round's age is read on at each scrape.</param>
    public AgentMetrics(TimeProvider? time = null)
    {
        var factory = Metrics.WithCustomRegistry(_registry);
        Vip = new VipStats(factory);
        Node = new NodeStats(factory);
        Agent = new AgentStats(factory, time);
        _registry.AddBeforeCollectCallback(Agent.Scraping);
    }

    /// <summary>
    /// The agent on <paramref name="node"/>: also <c>arpdoctor_agent_info{node,version} 1</c> and the process and runtime
    /// metrics (<c>process_*</c>, <c>dotnet_*</c>).
    /// </summary>
    public AgentMetrics(string node, string version, TimeProvider? time = null) : this(time)
    {
        Agent.Running(node, version);
        DotNetStats.Register(_registry);
    }

    public VipStats Vip { get; }
    public NodeStats Node { get; }
    public AgentStats Agent { get; }

    public CollectorRegistry Registry => _registry;

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
