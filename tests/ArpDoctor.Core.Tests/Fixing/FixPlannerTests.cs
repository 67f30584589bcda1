using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Fixing;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.TestKit.Cluster;
using ArpDoctor.TestKit.Fakes;
using Xunit;
using static ArpDoctor.TestKit.Cluster.ClusterKit;

namespace ArpDoctor.Core.Tests.Fixing;

/// <summary>
/// fix's plan on an in-memory cluster (address plan in <see cref="ClusterKit"/>): what each object gets and why, the
/// restarts, and — carried out through the port as the Cli does — the state the cluster ends in.
/// </summary>
public sealed class FixPlannerTests
{
    private static async Task<FixPlan> PlanAsync(InMemoryCluster cluster, bool force = false) =>
        FixPlanner.Plan(await KubeProxyFacts.ReadAsync(cluster, CancellationToken.None), force);

    public static TheoryData<string, bool, FixStepKind> Kinds => new()
    {
        { "kubeadm strictARP off", false, FixStepKind.Edit },
        { "kubeadm strictARP on", false, FixStepKind.NothingToDo },
        { "kubeadm iptables", false, FixStepKind.NotApplicable },
        { "KKP", false, FixStepKind.Managed },
        { "KKP", true, FixStepKind.Edit },
        { "RKE2 node-args", true, FixStepKind.Managed },
        { "k3s node-args strict", false, FixStepKind.NothingToDo },
        { "static pods", false, FixStepKind.FlagOverrides },
        { "flags without --config", false, FixStepKind.FlagOverrides },
        { "no kube-proxy", false, FixStepKind.NotApplicable },
        { "leftover ConfigMap", false, FixStepKind.NotApplicable },
        { "EKS", false, FixStepKind.NotApplicable },
    };

