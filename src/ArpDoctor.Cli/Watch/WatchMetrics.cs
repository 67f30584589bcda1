using ArpDoctor.Core.History;
using ArpDoctor.Core.Observations;
using System.Net;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using Prometheus;

namespace ArpDoctor.Cli.Watch;

/// <summary>
/// <c>watch --metrics</c>: the watch's Prometheus instruments (<c>arpdoctor_watch_*</c>) in a registry of their own,
/// fed as a watch sink and served on <c>ADDR:PORT/metrics</c>. Labels are bounded: <c>ip</c> (the VIP, as MetalLB's metrics name it) by the VIPs watched,
/// <c>cause</c> and <c>event</c> by fixed word lists.
/// </summary>
public sealed class WatchMetrics : IWatchSink, IDisposable
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly Counter _probes;
    private readonly Gauge _responders;
    private readonly Counter _winnerChanges;
    private readonly Gauge _lastChange;
    private readonly Counter _events;
    private IMetricServer? _server;

    public WatchMetrics()
    {
        var f = Metrics.WithCustomRegistry(_registry);
        _probes = f.CreateCounter("arpdoctor_watch_probes_total", "Broadcast ARP requests sent to re-resolve a VIP",
            new CounterConfiguration { LabelNames = ["ip"] });
        _responders = f.CreateGauge("arpdoctor_watch_responders", "MACs that answered the VIP's last re-resolution (1 is healthy)",
            new GaugeConfiguration { LabelNames = ["ip"] });
        _winnerChanges = f.CreateCounter("arpdoctor_watch_winner_changes_total", "Changes of the first-replying MAC, by cause (failover or flap)",
            new CounterConfiguration { LabelNames = ["ip", "cause"] });
        _lastChange = f.CreateGauge("arpdoctor_watch_last_change_timestamp_seconds", "Unix time of the VIP's last winner change",
            new GaugeConfiguration { LabelNames = ["ip"] });
        _events = f.CreateCounter("arpdoctor_watch_events_total", "Events written to the watch log, by event",
            new CounterConfiguration { LabelNames = ["event"] });
    }

    /// <summary>Makes every series of <paramref name="vips"/> visible at zero before anything happens.</summary>
    public void Watching(IEnumerable<Ipv4Address> vips)
    {
        foreach (var vip in vips)
        {
            var v = vip.ToString();
            _probes.WithLabels(v);
            _responders.WithLabels(v);
            foreach (var cause in Enum.GetValues<ChangeCause>())
                _winnerChanges.WithLabels(v, cause.ToWord());
        }
        foreach (var kind in Enum.GetValues<WatchEventKind>())
            _events.WithLabels(kind.ToWord());
    }

    /// <summary>Serves <c>/metrics</c> on <paramref name="endpoint"/>; the error is one sentence.</summary>
    public string? Serve(IPEndPoint endpoint)
    {
        var host = endpoint.Address.Equals(IPAddress.Any) ? "+" : endpoint.Address.ToString();
        try
        {
            _server = new MetricServer(host, endpoint.Port, "metrics/", _registry).Start();
            return null;
        }
        catch (Exception e) when (e is HttpListenerException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return $"cannot serve metrics on {endpoint}: {e.Message}";
        }
    }

    public void Probed(Ipv4Address vip) => _probes.WithLabels(vip.ToString()).Inc();

    public void Ended() { }

    public void RoundEnded(Round round) => _responders.WithLabels(round.Vip.ToString()).Set(round.Replies.Count);

    public void Event(WatchEvent e)
    {
        _events.WithLabels(e.Kind.ToWord()).Inc();
        if (e.Kind == WatchEventKind.WinnerChanged && e.Cause is { } cause)
        {
            _winnerChanges.WithLabels(e.Vip.ToString(), cause.ToWord()).Inc();
            _lastChange.WithLabels(e.Vip.ToString()).Set(e.Time.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    /// <summary>The exposition text, as a scrape gets it.</summary>
    public async Task<string> ExportAsync()
    {
        using var buffer = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(buffer, CancellationToken.None).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void Dispose() => _server?.Dispose();
}
