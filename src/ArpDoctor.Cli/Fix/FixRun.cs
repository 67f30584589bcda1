using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Fixing;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Platforms;
using ArpDoctor.Core.Text;
using Spectre.Console;

namespace ArpDoctor.Cli.Fix;

/// <summary>
/// <c>fix</c> over every kube-proxy: one plan per object (kube-proxies that read one ConfigMap share it) — its diff, its
/// backup, its confirmation naming the cluster and context — then a restart of each DaemonSet whose file was written or
/// whose pods started before the file's last write, each waited for; the optional probe once at the end.
/// </summary>
internal static class FixRun
{
    public static async Task<int> RunAsync(IClusterApi api, FixOptions options, CliContext cli, CancellationToken ct)
    {
        var facts = await ClusterFacts.ReadAsync(api, ct).ConfigureAwait(false);
        if (facts.PlatformUnread is { } blind)
            return cli.Fail(ExitCodes.KubernetesApi, FixCommand.Verb,
                $"{blind.Note}, so an edit could be undone by whoever manages kube-proxy; the permission missing: '{blind.Permission}'");
        var platform = ClusterCheck.Platform(facts);
        var output = cli.Output;
        var embedded = ClusterCheck.EmbeddedKubeProxy(facts, platform);
        var embeddedNodes = embedded.Select(n => n.Node).ToHashSet(StringComparer.Ordinal);
        var targets = facts.KubeProxies
            .Where(k => !k.WindowsOnly && (k.MirrorPod is null || !embeddedNodes.Contains(k.MirrorPod.NodeName)))
            .GroupBy(Identity).ToList();
        if (targets.Count == 0 && ClusterCheck.K8sSnapNodes(facts.Nodes) is { Count: > 0 } snap)
            return cli.Fail(ExitCodes.Problem, FixCommand.Verb,
                $"Canonical Kubernetes (k8s-snap) runs kube-proxy as a host service on {string.Join(", ", snap)}, with arguments the API cannot change: not patching; " +
                $"on each node look at {ClusterCheck.K8sSnapKubeProxyArgs} and, with --proxy-mode=ipvs there, add --ipvs-strict-arp=true and run 'sudo snap restart k8s.kube-proxy'");
        if (targets.Count == 0) return Report(FixPlanner.Plan(null, platform, options.Force, embedded: embedded), null, cli);

        var exit = ExitCodes.Healthy;
        // Each DaemonSet to restart, with what was written for it and the backup (null: a restart alone).
        var restart = new List<(DaemonSetSnapshot? Ds, string Written, string? Backup)>();
        foreach (var group in targets)
        {
            if (targets.Count > 1) output.MarkupLine($"[bold]{Markup.Escape(Describe(group.ToList()))}[/]");
            var (code, written, backup) = await EditAsync(api, group.First(), platform, options, cli, ct).ConfigureAwait(false);
            exit = Worst(exit, code);
            if (written is null) continue;
            // A ConfigMap without a DaemonSet: kubeadm's kube-system/kube-proxy is assumed, as kube-proxy's DaemonSet.
            foreach (var ds in group.All(k => k.DaemonSet is null) ? [(DaemonSetSnapshot?)null] : group.Select(k => k.DaemonSet).OfType<DaemonSetSnapshot?>())
                restart.Add((ds, written, backup));
        }
        // Pods that run an older file than the one in the API: the restart alone is what is missing.
        foreach (var kp in targets.SelectMany(g => g).Where(k => k.DaemonSet is not null && !restart.Any(r => r.Ds == k.DaemonSet)))
        {
            var stale = RestartPending.StalePods(kp);
            if (stale.Count == 0) continue;
            var ds = kp.DaemonSet!;
            output.WriteLine($"Restart pending: {Words.Count(stale.Count, "pod")} of daemonset {ds.Namespace}/{ds.Name} ({string.Join(", ", stale.Select(p => p.Name))}) started before {kp.ConfigWhere} was last written.");
            if (options.DryRun)
            {
                output.WriteLine($"--dry-run: daemonset {ds.Namespace}/{ds.Name} not restarted.");
                exit = Worst(exit, ExitCodes.Problem);
                continue;
            }
            if (options.NoRestart)
            {
                output.WriteLine($"--no-restart: not restarted; 'kubectl rollout restart -n {ds.Namespace} daemonset {ds.Name}' does it.");
                exit = Worst(exit, ExitCodes.Problem);
                continue;
            }
            if (FixCommand.Confirm(cli, options, $"Restart daemonset {ds.Namespace}/{ds.Name} on {Where(api)}?") is { } refused)
            {
                exit = Worst(exit, refused);
                continue;
            }
            restart.Add((ds, "wrote nothing (the restart alone was pending)", null));
        }
        if (restart.Count == 0) return exit;
        foreach (var (ds, written, backup) in restart)
        {
            var code = await FixCommand.AfterWriteAsync(() => KubeProxyRestart.RestartAsync(api, ds, options, cli, ct), written, backup, ds, cli, ct).ConfigureAwait(false);
            exit = Worst(exit, code);
        }
        return exit != ExitCodes.Healthy ? exit : await KubeProxyRestart.VerifyAsync(options, cli, ct).ConfigureAwait(false);
    }

