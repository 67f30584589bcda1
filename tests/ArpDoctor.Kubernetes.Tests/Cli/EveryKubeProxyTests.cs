using System.Text.Json;
using System.Text.Json.Nodes;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Spectre.Console.Testing;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>
/// Every kube-proxy, what is running, and whose backup: check and fix on the fixtures where one kube-proxy, or the
/// configured value alone, gave a false all-clear, and a rollback against another cluster.
/// </summary>
public sealed class EveryKubeProxyTests : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-every-").FullName;
    private string _backups = null!;
    private string Kubeconfig => _api.WriteKubeconfig(_dir);

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        _backups = Directory.CreateDirectory(Path.Combine(_dir, "backups")).FullName;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<CliOutcome> Run(params string[] args) => CliRun.RunAsync([.. args, "--kubeconfig", Kubeconfig]);

    private static List<JsonElement> Findings(CliOutcome r) => JsonDocument.Parse(r.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();

    private JsonObject Annotations(string ds) =>
        _api.Get("daemonsets", "kube-system", ds)!["spec"]!["template"]!["metadata"]!["annotations"]?.AsObject() ?? [];

    [Fact]
    public async Task A_strict_kube_system_kube_proxy_does_not_hide_a_loose_kube_proxy_edge_and_fix_edits_only_that_one()
    {
        // Before, only kube-system/kube-proxy was read: "strictARP is on", exit 0, and fix had nothing to do.
        ClusterFixtures.Load(_api, "kubeadm-two-kube-proxies");
        var check = await Run("check", "-o", "json");
        check.AssertExit(1);
        var findings = Findings(check);
        var off = Assert.Single(findings, f => f.GetProperty("id").GetString() == "strict-arp-off");
        Assert.Equal("critical", off.GetProperty("severity").GetString());
        Assert.StartsWith("kube-proxy (daemonset kube-system/kube-proxy-edge) is in IPVS mode with strictARP off: n2, n3 answer ARP for every MetalLB VIP",
            off.GetProperty("summary").GetString());
        Assert.Single(findings, f => f.GetProperty("id").GetString() == "strict-arp-on");
        // Each evidence line is shown once, under the first (most severe) finding about that kube-proxy.
        Assert.Contains("daemonset kube-system/kube-proxy runs on n1",
            string.Join("\n", findings.SelectMany(f => f.GetProperty("evidence").EnumerateArray()).Select(e => e.GetString())));
        var windows = Assert.Single(findings, f => f.GetProperty("id").GetString() == "kube-proxy-windows");
        Assert.StartsWith("daemonset kube-system/kube-proxy-windows runs on Windows nodes only (w1)", windows.GetProperty("summary").GetString());

        var core = _api.ConfigMapData("kube-system", "kube-proxy", "config.conf");
        var edge = _api.ConfigMapData("kube-system", "kube-proxy-edge", "config.conf")!;
        var fix = await Run("fix", "--backup-dir", _backups, "--yes", "--timeout", "30s");
        fix.AssertExit(0);
        Assert.Contains("daemonset kube-system/kube-proxy-edge on n2, n3:", fix.Out);
        Assert.Equal(core, _api.ConfigMapData("kube-system", "kube-proxy", "config.conf"));
        Assert.Equal(edge.Replace("strictARP: false", "strictARP: true", StringComparison.Ordinal), _api.ConfigMapData("kube-system", "kube-proxy-edge", "config.conf"));
        Assert.True(Annotations("kube-proxy-edge").ContainsKey("kubectl.kubernetes.io/restartedAt"));
        Assert.False(Annotations("kube-proxy").ContainsKey("kubectl.kubernetes.io/restartedAt"));
        Assert.False(Annotations("kube-proxy-windows").ContainsKey("kubectl.kubernetes.io/restartedAt"));
        (await Run("check")).AssertExit(0);
    }

    [Fact]
    public async Task Pods_started_before_the_ConfigMap_was_written_are_a_critical_restart_pending_that_names_them()
    {
        // Before, check read strictARP: true from the ConfigMap and said "nothing must change" (exit 0).
        ClusterFixtures.Load(_api, "kubeadm-restart-pending");
        var check = await Run("check", "-o", "json");
        check.AssertExit(1);
        var pending = Assert.Single(Findings(check), f => f.GetProperty("id").GetString() == "restart-pending");
        Assert.Equal("critical", pending.GetProperty("severity").GetString());
        Assert.Equal("restart pending: 3 pods of daemonset kube-system/kube-proxy (kube-proxy-7xk2p, kube-proxy-m9q4d, kube-proxy-b6wz8) started before " +
            "configmap kube-system/kube-proxy key config.conf was last written, so they run the configuration as it was, not as it is",
            pending.GetProperty("summary").GetString());
        var evidence = pending.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("configmap kube-system/kube-proxy key config.conf last written 2025-02-03T14:21:09Z (its newest managedFields time)", evidence);
        Assert.Contains("pod kube-system/kube-proxy-7xk2p on n1: container kube-proxy started 2025-01-20T09:04:31Z", evidence);
    }

    [Fact]
    public async Task Fix_with_no_restart_leaves_check_saying_restart_pending_and_fix_then_offers_the_restart_alone()
    {
        // kubeadm-ipvs-broken with the pods of its DaemonSet, started after the ConfigMap was written.
        ClusterFixtures.Load(_api, "kubeadm-ipvs-broken");
        foreach (var pod in ClusterFixtures.Objects("kubeadm-restart-pending").Where(o => o["kind"]!.GetValue<string>() == "Pod")) _api.Add(pod);
        var before = await Run("check", "-o", "json");
        before.AssertExit(1);
        Assert.DoesNotContain(Findings(before), f => f.GetProperty("id").GetString() == "restart-pending");

        // Before, this sequence ended in "nothing must change": ArpDoctor made the false all-clear itself.
        (await Run("fix", "--backup-dir", _backups, "--yes", "--no-restart")).AssertExit(0);
        var after = await Run("check", "-o", "json");
        after.AssertExit(1);
        var findings = Findings(after);
        Assert.Equal(["restart-pending"], findings.Where(f => f.GetProperty("severity").GetString() == "critical").Select(f => f.GetProperty("id").GetString()));

        var dryRun = await Run("fix", "--backup-dir", _backups, "--dry-run");
        dryRun.AssertExit(1);
        Assert.Contains("--dry-run: daemonset kube-system/kube-proxy not restarted.", dryRun.Out);
        var configBefore = _api.ConfigMapData("kube-system", "kube-proxy", "config.conf");
        var restart = await Run("fix", "--backup-dir", _backups, "--yes", "--timeout", "30s");
        restart.AssertExit(0);
        Assert.Contains("Restart pending: 3 pods of daemonset kube-system/kube-proxy", restart.Out);
        Assert.DoesNotContain("---", restart.Out);   // no diff: the file is already right
        Assert.Equal(configBefore, _api.ConfigMapData("kube-system", "kube-proxy", "config.conf"));
        Assert.Single(Directory.GetFiles(_backups));   // the first fix's backup only
        (await Run("check")).AssertExit(0);
    }

    [Fact]
    public async Task A_leftover_kube_proxy_ConfigMap_is_unused_not_critical_and_fix_leaves_it()
    {
        // Before: critical, exit 1, and fix --yes patched the orphan and restarted pods that do not exist.
        ClusterFixtures.Load(_api, "cilium-kpr-leftover-kube-proxy-configmap");
        var check = await Run("check", "-o", "json");
        check.AssertExit(0);
        var unused = Assert.Single(Findings(check), f => f.GetProperty("id").GetString() == "kube-proxy-unused");
        Assert.Equal("warning", unused.GetProperty("severity").GetString());
        Assert.Contains("kubeadm upgrade would install kube-proxy again", unused.GetProperty("summary").GetString());
        var original = _api.ConfigMapData("kube-system", "kube-proxy", "config.conf");
        var fix = await Run("fix", "--backup-dir", _backups, "--yes");
        fix.AssertExit(0);
        Assert.Contains("is unused (no DaemonSet and no pod runs kube-proxy): not patching it", fix.Out);
        Assert.Equal(original, _api.ConfigMapData("kube-system", "kube-proxy", "config.conf"));
        Assert.Empty(Directory.GetFiles(_backups));
    }

    [Theory]
    [InlineData("k8s-snap-kube-proxy-service", "Canonical Kubernetes (k8s-snap) runs kube-proxy as a host service on n1, n2, n3")]
    [InlineData("microk8s-default", "MicroK8s runs kube-proxy from settings on each node that the API does not show")]
    public async Task A_kube_proxy_whose_settings_cannot_be_read_is_cannot_tell_exit_5_never_nothing_must_change(string fixture, string summary)
    {
        ClusterFixtures.Load(_api, fixture);
        var text = await Run("check");
        text.AssertExit(5);
        Assert.DoesNotContain("nothing must change", text.Out);
        Assert.Contains("cannot tell whether something must change: kube-proxy-config-unreadable", text.Out);
        var json = JsonDocument.Parse((await Run("check", "-o", "json")).Out).RootElement;
        Assert.Equal("cannot-tell", json.GetProperty("verdict").GetString());
        var unknown = Assert.Single(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("unknown").GetBoolean());
        Assert.StartsWith(summary, unknown.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Rollback_refuses_a_backup_of_another_cluster_unless_forced_and_every_question_names_cluster_and_context()
    {
        ClusterFixtures.Load(_api, "kubeadm-ipvs-broken");
        var asked = "";
        var fix = await CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--backup-dir", _backups, "--no-restart"], arrange: console =>
        {
            console.Interactive();
            console.Input.PushTextWithEnter("y");
        });
        fix.AssertExit(0);
        asked = fix.Out;
        Assert.Contains($"on cluster {_api.Url.ToString().TrimEnd('/')} (context fake)", asked);
        var backup = Assert.Single(Directory.GetFiles(_backups));
        var saved = JsonNode.Parse(File.ReadAllText(backup))!["metadata"]!;
        Assert.Equal(_api.Get("configmaps", "kube-system", "kube-proxy")!["metadata"]!["uid"]!.GetValue<string>(), saved["uid"]!.GetValue<string>());

        // Cluster B: the same objects under the same names, already strict, with other uids on another server.
        await using var other = await FakeKubeApi.StartAsync();
        ClusterFixtures.Load(other, "kubeadm-ipvs-strict");
        var otherDir = Directory.CreateDirectory(Path.Combine(_dir, "other")).FullName;
        var otherConfig = other.WriteKubeconfig(otherDir);
        var strict = other.ConfigMapData("kube-system", "kube-proxy", "config.conf");
        // Before, this exited 0 ("changed since the backup for another reason"), turned strictARP off on B and restarted its kube-proxy.
        var refused = await CliRun.RunAsync(["fix", "--kubeconfig", otherConfig, "--yes", "--rollback", backup]);
        refused.AssertExit(2);
        Assert.StartsWith($"arpdoctor: fix: --rollback {backup}: the backup is of configmap kube-system/kube-proxy uid {saved["uid"]} on cluster {_api.Url.ToString().TrimEnd('/')} (context fake), another object:", refused.Err);
        Assert.Contains("not restoring it (--force restores it anyway)", refused.Err);
        Assert.Equal(strict, other.ConfigMapData("kube-system", "kube-proxy", "config.conf"));

        var forced = await CliRun.RunAsync(["fix", "--kubeconfig", otherConfig, "--yes", "--no-restart", "--force", "--rollback", backup]);
        forced.AssertExit(0);
        Assert.Contains("--force:", forced.Out);
        Assert.Contains("strictARP: false", other.ConfigMapData("kube-system", "kube-proxy", "config.conf"));

        // The same cluster's own backup is restored without --force.
        (await Run("fix", "--yes", "--no-restart", "--rollback", backup)).AssertExit(0);
    }
}