    private static InMemoryCluster Build(string name) => name switch
    {
        "kubeadm strictARP off" => Kubeadm(KubeProxyConf()),
        "kubeadm strictARP on" => Kubeadm(KubeProxyConf(strictArp: true)),
        "kubeadm iptables" => Kubeadm(KubeProxyConf("iptables")),
        "KKP" => new InMemoryCluster().Add(KubeProxyConfigMap(KubeProxyConf(), labels: Map("kubermatic-addon=kube-proxy"))).Add(KubeProxyDaemonSet()).Add(Node(1)),
        "RKE2 node-args" => new InMemoryCluster().Add(Node(1, "v1.31.4+rke2r1", annotations: Map("rke2.io/node-args=[\"server\",\"--kube-proxy-arg\",\"proxy-mode=ipvs\"]"))),
        "k3s node-args strict" => new InMemoryCluster().Add(Node(1, "v1.31.4+k3s1", annotations: Map("k3s.io/node-args=[\"server\",\"--kube-proxy-arg\",\"proxy-mode=ipvs\",\"--kube-proxy-arg\",\"ipvs-strict-arp=true\"]"))),
        "static pods" => new InMemoryCluster().Add(Node(1)).Add(StaticKubeProxy("n1", "--proxy-mode=ipvs")),
        "flags without --config" => new InMemoryCluster().Add(Node(1)).Add(KubeProxyDaemonSet(container: new ContainerSnapshot("kube-proxy", "registry.k8s.io/kube-proxy:v1.31.4", ["/usr/local/bin/kube-proxy", "--proxy-mode=ipvs"], [], []))),
        "no kube-proxy" => new InMemoryCluster().Add(Node(1)),
        "leftover ConfigMap" => new InMemoryCluster().Add(Node(1)).Add(KubeProxyConfigMap(KubeProxyConf())),
        "EKS" => new InMemoryCluster().Add(KubeProxyConfigMap(KubeProxyConf())).Add(KubeProxyDaemonSet())
            .Add(Node(1, "v1.31.3-eks-59bf375", Map("eks.amazonaws.com/nodegroup=workers"), providerId: "aws:///us-east-1a/i-0abc")),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_object_gets_the_step_its_platform_and_settings_call_for(string cluster, bool force, FixStepKind expected)
    {
        var plan = await PlanAsync(Build(cluster), force);
        Assert.Null(plan.Stop);
        var step = Assert.Single(plan.Steps);
        Assert.True(expected == step.Kind, $"{step.Kind}, not {expected}: {step.Message}");
        // A step that writes nothing says why; one that writes names its ConfigMap and the change.
        if (step.Kind == FixStepKind.Edit)
        {
            Assert.NotNull(step.ConfigMap);
            Assert.Contains("strictARP: true", step.Edit!.NewText, StringComparison.Ordinal);
        }
        else
        {
            Assert.NotEmpty(step.Message);
            Assert.Null(step.ConfigMap);
        }
    }

    [Fact]
    public async Task The_edit_changes_only_strictARP_and_restarts_the_DaemonSet_that_reads_the_file()
    {
        var plan = await PlanAsync(Kubeadm(KubeProxyConf()));
        var step = Assert.Single(plan.Steps);
        Assert.Equal(KubeProxyConf(strictArp: true), step.Edit!.NewText);
        Assert.Equal([new DaemonSetName("kube-system", "kube-proxy")], step.RestartAfterWrite);
        Assert.Empty(plan.PendingRestarts);
        Assert.False(plan.Headed);
    }

    [Fact]
    public async Task A_managed_platform_is_left_to_it_and_forcing_warns_that_it_will_revert()
    {
        var managed = Assert.Single((await PlanAsync(Build("KKP"))).Steps);
        Assert.Contains("Cluster", managed.LeftToPlatform, StringComparison.Ordinal);
        var forced = Assert.Single((await PlanAsync(Build("KKP"), force: true)).Steps);
        Assert.Contains(forced.Warnings, w => w.StartsWith("--force: kube-proxy is managed by", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_nodes_unread_fix_stops_before_any_step_naming_the_permission()
    {
        var plan = await PlanAsync(Kubeadm(KubeProxyConf()).Refuse("nodes"));
        Assert.Equal(FixStopKind.PlatformUnread, plan.Stop!.Kind);
        Assert.Contains("kubectl auth can-i list nodes", plan.Stop.Message, StringComparison.Ordinal);
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public async Task A_host_service_kube_proxy_stops_fix_with_what_to_do_on_each_node()
    {
        var cluster = new InMemoryCluster();
        for (int i = 1; i <= 2; i++) cluster.Add(Node(i, labels: Map($"kubernetes.io/hostname=n{i}", "k8sd.io/role=worker")));
        var plan = await PlanAsync(cluster);
        Assert.Equal(FixStopKind.HostService, plan.Stop!.Kind);
        Assert.Contains("on n1, n2", plan.Stop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_kube_proxies_are_two_headed_steps_and_only_the_loose_one_is_edited()
    {
        var cluster = new InMemoryCluster();
        var main = KubeProxyDaemonSet(placement: new PodPlacement(Map("zone=core"), [], []));
        var edge = KubeProxyDaemonSet(ns: "edge", name: "kube-proxy-edge", configMap: "kube-proxy-edge", placement: new PodPlacement(Map("zone=edge"), [], []));
        cluster.Add(KubeProxyConfigMap(KubeProxyConf(strictArp: true))).Add(main).Add(KubeProxyConfigMap(KubeProxyConf(), ns: "edge", name: "kube-proxy-edge")).Add(edge)
            .Add(Node(1, labels: Map("zone=core"))).Add(Node(2, labels: Map("zone=edge"))).Add(PodOf(main, "n1")).Add(PodOf(edge, "n2"));
        var plan = await PlanAsync(cluster);
        Assert.True(plan.Headed);
        Assert.Equal(["daemonset kube-system/kube-proxy on n1:", "daemonset edge/kube-proxy-edge on n2:"], plan.Steps.Select(s => s.Heading));
        Assert.Equal([FixStepKind.NothingToDo, FixStepKind.Edit], plan.Steps.Select(s => s.Kind));
        Assert.Equal("kube-proxy-edge", plan.Steps[1].ConfigMap!.Name);
    }

    [Fact]
    public async Task Pods_older_than_the_file_are_a_pending_restart_without_any_write()
    {
        var cluster = Kubeadm(KubeProxyConf(strictArp: true));
        cluster.Add(KubeProxyConfigMap(KubeProxyConf(strictArp: true), lastWrite: PodsStarted.AddHours(1)));
        var plan = await PlanAsync(cluster);
        Assert.Equal(FixStepKind.NothingToDo, Assert.Single(plan.Steps).Kind);
        var restart = Assert.Single(plan.PendingRestarts);
        Assert.Equal(new DaemonSetName("kube-system", "kube-proxy"), restart.DaemonSet);
        Assert.Equal(["kube-proxy-n1", "kube-proxy-n2", "kube-proxy-n3"], restart.StalePods.Select(p => p.Name));
    }

    [Fact]
    public async Task Carried_out_through_the_port_the_plan_leaves_a_cluster_check_finds_healthy()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cluster = Kubeadm(KubeProxyConf(), clock);
        var step = Assert.Single((await PlanAsync(cluster)).Steps);

        Assert.Equal(WriteOutcome.Written, await cluster.PatchConfigMapDataAsync(step.ConfigMap!, step.DataFor(step.ConfigMap!), CancellationToken.None));
        // Written but not restarted: the pods still run the old file.
        var between = ClusterCheck.Diagnose(await ClusterFacts.ReadAsync(cluster, CancellationToken.None));
        Assert.Contains(between.Findings, f => f.Id == RestartPending.Id);
        Assert.Equal("must-change", between.Verdict);

        clock.Advance(TimeSpan.FromMinutes(1));
        foreach (var ds in step.RestartAfterWrite) await cluster.RestartDaemonSetAsync(ds.Namespace, ds.Name, clock.GetUtcNow(), CancellationToken.None);
        var after = ClusterCheck.Diagnose(await ClusterFacts.ReadAsync(cluster, CancellationToken.None));
        Assert.Equal("nothing-must-change", after.Verdict);
        Assert.Equal("1", cluster.DaemonSet("kube-system", "kube-proxy")!.TemplateAnnotations.Count(a => a.Key == "kubectl.kubernetes.io/restartedAt").ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The other keys of the ConfigMap are as they were.
        Assert.Contains("server: https://192.0.2.11:6443", cluster.ConfigMap("kube-system", "kube-proxy")!.Get("kubeconfig.conf"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_conflict_the_replanned_edit_keeps_the_other_writers_change()
    {
        var cluster = Kubeadm(KubeProxyConf());
        var step = Assert.Single((await PlanAsync(cluster)).Steps);
        var theirs = KubeProxyConf().Replace("syncPeriod: 0s", "syncPeriod: 30s", StringComparison.Ordinal);
        var reread = cluster.WriteAsSomeoneElse("kube-system", "kube-proxy", "config.conf", theirs);

        // Our write, based on what we read, is refused and changes nothing.
        Assert.Equal(WriteOutcome.Conflict, await cluster.PatchConfigMapDataAsync(step.ConfigMap!, step.DataFor(step.ConfigMap!), CancellationToken.None));
        Assert.Equal(theirs, cluster.ConfigMap("kube-system", "kube-proxy")!.Get("config.conf"));

        var again = FixPlanner.Replan(step, reread, force: false);
        Assert.Equal(FixStepKind.Edit, again.Kind);
        Assert.Equal(WriteOutcome.Written, await cluster.PatchConfigMapDataAsync(reread, again.DataFor(reread), CancellationToken.None));
        var now = cluster.ConfigMap("kube-system", "kube-proxy")!.Get("config.conf")!;
        Assert.Contains("syncPeriod: 30s", now, StringComparison.Ordinal);
        Assert.Contains("strictARP: true", now, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_other_writer_already_set_strictARP_the_replan_has_nothing_to_do()
    {
        var cluster = Kubeadm(KubeProxyConf());
        var step = Assert.Single((await PlanAsync(cluster)).Steps);
        var reread = cluster.WriteAsSomeoneElse("kube-system", "kube-proxy", "config.conf", KubeProxyConf(strictArp: true));
        var again = FixPlanner.Replan(step, reread, force: false);
        Assert.Equal(FixStepKind.NothingToDo, again.Kind);
        Assert.True(Recomputed.Of(again, reread).NothingToDo);
    }

    [Fact]
    public void Rollback_restores_the_backup_byte_for_byte_when_nothing_else_changed_and_only_strictARP_otherwise()
    {
        var saved = KubeProxyConf();
        Assert.True(KubeProxyConfig.TryParse(saved, out var savedConfig, out _));
        var fixedUp = KubeProxyConfigMap(KubeProxyConf(strictArp: true));
        var exact = RollbackPlanner.Compute(fixedUp, "config.conf", saved, savedConfig);
        Assert.Equal(saved, exact.NewText);

        var changed = KubeProxyConfigMap(KubeProxyConf(strictArp: true).Replace("syncPeriod: 0s", "syncPeriod: 30s", StringComparison.Ordinal));
        var kept = RollbackPlanner.Compute(changed, "config.conf", saved, savedConfig);
        Assert.Contains("syncPeriod: 30s", kept.NewText, StringComparison.Ordinal);
        Assert.Contains("strictARP: false", kept.NewText, StringComparison.Ordinal);
        Assert.Contains("keeping that change", kept.Message, StringComparison.Ordinal);
    }
}

/// <summary>The rollout wait, on the in-memory cluster: each look is a value; the last one says how it ended.</summary>
public sealed class RolloutWatcherTests
{
    [Theory]
    [InlineData(true, RolloutOutcome.Complete)]
    [InlineData(false, RolloutOutcome.TimedOut)]
    public async Task The_last_look_says_whether_the_rollout_completed_within_the_timeout(bool completes, RolloutOutcome expected)
    {
        var clock = new ManualClock();
        var cluster = Kubeadm(KubeProxyConf(), clock);
        cluster.RolloutCompletes = completes;
        await cluster.RestartDaemonSetAsync("kube-system", "kube-proxy", clock.GetUtcNow(), CancellationToken.None);
        var looks = new List<RolloutLook>();
        await foreach (var look in RolloutWatcher.WatchAsync(cluster, "kube-system", "kube-proxy", TimeSpan.Zero, clock, CancellationToken.None)) looks.Add(look);
        var last = Assert.Single(looks);
        Assert.Equal(expected, last.Outcome);
        Assert.Equal((3, completes ? 3 : 0), (last.Progress!.Desired, last.Progress.Updated));
    }
}
