using ArpDoctor.Core.Cluster;
using ArpDoctor.TestKit.Cluster;
using ArpDoctor.TestKit.Fakes;
using Xunit;
using static ArpDoctor.TestKit.Cluster.ClusterKit;

namespace ArpDoctor.Core.Tests.Cluster;

/// <summary>The in-memory cluster is no kinder than the API server: stale writes conflict, refusals are as the adapter reports them, a restart changes state.</summary>
public sealed class InMemoryClusterTests
{
    [Fact]
    public async Task A_write_based_on_a_stale_resourceVersion_is_a_conflict_and_changes_nothing()
    {
        var cluster = Kubeadm(KubeProxyConf());
        var read = (await cluster.GetConfigMapAsync("kube-system", "kube-proxy", CancellationToken.None))!;
        Assert.Equal(WriteOutcome.Written, await cluster.PatchConfigMapDataAsync(read, new Dictionary<string, string> { ["config.conf"] = "a" }, CancellationToken.None));
        Assert.Equal(WriteOutcome.Conflict, await cluster.PatchConfigMapDataAsync(read, new Dictionary<string, string> { ["config.conf"] = "b" }, CancellationToken.None));
        var now = cluster.ConfigMap("kube-system", "kube-proxy")!;
        Assert.Equal("a", now.Get("config.conf"));
        Assert.NotEqual(read.ResourceVersion, now.ResourceVersion);
    }

    [Fact]
    public async Task A_refused_read_is_a_ClusterApiException_with_its_refusal_except_pods_which_read_as_null()
    {
        var cluster = Kubeadm(KubeProxyConf()).Refuse("leases").Refuse("configmap kube-system/kubeadm-config", ApiRefusal.NotFound).Refuse("pods");
        var e = await Assert.ThrowsAsync<ClusterApiException>(() => cluster.ListLeasesAsync(CancellationToken.None));
        Assert.Equal((ApiRefusal.Forbidden, "kubectl auth can-i list leases"), (e.Refusal, e.Permission));
        Assert.Null(await cluster.GetConfigMapAsync("kube-system", "kubeadm-config", CancellationToken.None));
        Assert.NotNull(await cluster.GetConfigMapAsync("kube-system", "kube-proxy", CancellationToken.None));
        Assert.Null(await cluster.ListPodsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_restart_annotates_the_template_and_a_held_rollout_stays_incomplete()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var cluster = Kubeadm(KubeProxyConf(), clock);
        cluster.RolloutCompletes = false;
        await cluster.RestartDaemonSetAsync("kube-system", "kube-proxy", clock.GetUtcNow(), CancellationToken.None);
        var ds = cluster.DaemonSet("kube-system", "kube-proxy")!;
        Assert.Equal("2026-01-01T12:00:00Z", ds.RestartedAt);
        Assert.Equal("platform-team", ds.TemplateAnnotations["example.com/owner"]);
        Assert.False(ArpDoctor.Core.Fixing.RolloutProgress.Of(ds).Complete);
        Assert.All(cluster.Pods.Where(p => p.OwnedBy(ds)), p => Assert.Equal(PodsStarted, p.ContainerStarts["kube-proxy"]));
    }
}
