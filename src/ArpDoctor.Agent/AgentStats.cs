using Prometheus;

namespace ArpDoctor.Agent;

/// <summary>
/// <c>arpdoctor_agent_*</c>: the agent itself: its probe loop, its view of the API, its interfaces. Labels come from
/// fixed word lists (<c>call</c>, <c>reason</c>, <c>result</c>) and the interfaces it was given.
/// </summary>
public sealed class AgentStats
{
    public const string Subsystem = "agent";

    /// <summary>The API calls <see cref="ApiError"/> counts, each present from the start.</summary>
    public static readonly string[] Calls = ["list-services", "watch-services", "list-nodes", "record-event"];
    public static readonly string[] RestartReasons = ["closed", "expired", "error"];
    public static readonly string[] EventResults = ["created", "updated", "failed"];

    private readonly IMetricFactory _factory;
    private readonly Counter _probes;
    private readonly Counter _rounds;
    private readonly Gauge _roundSeconds;
    private readonly Gauge _services;
    private readonly Gauge _vips;
    private readonly Counter _apiErrors;
    private readonly Counter _watchRestarts;
    private readonly Counter _relists;
    private readonly Counter _events;
    private readonly Gauge _interfaceUp;
    private readonly Gauge _interval;
    private readonly Gauge _lastRoundAge;
    private readonly TimeProvider _time;
    private long _lastRoundEnd;   // a TimeProvider timestamp; 0 before the first round

    internal AgentStats(IMetricFactory factory, TimeProvider? time = null)
    {
        _factory = factory;
        _time = time ?? TimeProvider.System;
        _probes = factory.CreateCounter(MetricNames.Of(Subsystem, "probes_total"), "Broadcast ARP requests sent");
        _rounds = factory.CreateCounter(MetricNames.Of(Subsystem, "rounds_total"), "Probe rounds completed");
        _roundSeconds = factory.CreateGauge(MetricNames.Of(Subsystem, "round_duration_seconds"), "Duration of the last probe round, sending and listening");
        _services = factory.CreateGauge(MetricNames.Of(Subsystem, "services"), "LoadBalancer Services known from the API");
        _vips = factory.CreateGauge(MetricNames.Of(Subsystem, "vips"), "VIPs probed each round");
        _apiErrors = factory.CreateCounter(MetricNames.Of(Subsystem, "api_errors_total"), "Failed Kubernetes API calls, by call",
            new CounterConfiguration { LabelNames = ["call"] });
        _watchRestarts = factory.CreateCounter(MetricNames.Of(Subsystem, "watch_restarts_total"), "Service watches restarted, by reason (closed, expired, error)",
            new CounterConfiguration { LabelNames = ["reason"] });
        _relists = factory.CreateCounter(MetricNames.Of(Subsystem, "relists_total"),
            "Full Service lists after the first: each follows an expired (410 Gone) watch or a failed list");
        _events = factory.CreateCounter(MetricNames.Of(Subsystem, "events_total"), "Warning Events sent to the API, by result (created, updated, failed)",
            new CounterConfiguration { LabelNames = ["result"] });
        _interfaceUp = factory.CreateGauge(MetricNames.Of(Subsystem, "interface_up"),
            "1 while the interface can carry probes (up, with carrier, captured); 0 while it is absent, down, without carrier or its capture failed: its VIPs are not probed (the reason is on /readyz and in the log)",
            new GaugeConfiguration { LabelNames = ["interface"] });
        _interval = factory.CreateGauge(MetricNames.Of(Subsystem, "interval_seconds"), "Time between probe rounds (--interval), before jitter",
            new GaugeConfiguration { SuppressInitialValue = true });
        // An age read at scrape time against the agent's own clock, so a reader's clock being off does not make a round look stale.
        _lastRoundAge = factory.CreateGauge(MetricNames.Of(Subsystem, "last_round_age_seconds"),
            "Seconds since the last probe round ended, at scrape time (absent before the first round)",
            new GaugeConfiguration { SuppressInitialValue = true });
        foreach (var call in Calls) _apiErrors.WithLabels(call);
        foreach (var reason in RestartReasons) _watchRestarts.WithLabels(reason);
        foreach (var result in EventResults) _events.WithLabels(result);
    }

    /// <summary>
    /// The agent runs on <paramref name="node"/>: <c>arpdoctor_agent_info{node,version} 1</c>, what the agent-missing alert
    /// joins with kube-state-metrics' <c>kube_node_info</c>.
    /// </summary>
    public void Running(string node, string version) =>
        _factory.CreateGauge(MetricNames.Of(Subsystem, "info"), "1 for each running agent: its node and version",
            new GaugeConfiguration { LabelNames = ["node", "version"] }).WithLabels(node, version).Set(1);

    public void Probed(int count) => _probes.Inc(count);

    public void RoundDone(TimeSpan duration)
    {
        _rounds.Inc();
        _roundSeconds.Set(duration.TotalSeconds);
        Interlocked.Exchange(ref _lastRoundEnd, _time.GetTimestamp());
        Scraping();
    }

    /// <summary>The agent probes every <paramref name="interval"/>: a reader of its results knows when they are stale.</summary>
    public void Probing(TimeSpan interval) => _interval.Set(interval.TotalSeconds);

    /// <summary>A scrape is about to be collected: the last round's age is brought up to now.</summary>
    internal void Scraping()
    {
        long end = Interlocked.Read(ref _lastRoundEnd);
        if (end != 0) _lastRoundAge.Set(_time.GetElapsedTime(end).TotalSeconds);
    }

    /// <summary>The API's LoadBalancer Services and the VIPs they hold, as now known.</summary>
    public void Catalog(int services, int vips)
    {
        _services.Set(services);
        _vips.Set(vips);
    }

    /// <summary>Whether <paramref name="interfaceName"/> can carry probes (one series per interface the agent was given).</summary>
    public void Interface(string interfaceName, bool up) => _interfaceUp.WithLabels(interfaceName).Set(up ? 1 : 0);

    /// <summary>A call of <see cref="Calls"/> failed.</summary>
    public void ApiError(string call) => _apiErrors.WithLabels(call).Inc();

    /// <summary>The Service watch restarted, for a reason of <see cref="RestartReasons"/>.</summary>
    public void WatchRestarted(string reason) => _watchRestarts.WithLabels(reason).Inc();

    public void Relisted() => _relists.Inc();

    /// <summary>A Warning Event was sent, with a result of <see cref="EventResults"/>.</summary>
    public void EventSent(string result) => _events.WithLabels(result).Inc();
}
