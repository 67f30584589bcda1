using ArpDoctor.Agent;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Agent;

/// <summary>
/// The list+watch loop against the fake API on real time (backoff 50 ms–200 ms). Services shop/web
/// 203.0.113.10, later shop/api 203.0.113.11; nodes n1..n2 at 192.0.2.11..12.
/// </summary>
public sealed class ServiceSyncTests : IAsyncLifetime
{
    private static readonly Ipv4Address Web = Ipv4Address.Parse("203.0.113.10");
    private static readonly Ipv4Address Api = Ipv4Address.Parse("203.0.113.11");
    private FakeKubeApi _api = null!;
    private readonly ServiceCatalog _catalog = new();
    private readonly AgentMetrics _metrics = new AgentMetrics();
    private ServiceSync _sync = null!;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-sync-").FullName;

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        _api.Add(Manifests.LoadBalancer("shop", "web", "203.0.113.10"));
        _api.Add(Manifests.Node("n1", "192.0.2.11"));
        _api.Add(Manifests.Node("n2", "192.0.2.12"));
        var (cluster, _) = KubernetesAgentCluster.Connect(_api.WriteKubeconfig(_dir), null);
        var options = new AgentOptions("n1", Ipv4Address.Parse("192.0.2.11"), MacAddress.Parse("02:00:00:00:01:01"),
            TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), 50, 0.1, TimeSpan.FromMinutes(10))
        {
            FirstBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        };
        _sync = new ServiceSync(cluster!, _catalog, options, _metrics, TimeProvider.System, NullLogger.Instance);
        _running = Task.Run(() => _sync.RunAsync(_stop.Token));
        await Eventually.True(() => _catalog.Synced && _api.WatchesFrom.Count > 0, "first list and watch");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_time_since_the_API_last_answered_is_known_and_grows_while_it_is_silent()
    {
        // Readiness (AgentRunner.Ready) turns false once this passes StaleAfter: a silent, half-open watch no longer
        // keeps /readyz at 200 over a Service list that is minutes old.
        Assert.True(_sync.SinceContact < TimeSpan.FromSeconds(10));
        var before = _sync.SinceContact!.Value;
        await Task.Delay(300);
        Assert.True(_sync.SinceContact > before, "no API traffic while the watch is quiet: the age grows");
        var quiet = _sync.SinceContact!.Value;
        _api.Add(Manifests.LoadBalancer("shop", "api", "203.0.113.11"));
        await Eventually.True(() => _sync.SinceContact < quiet, "a watch event is contact: the age starts again");
    }

    [Fact]
    public async Task Services_and_nodes_come_from_the_list_and_changes_from_the_watch()
    {
        Assert.Equal([Web], _catalog.Snapshot.Keys);
        Assert.Equal("n2", _sync.NodeIps[Ipv4Address.Parse("192.0.2.12")]);
        _api.Add(Manifests.LoadBalancer("shop", "api", "203.0.113.11"));
        await Eventually.True(() => _catalog.Snapshot.ContainsKey(Api), "shop/api from the watch");
        _api.DeleteService("shop", "web");
        await Eventually.True(() => !_catalog.Snapshot.ContainsKey(Web), "shop/web deleted");
        Assert.Equal(1, _api.ServiceLists);
    }

    [Fact]
    public async Task A_closed_watch_resumes_from_the_last_resourceVersion_without_a_relist()
    {
        _api.Add(Manifests.LoadBalancer("shop", "api", "203.0.113.11"));
        await Eventually.True(() => _catalog.Snapshot.ContainsKey(Api), "shop/api");
        var seen = _catalog.ResourceVersion;
        _api.CloseWatches();
        await Eventually.True(() => _api.WatchesFrom.Count >= 2, "a second watch");
        Assert.Equal(seen, _api.WatchesFrom[^1]);
        Assert.Equal(1, _api.ServiceLists);
    }

    [Fact]
    public async Task An_expired_watch_relists()
    {
        // Disconnected while shop/api is added and the history compacted: the resumed watch's
        // resourceVersion is older than the compaction, so 410 Gone, then a fresh list.
        _api.Unavailable = true;
        _api.Add(Manifests.LoadBalancer("shop", "api", "203.0.113.11"));
        _api.CompactHistory();
        _api.Unavailable = false;
        await Eventually.True(() => _api.ServiceLists == 2, "a relist after 410 Gone");
        await Eventually.True(() => _catalog.Snapshot.ContainsKey(Api), "shop/api from the relist");
        Assert.Contains("arpdoctor_agent_watch_restarts_total{reason=\"expired\"} 1", await _metrics.ExportAsync());
    }

    [Fact]
    public async Task A_server_that_answers_every_watch_with_410_Gone_gets_one_relist_per_pause_not_a_storm()
    {
        // Thousands of full Service lists in ten seconds from one agent, before: each 410 was relisted at once.
        await using var api = await FakeKubeApi.StartAsync();
        api.ExpireEveryWatch = true;
        api.Add(Manifests.LoadBalancer("shop", "web", "203.0.113.10"));
        var (cluster, _) = KubernetesAgentCluster.Connect(api.WriteKubeconfig(Directory.CreateDirectory(Path.Combine(_dir, "gone")).FullName), null);
        var metrics = new AgentMetrics();
        // The agent's own pauses: 800 ms doubling, stretched by up to as much again.
        var options = new AgentOptions("n1", Ipv4Address.Parse("192.0.2.11"), MacAddress.Parse("02:00:00:00:01:01"),
            TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), 50, 0.1, TimeSpan.FromMinutes(10));
        var sync = new ServiceSync(cluster!, new ServiceCatalog(), options, metrics, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => sync.RunAsync(stop.Token));
        await Task.Delay(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        // Lists at 0, then after 0.8–1.6 s, 1.6–3.2 s more, 3.2–6.4 s more: at most 4 in 5 s, at least 2.
        Assert.InRange(api.ServiceLists, 2, 4);
        Assert.Contains($"arpdoctor_agent_relists_total {api.ServiceLists - 1}", await metrics.ExportAsync());
    }

    [Fact]
    public async Task Forbidden_Nodes_do_not_stop_the_Service_watch()
    {
        await using var api = await FakeKubeApi.StartAsync();
        api.Forbid("list", "nodes");
        api.Add(Manifests.LoadBalancer("shop", "web", "203.0.113.10"));
        // Under this class's directory, which DisposeAsync deletes.
        var (cluster, _) = KubernetesAgentCluster.Connect(api.WriteKubeconfig(Directory.CreateDirectory(Path.Combine(_dir, "forbidden")).FullName), null);
        var catalog = new ServiceCatalog();
        var metrics = new AgentMetrics();
        var options = new AgentOptions("n1", Ipv4Address.Parse("192.0.2.11"), MacAddress.Parse("02:00:00:00:01:01"),
            TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), 50, 0.1, TimeSpan.FromMinutes(10));
        var sync = new ServiceSync(cluster!, catalog, options, metrics, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => sync.RunAsync(stop.Token));
        await Eventually.True(() => api.WatchesFrom.Count > 0, "the watch starts");
        api.Add(Manifests.LoadBalancer("shop", "api", "203.0.113.11"));
        await Eventually.True(() => catalog.Snapshot.ContainsKey(Api), "shop/api from the watch");
        Assert.Empty(sync.NodeIps);
        Assert.Contains("arpdoctor_agent_api_errors_total{call=\"list-nodes\"} 1", await metrics.ExportAsync());
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task While_the_API_is_down_the_last_set_stays_and_it_recovers_after()
    {
        _api.Unavailable = true;
        await Eventually.True(() => _api.WatchesFrom.Count >= 1, "watch attempts");
        await Task.Delay(500);
        Assert.Equal([Web], _catalog.Snapshot.Keys);
        var export = await _metrics.ExportAsync();
        Assert.Matches("arpdoctor_agent_api_errors_total\\{call=\"watch-services\"\\} [1-9]", export);
        _api.Unavailable = false;
        _api.Add(Manifests.LoadBalancer("shop", "api", "203.0.113.11"));
        await Eventually.True(() => _catalog.Snapshot.ContainsKey(Api), "shop/api after the outage");
    }
}
