using System.Diagnostics;
using System.Net;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>
/// Retries as client-go makes them, end to end against the fake API server answering 429/503/500 or dropping the
/// connection, then 200: the verb succeeds, Retry-After is waited out, writes are sent twice only where that is safe.
/// </summary>
public sealed class RetryTests : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-retry-").FullName;
    private string Kubeconfig => _api.WriteKubeconfig(_dir);

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task An_answer_with_Retry_After_is_waited_out_and_the_request_sent_again(int status)
    {
        _api.FailNext(status, times: 2, retryAfter: "1");
        var clock = Stopwatch.StartNew();
        var r = await CliRun.RunAsync(["check", "--kubeconfig", Kubeconfig]);
        r.AssertExit(1);
        Assert.Equal("", r.Err);
        Assert.Equal(2, _api.Failed.Count);
        // Both waits of one second were kept (client-go sleeps what Retry-After says).
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(0)]   // the connection dropped without an answer
    public async Task A_GET_that_fails_on_the_server_side_or_loses_its_connection_is_retried_with_backoff(int status)
    {
        _api.FailNext(status, times: 3, method: "GET");
        var r = await CliRun.RunAsync(["check", "--kubeconfig", Kubeconfig]);
        r.AssertExit(1);
        Assert.Equal("", r.Err);
        Assert.Equal(3, _api.Failed.Count);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_request_timeout_is_not_waited_and_the_servers_answer_stands()
    {
        _api.FailNext(429, times: 1, retryAfter: "30");
        var clock = Stopwatch.StartNew();
        var r = await CliRun.RunAsync(["check", "--kubeconfig", Kubeconfig, "--request-timeout", "2s"]);
        r.AssertExit(4);
        Assert.StartsWith("arpdoctor: check: list daemonsets in all namespaces: HTTP 429: Too many requests", r.Err);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Retries_end_at_the_request_timeout()
    {
        _api.FailNext(500, times: 1000, method: "GET");
        var clock = Stopwatch.StartNew();
        var r = await CliRun.RunAsync(["check", "--kubeconfig", Kubeconfig, "--request-timeout", "2s"]);
        r.AssertExit(4);
        Assert.StartsWith("arpdoctor: check: list daemonsets in all namespaces: HTTP 500", r.Err);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
        Assert.InRange(_api.Failed.Count, 3, 10);
    }

    [Fact]
    public async Task The_ConfigMap_patch_carrying_its_resourceVersion_is_retried_after_a_500()
    {
        var backups = Directory.CreateDirectory(Path.Combine(_dir, "backups")).FullName;
        _api.FailNext(500, times: 1, method: "PATCH", resource: "configmaps");
        var r = await CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--backup-dir", backups, "--yes"]);
        r.AssertExit(0);
        Assert.Contains("strictARP: true", _api.ConfigMapData("kube-system", "kube-proxy", "config.conf"));
        Assert.Single(_api.Failed);
    }

    [Fact]
    public async Task The_DaemonSet_restart_patch_carries_no_resourceVersion_so_a_500_is_not_sent_again()
    {
        var backups = Directory.CreateDirectory(Path.Combine(_dir, "backups")).FullName;
        _api.FailNext(500, times: 1, method: "PATCH", resource: "daemonsets");
        var r = await CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--backup-dir", backups, "--yes"]);
        r.AssertExit(4);
        Assert.StartsWith("arpdoctor: fix: patch daemonset kube-system/kube-proxy: HTTP 500", r.Err);
        Assert.Single(_api.Failed);
        Assert.DoesNotContain("kubectl.kubernetes.io/restartedAt", _api.Get("daemonsets", "kube-system", "kube-proxy")!.ToJsonString());
    }
}

/// <summary><see cref="RetryPolicy"/>: which outcomes are tried again, and after how long.</summary>
public sealed class RetryPolicyTests
{
    private static AttemptOutcome Status(int code, double? retryAfter = null) =>
        new((HttpStatusCode)code, retryAfter is { } s ? TimeSpan.FromSeconds(s) : null, false);

    [Theory]
    //          status retry-after safe  → wait (ms; -1: not retried)
    [InlineData(429, 3.0, false, 3000)]    // 429 is refused before anything is done: any method
    [InlineData(429, null, false, 200)]
    [InlineData(503, 2.0, true, 2000)]
    [InlineData(503, 2.0, false, -1)]      // a write without its resourceVersion may have landed
    [InlineData(500, null, true, 200)]
    [InlineData(504, null, false, -1)]
    [InlineData(404, null, true, -1)]
    [InlineData(409, null, true, -1)]
    [InlineData(403, null, true, -1)]
    public void What_is_retried(int code, double? retryAfter, bool safe, int expectedMs)
    {
        var wait = RetryPolicy.Wait(Status(code, retryAfter), safe, retry: 1, jitter: 0);
        Assert.Equal(expectedMs < 0 ? null : TimeSpan.FromMilliseconds(expectedMs), wait);
    }

    [Fact]
    public void A_dropped_connection_is_retried_only_for_a_safe_request()
    {
        var dropped = new AttemptOutcome(null, null, true);
        Assert.Equal(TimeSpan.FromMilliseconds(200), RetryPolicy.Wait(dropped, safe: true, 1, 0));
        Assert.Null(RetryPolicy.Wait(dropped, safe: false, 1, 0));
    }

    [Fact]
    public void Backoff_doubles_to_a_cap_jitter_stretches_it_by_up_to_as_much_again_and_retries_stop_after_ten()
    {
        Assert.Equal([200, 400, 800, 1600, 3200, 5000, 5000], Enumerable.Range(1, 7).Select(n => (int)RetryPolicy.Backoff(n, 0).TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(300), RetryPolicy.Backoff(1, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(10), RetryPolicy.Backoff(9, 1));
        Assert.NotNull(RetryPolicy.Wait(Status(500), true, RetryPolicy.MaxRetries, 0));
        Assert.Null(RetryPolicy.Wait(Status(500), true, RetryPolicy.MaxRetries + 1, 0));
    }
}
