using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Fixing;
using ArpDoctor.Core.Text;
using Spectre.Console;

namespace ArpDoctor.Cli.Fix;

/// <summary>
/// Executes and renders Core's <see cref="FixPlan"/>: per step its diff, its backup, its confirmation naming the
/// cluster and context, the guarded write; then a restart of each DaemonSet whose file was written or whose pods
/// started before the file's last write, each waited for; the optional probe once at the end. With --dry-run the plan
/// is shown and nothing is done.
/// </summary>
internal static class FixRun
{
    public static async Task<int> RunAsync(IClusterApi api, FixOptions options, CliContext cli, CancellationToken ct)
    {
        // fix reads only what decides kube-proxy's strictARP and who manages it: no announcers, Services or events.
        var facts = await KubeProxyFacts.ReadAsync(api, ct).ConfigureAwait(false);
        var plan = FixPlanner.Plan(facts, options.Force);
        if (plan.Stop is { } stop)
            return cli.Fail(stop.Kind == FixStopKind.PlatformUnread ? ExitCodes.KubernetesApi : ExitCodes.Problem, FixCommand.Verb, stop.Message);
        var output = cli.Output;

        var exit = ExitCodes.Healthy;
        // Each DaemonSet to restart, with what was written for it and the backup (null: a restart alone).
        var restart = new List<(DaemonSetName Ds, string Written, string? Backup)>();
        foreach (var step in plan.Steps)
        {
            if (plan.Headed) output.MarkupLine($"[bold]{Markup.Escape(step.Heading)}[/]");
            var done = await EditAsync(api, step, options, cli, ct).ConfigureAwait(false);
            exit = Worst(exit, done.Exit);
            if (done.Written is not { } written) continue;
            foreach (var ds in step.RestartAfterWrite) restart.Add((ds, written, done.Backup));
        }
        foreach (var pending in plan.PendingRestarts.Where(p => !restart.Any(r => r.Ds == p.DaemonSet)))
        {
            var ds = pending.DaemonSet;
            output.WriteLine($"Restart pending: {Words.Count(pending.StalePods.Count, "pod")} of daemonset {ds} ({string.Join(", ", pending.StalePods.Select(p => p.Name))}) started before {pending.ConfigWhere} was last written.");
            if (options.DryRun)
            {
                output.WriteLine($"--dry-run: daemonset {ds} not restarted.");
                exit = Worst(exit, ExitCodes.Problem);
                continue;
            }
            if (options.NoRestart)
            {
                output.WriteLine($"--no-restart: not restarted; 'kubectl rollout restart -n {ds.Namespace} daemonset {ds.Name}' does it.");
                exit = Worst(exit, ExitCodes.Problem);
                continue;
            }
            if (FixCommand.Confirm(cli, options, $"Restart daemonset {ds} on {Where(api)}?") is { } refused)
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

    private static int Worst(int a, int b) => a != ExitCodes.Healthy ? a : b;

    /// <summary>Says what a step that writes nothing means; the exit code of that.</summary>
    private static int Report(FixStep step, CliContext cli)
    {
        var output = cli.Output;
        switch (step.Kind)
        {
            case FixStepKind.NothingToDo or FixStepKind.NotApplicable:
                output.WriteLine(step.Message);
                return ExitCodes.Healthy;
            case FixStepKind.Managed:
                // The refusal first: a diff read before it looks like a change that was made.
                output.WriteLine(step.Message);
                if (step.Edit is { Changed: true } e) DiffText.Write(output, DiffText.Unified(e.OldText, e.NewText, step.Target!.ConfigKey!));
                if (step.Platform.Info.Word is { } word)
                    output.WriteLine($"The fragment to apply: arpdoctor fix --emit {word}");
                return ExitCodes.Problem;
            default:
                return cli.Fail(ExitCodes.Problem, FixCommand.Verb, step.Message);
        }
    }

    /// <summary>The rest of an edit step, as the run would carry it out: the backup, the write, the restarts.</summary>
    private static string WouldDo(FixStep step, FixOptions options)
    {
        var cm = step.ConfigMap!;
        var restarts = string.Join(" and ", step.RestartAfterWrite.Select(d => $"daemonset {d}"));
        var then = options.NoRestart ? $"leave the restart of {restarts} to you (--no-restart)" : $"restart {restarts} and wait for its rollout";
        return $"Would back up configmap {cm.Namespace}/{cm.Name} (into the backup directory), write strictARP: true to its key {step.Target!.ConfigKey}, then {then}.";
    }

    /// <summary>What one step did: its exit code, what was written (<c>null</c>: nothing), and the backup.</summary>
    private sealed record StepDone(int Exit, string? Written, string? Backup);

    /// <summary>Runs one step: when it edits, diffs, confirms, backs up and writes (replanning on a conflict); else says why not.</summary>
    private static async Task<StepDone> EditAsync(IClusterApi api, FixStep step, FixOptions options, CliContext cli, CancellationToken ct)
    {
        if (step.Kind != FixStepKind.Edit) return new StepDone(Report(step, cli), null, null);

        var output = cli.Output;
        var kubeProxy = step.Target!;
        DiffText.Write(output, DiffText.Unified(step.Edit!.OldText, step.Edit.NewText, kubeProxy.ConfigKey!));
        foreach (var w in step.Warnings) output.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
        if (options.DryRun)
        {
            output.WriteLine(WouldDo(step, options));
            output.WriteLine("--dry-run: nothing written.");
            return new StepDone(ExitCodes.Problem, null, null);
        }
        if (FixCommand.Confirm(cli, options, $"Write this to {kubeProxy.ConfigWhere} on {Where(api)}{(options.NoRestart ? "" : " and restart kube-proxy")}?") is { } refused)
            return new StepDone(refused, null, null);

        var done = await FixCommand.WriteGuardedAsync(api, step.ConfigMap!,
            current => Recomputed.Of(FixPlanner.Replan(step, current, options.Force), current), options, cli, ct).ConfigureAwait(false);
        if (done.Exit is { } exit) return new StepDone(exit, null, null);
        var written = $"wrote strictARP: true to {kubeProxy.ConfigWhere}";
        var conflicts = done.Result!.Conflicts;
        output.WriteLine($"W{written[1..]}{(conflicts > 0 ? $" (after {Words.Count(conflicts, "conflict")}, on top of the other change)" : "")}.");
        if (done.Backup is not null)
        {
            output.WriteLine("To undo it:");
            WholeLine.Write(output, $"arpdoctor fix --rollback {WholeLine.ShellWord(done.Backup)}");
        }
        return new StepDone(ExitCodes.Healthy, written, done.Backup);
    }
}