    /// <summary>The cluster and context a write goes to, as the confirmation names them.</summary>
    public static string Where(IClusterApi api) => $"cluster {api.Server}{(api.Context.Length == 0 ? " (in-cluster service account)" : $" (context {api.Context})")}";

    /// <summary>Kube-proxies that read the same ConfigMap key are one object to edit; a static pod is one per set of alike pods.</summary>
    private static string Identity(KubeProxyDeployment k) =>
        k.ConfigMap is { } cm ? $"configmap {cm.Namespace}/{cm.Name} {k.ConfigKey}"
        : k.MirrorPod is not null ? $"static {string.Join(" ", k.Flags.Evidence)} {k.Origin}"
        : k.Source;

    private static string Describe(IReadOnlyList<KubeProxyDeployment> group)
    {
        var sources = group.Count == 1 ? group[0].Source : string.Join(", ", group.Select(k => k.Source));
        var nodes = group.SelectMany(k => k.Nodes).Distinct().Order(StringComparer.Ordinal).ToList();
        return $"{sources}{(nodes.Count == 0 ? "" : $" on {string.Join(", ", nodes)}")}:";
    }

    private static int Worst(int a, int b) => a != ExitCodes.Healthy ? a : b;

    /// <summary>Says what a plan that writes nothing means; the exit code of that.</summary>
    private static int Report(FixPlan plan, KubeProxyDeployment? kubeProxy, CliContext cli)
    {
        var output = cli.Output;
        switch (plan.Kind)
        {
            case FixPlanKind.NothingToDo or FixPlanKind.NotApplicable:
                output.WriteLine(plan.Message);
                return ExitCodes.Healthy;
            case FixPlanKind.Managed:
                // The refusal first: a diff read before it looks like a change that was made.
                output.WriteLine(plan.Message);
                if (plan.Edit is { Changed: true } e) DiffText.Write(output, DiffText.Unified(e.OldText, e.NewText, kubeProxy!.ConfigKey!));
                if (plan.Platform.Info.Word is { } word)
                    output.WriteLine($"The fragment to apply: arpdoctor fix --emit {word}");
                return ExitCodes.Problem;
            default:
                return cli.Fail(ExitCodes.Problem, FixCommand.Verb, plan.Message);
        }
    }

    /// <summary>Plans one object and, when it needs the edit, diffs, confirms, backs up and writes it: what was written (null: nothing) and the backup.</summary>
    private static async Task<(int Exit, string? Written, string? Backup)> EditAsync(IClusterApi api, KubeProxyDeployment kubeProxy, PlatformDetection platform,
        FixOptions options, CliContext cli, CancellationToken ct)
    {
        var plan = FixPlanner.Plan(kubeProxy, platform, options.Force);
        if (plan.Kind != FixPlanKind.Edit) return (Report(plan, kubeProxy, cli), null, null);

        var output = cli.Output;
        var edit = plan.Edit!;
        var (cm, key) = (kubeProxy.ConfigMap!, kubeProxy.ConfigKey!);
        DiffText.Write(output, DiffText.Unified(edit.OldText, edit.NewText, key));
        foreach (var w in plan.Warnings) output.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
        if (options.DryRun)
        {
            output.WriteLine("--dry-run: nothing written.");
            return (ExitCodes.Problem, null, null);
        }
        if (FixCommand.Confirm(cli, options, $"Write this to {kubeProxy.ConfigWhere} on {Where(api)}{(options.NoRestart ? "" : " and restart kube-proxy")}?") is { } refused)
            return (refused, null, null);

        var (result, stop, backup) = await FixCommand.WriteGuardedAsync(api, cm,
            current =>
            {
                var again = FixPlanner.Plan(kubeProxy with { ConfigMap = current }, platform, options.Force);
                return again.Kind switch
                {
                    FixPlanKind.Edit => new Recomputed(FixCommand.WithConfig(current, key, again.Edit!.NewText), again.Edit.NewText, false, ""),
                    FixPlanKind.NothingToDo => new Recomputed(null, null, true, again.Message),
                    _ => new Recomputed(null, null, false, again.Message),
                };
            },
            options, cli, ct).ConfigureAwait(false);
        if (stop is { } exit) return (exit, null, null);
        var written = $"wrote strictARP: true to {kubeProxy.ConfigWhere}";
        output.WriteLine($"W{written[1..]}{(result.Conflicts > 0 ? $" (after {Words.Count(result.Conflicts, "conflict")}, on top of the other change)" : "")}.");
        if (backup is not null)
        {
            output.WriteLine("To undo it:");
            WholeLine.Write(output, $"arpdoctor fix --rollback {WholeLine.ShellWord(backup)}");
        }
        return (ExitCodes.Healthy, written, backup);
    }
}
