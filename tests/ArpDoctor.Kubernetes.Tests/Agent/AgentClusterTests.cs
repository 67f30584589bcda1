using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Agent;

/// <summary>
/// The agent's API adapter against the fake API server over HTTP. Services shop/web 203.0.113.10 and
/// shop/api 203.0.113.11 (LoadBalancer), kube-system/kube-dns (ClusterIP); nodes n1..n3 at 192.0.2.11..13.
/// </summary>
public sealed class AgentClusterTests : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private IAgentCluster _cluster = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-agent-").FullName;

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        _api.Add(Manifests.LoadBalancer("shop", "web", "203.0.113.10"));
        _api.Add(Manifests.ClusterIp("kube-system", "kube-dns"));
        for (int n = 1; n <= 3; n++) _api.Add(Manifests.Node($"n{n}", $"192.0.2.{10 + n}"));
        var (cluster, error) = KubernetesAgentCluster.Connect(_api.WriteKubeconfig(_dir), null);
        Assert.Null(error);
        _cluster = cluster!;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ServiceL2Statuses_name_the_announcing_node_and_a_cluster_without_the_CRD_has_none()
    {
        Assert.Empty(await _cluster.ListServiceL2StatusesAsync(CancellationToken.None));

        _api.Add(Manifests.ServiceL2Status("l2-abcde", "shop", "web", "n2", "2026-01-02T09:00:00Z"));
        var status = Assert.Single(await _cluster.ListServiceL2StatusesAsync(CancellationToken.None));
        Assert.Equal(("shop", "web", "n2"), (status.ServiceNamespace, status.ServiceName, status.Node));
    }

    [Fact]
    public async Task The_list_has_only_LoadBalancer_Services_and_a_resourceVersion()
    {
        var listing = await _cluster.ListServicesAsync(CancellationToken.None);
        var service = Assert.Single(listing.Services);
        Assert.Equal(("shop", "web", "203.0.113.10"), (service.Namespace, service.Name, Assert.Single(service.Vips)));
        Assert.False(string.IsNullOrEmpty(listing.ResourceVersion));
    }

    [Fact]
    public async Task The_watch_delivers_changes_after_the_resourceVersion_in_order()
    {
        var listing = await _cluster.ListServicesAsync(CancellationToken.None);
        _api.Add(Manifests.LoadBalancer("shop", "api", "203.0.113.11"));
        _api.DeleteService("shop", "web");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<ServiceChange>();
        await foreach (var change in _cluster.WatchServicesAsync(listing.ResourceVersion, cts.Token))
        {
            seen.Add(change);
            if (seen.Count == 2) break;
        }
        Assert.Equal([ServiceChangeKind.Added, ServiceChangeKind.Deleted], seen.Select(c => c.Kind));
        Assert.Equal(["api", "web"], seen.Select(c => c.Service!.Name));
        Assert.True(long.Parse(seen[1].ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(listing.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([listing.ResourceVersion], _api.WatchesFrom);
    }

    [Fact]
    public async Task A_watch_the_server_never_ends_is_ended_by_the_client_past_the_server_timeout()
    {
        // As a half-open connection: the fake keeps the stream open and silent whatever timeoutSeconds says. The agent
        // stayed blind for 9 minutes this way; now the watch ends a little after the server's timeout and is resumed.
        var (cluster, error) = KubernetesAgentCluster.Connect(_api.WriteKubeconfig(_dir), null, watchTimeoutSeconds: 1);
        Assert.Null(error);
        var listing = await cluster!.ListServicesAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var started = DateTime.UtcNow;
        await foreach (var _ in cluster.WatchServicesAsync(listing.ResourceVersion, cts.Token))
        {
        }
        Assert.False(cts.IsCancellationRequested, "the watch only ended when the test gave up");
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_hung_list_is_reported_at_the_request_timeout_the_agent_was_given()
    {
        _api.FailNext(-1, method: "GET", resource: "services");
        var (cluster, error) = KubernetesAgentCluster.Connect(_api.WriteKubeconfig(_dir), null, requestTimeout: TimeSpan.FromSeconds(2));
        Assert.Null(error);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ClusterApiException>(() => cluster!.ListServicesAsync(CancellationToken.None));
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(6));
        Assert.EndsWith("did not answer in time (--request-timeout 2s)", e.Message);
    }

    [Fact]
    public async Task A_compacted_resourceVersion_comes_back_as_Expired()
    {
        var listing = await _cluster.ListServicesAsync(CancellationToken.None);
        _api.Add(Manifests.LoadBalancer("shop", "api", "203.0.113.11"));
        _api.CompactHistory();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<ServiceChange>();
        await foreach (var change in _cluster.WatchServicesAsync(listing.ResourceVersion, cts.Token))
            seen.Add(change);
        Assert.Equal(ServiceChangeKind.Expired, Assert.Single(seen).Kind);
    }

    [Fact]
    public async Task A_down_API_is_a_one_line_ClusterApiException()
    {
        _api.Unavailable = true;
        var e = await Assert.ThrowsAsync<Core.Cluster.ClusterApiException>(() => _cluster.ListServicesAsync(CancellationToken.None));
        Assert.StartsWith("list services in all namespaces: HTTP 503", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_warning_is_created_once_then_its_count_is_raised()
    {
        var t = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var macs = new[] { Core.Packets.MacAddress.Parse("02:00:00:00:01:01"), Core.Packets.MacAddress.Parse("02:00:00:00:01:02") };
        var first = new VipWarning(new ServiceRef("shop", "web"), Core.Packets.Ipv4Address.Parse("203.0.113.10"), macs, ["n1", "n2"], t, 1);
        await _cluster.RecordWarningAsync(first, "n1", CancellationToken.None);
        await _cluster.RecordWarningAsync(first with { Count = 7, Time = t.AddMinutes(10) }, "n2", CancellationToken.None);

        var e = Assert.Single(_api.Events());
        Assert.Equal("Warning", e["type"]!.GetValue<string>());
        Assert.Equal(VipWarning.Reason, e["reason"]!.GetValue<string>());
        Assert.Equal("Service", e["involvedObject"]!["kind"]!.GetValue<string>());
        Assert.Equal("web", e["involvedObject"]!["name"]!.GetValue<string>());
        Assert.Equal("shop", e["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal(7, e["count"]!.GetValue<int>());
        Assert.Equal("2026-01-01T12:10:00Z", e["lastTimestamp"]!.GetValue<string>());
        Assert.Contains("02:00:00:00:01:01 (n1), 02:00:00:00:01:02 (n2)", e["message"]!.GetValue<string>());
        Assert.Equal("arpdoctor-agent", e["source"]!["component"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_call_the_agent_makes_is_granted_by_its_ClusterRole_and_nothing_more()
    {
        // The whole IAgentCluster surface, as the agent uses it: list and watch Services, list Nodes and ServiceL2Statuses,
        // create an Event and then raise its count.
        var listing = await _cluster.ListServicesAsync(CancellationToken.None);
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            try { await foreach (var _ in _cluster.WatchServicesAsync(listing.ResourceVersion, cts.Token)) { } }
            catch (OperationCanceledException) { }
        }
        await _cluster.ListNodesAsync(CancellationToken.None);
        await _cluster.ListServiceL2StatusesAsync(CancellationToken.None);
        var warning = new VipWarning(new ServiceRef("shop", "web"), Core.Packets.Ipv4Address.Parse("203.0.113.10"),
            [Core.Packets.MacAddress.Parse("02:00:00:00:01:01"), Core.Packets.MacAddress.Parse("02:00:00:00:01:02")], ["n1", "n2"], DateTimeOffset.UtcNow, 1);
        await _cluster.RecordWarningAsync(warning, "n1", CancellationToken.None);
        await _cluster.RecordWarningAsync(warning with { Count = 2 }, "n1", CancellationToken.None);

        var role = Deploy.YamlDocs.Load(Path.Combine(Deploy.YamlDocs.RepoRoot, "deploy", "arpdoctor.yaml")).Single(d => d["kind"]!.GetValue<string>() == "ClusterRole");
        var granted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var rule in role["rules"]!.AsArray())
            foreach (var g in rule!["apiGroups"]!.AsArray())
                foreach (var r in rule["resources"]!.AsArray())
                    foreach (var v in rule["verbs"]!.AsArray())
                        granted.Add($"{g}/{r}:{v}");
        Assert.Equal(granted, new SortedSet<string>(_api.Used, StringComparer.Ordinal));
    }
}
