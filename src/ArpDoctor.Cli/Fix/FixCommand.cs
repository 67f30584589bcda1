using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Fixing;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Platforms;
using Spectre.Console;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Fix;

/// <summary>What a guarded write did: <see cref="Exit"/> is <c>null</c> when it wrote; <see cref="Backup"/> is the backup of the version replaced.</summary>
internal sealed record WriteDone(GuardedWriteResult? Result, int? Exit, string? Backup);

/// <summary>Validated options of one <c>fix</c> run.</summary>
internal sealed record FixOptions(bool DryRun, bool Yes, string BackupDir, bool Force, bool NoRestart, TimeSpan Timeout, Ipv4Address? VerifyVip, string? Interface);

/// <summary>
/// <c>fix</c>: plan the strictARP edit, show the diff, confirm, back up, write under the resourceVersion
/// guard (recomputing on 409), restart kube-proxy and wait, optionally probe the VIP.
/// </summary>
public static class FixCommand
{
    internal const string Verb = "fix";

    public static async Task<int> RunAsync(FixCommandDefinition def, ParseResult parse, CliContext cli, CancellationToken ct)
    {
        if (parse.GetValue(def.Emit) is { } emit)
        {
            cli.Output.Profile.Out.Writer.Write(PlatformCatalog.Fragment(emit));
            return ExitCodes.Healthy;
        }
        if (!TryOptions(def, parse, cli, out var options, out var exit)) return exit;
        var backups = new List<(ConfigMapSnapshot Backup, BackupOrigin Origin, string Path)>();
        foreach (var file in parse.GetValue(def.Rollback) ?? [])
        {
            if (!Backups.TryRead(file, out var backup, out var origin, out var backupError))
                return cli.Fail(ExitCodes.Usage, Verb, $"--rollback: {backupError}");
            backups.Add((backup, origin, file));
        }

        var api = def.Cluster.Connect(parse, cli, Verb, out exit, ct);
        if (api is null) return exit;
        try
        {
            if (backups.Count == 0) return await FixRun.RunAsync(api, options, cli, ct).ConfigureAwait(false);
            var worst = ExitCodes.Healthy;
            foreach (var (backup, origin, file) in backups)
            {
                var code = await RollbackCommand.RunAsync(api, backup, origin, file, options, cli, ct).ConfigureAwait(false);
                if (worst == ExitCodes.Healthy) worst = code;
            }
            return worst;
        }
        catch (ClusterApiException e)
        {
            return cli.Fail(e.Local ? ExitCodes.Internal : ExitCodes.KubernetesApi, Verb, e.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return cli.Fail(ExitCodes.Interrupted, Verb, "interrupted (what was written and backed up so far is said above)");
        }
    }

    /// <summary>
    /// Runs what follows a write (restart, rollout wait, verify). Whatever fails then, the one line says what was
    /// written, where the backup is, and the commands that finish or undo it.
    /// </summary>
    internal static async Task<int> AfterWriteAsync(Func<Task<int>> next, string written, string? backup, DaemonSetName daemonSet, CliContext cli, CancellationToken ct)
    {
        var ds = $"-n {daemonSet.Namespace} daemonset {daemonSet.Name}";
        var account = $"{written}{(backup is null ? "" : $" (backup {backup})")}; finish with 'kubectl rollout restart {ds}'{(backup is null ? "" : $", undo with 'arpdoctor fix --rollback {backup}'")}";
        try
        {
            return await next().ConfigureAwait(false);
        }
        catch (ClusterApiException e)
        {
            return cli.Fail(e.Local ? ExitCodes.Internal : ExitCodes.KubernetesApi, Verb, $"{e.Message}; {account}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return cli.Fail(ExitCodes.Interrupted, Verb, $"interrupted after it {account}");
        }
    }

    /// <summary>
    /// The guarded write both fix and rollback use: a backup of each version before it is replaced, a line per
    /// conflict. <see cref="WriteDone.Exit"/> is the exit code when it did not write (nothing needed any more, or it had
    /// to stop). A write that failed in the API (a timeout, say) may still have landed: the ConfigMap is read again to
    /// know, and the answer is said.
    /// </summary>
    internal static async Task<WriteDone> WriteGuardedAsync(IClusterApi api, ConfigMapSnapshot first,
        Func<ConfigMapSnapshot, Recomputed> compute, FixOptions options, CliContext cli, CancellationToken ct)
    {
        var output = cli.Output;
        var write = new GuardedWrite(api,
            current =>
            {
                var path = Backups.Write(options.BackupDir, current, cli.Time.GetUtcNow(), api.Server, api.Context);
                output.WriteLine($"Backup of {current.Namespace}/{current.Name} (resourceVersion {current.ResourceVersion}) saved to:");
                WholeLine.Write(output, path);
                return path;
            },
            reread => output.WriteLine($"{reread.Namespace}/{reread.Name} changed since it was read (now resourceVersion {reread.ResourceVersion}); recomputing on top of that change."));
        GuardedWriteResult result;
        try
        {
            result = await write.RunAsync(first, compute, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The backup comes before the write it guards, so a failed backup means nothing was written.
            return new WriteDone(null, cli.Fail(ExitCodes.Environment, Verb, $"cannot write the backup to {options.BackupDir}: {e.Message.Split('\n')[0]}; nothing written"), null);
        }
        catch (ClusterApiException e) when (write.Backup is { } backup && !e.Local)
        {
            // The write was sent; whether it landed is only known by reading again.
            ConfigMapSnapshot? now;
            try
            {
                now = await api.GetConfigMapAsync(first.Namespace, first.Name, ct).ConfigureAwait(false);
            }
            catch (ClusterApiException again)
            {
                return new WriteDone(null, cli.Fail(ExitCodes.KubernetesApi, Verb,
                    $"{e.Message}; reading it again failed too ({again.Message}), so whether the change landed is unknown: look with 'kubectl get configmap -n {first.Namespace} {first.Name} -o yaml' (backup {backup})"), backup);
            }
            if (now is not null && compute(now).NothingToDo)
            {
                output.WriteLine($"The write reported an error ({e.Message}), but configmap {first.Namespace}/{first.Name} now has the change: it landed.");
                return new WriteDone(new GuardedWriteResult(GuardedWriteKind.Written, now, 0, "", backup), null, backup);
            }
            return new WriteDone(null, cli.Fail(ExitCodes.KubernetesApi, Verb, $"{e.Message}; read again, configmap {first.Namespace}/{first.Name} does not have the change: nothing written"), backup);
        }
        switch (result.Kind)
        {
            case GuardedWriteKind.NoLongerNeeded:
                output.WriteLine(result.Message);
                return new WriteDone(result, ExitCodes.Healthy, result.Backup);
            case GuardedWriteKind.Stopped or GuardedWriteKind.GaveUp or GuardedWriteKind.Vanished:
                return new WriteDone(result, cli.Fail(ExitCodes.Problem, Verb, result.Message), result.Backup);
            default:
                return new WriteDone(result, null, result.Backup);
        }
    }

    /// <summary><c>null</c> to go on; otherwise the exit code after saying why not.</summary>
    internal static int? Confirm(CliContext cli, FixOptions options, string question)
    {
        if (options.Yes) return null;
        if (!cli.Output.Profile.Capabilities.Interactive)
            return cli.Fail(ExitCodes.Usage, Verb, "refusing to write without confirmation: no terminal to ask on; pass --yes to write, or --dry-run to only look");
        if (cli.Output.Confirm(question, defaultValue: false)) return null;
        cli.Output.WriteLine("Not written.");
        return ExitCodes.Problem;
    }

    private static bool TryOptions(FixCommandDefinition def, ParseResult parse, CliContext cli, out FixOptions options, out int exit)
    {
        options = null!;
        exit = 0;
        TimeSpan timeout = parse.GetValue(def.Timeout);
        var vip = parse.GetValue(def.Verify);
        var iface = parse.GetValue(def.Interface);
        if (vip is not null)
        {
            if (iface is null)
            {
                exit = cli.Fail(ExitCodes.Usage, Verb, "--verify needs -i INTERFACE, the interface on the VIP's L2 segment");
                return false;
            }
        }
        else if (iface is not null)
        {
            exit = cli.Fail(ExitCodes.Usage, Verb, "-i is only used with --verify VIP");
            return false;
        }
        // A backup is the user's: by default it goes to their state directory, not into whatever checkout fix runs in.
        // A --backup-dir that does not exist yet is made (mode 0700) when the first backup is written.
        var backupDir = parse.GetValue(def.BackupDir) ?? Backups.DefaultDirectory();
        if (File.Exists(backupDir))
        {
            exit = cli.Fail(ExitCodes.Usage, Verb, $"--backup-dir {backupDir}: a file, not a directory");
            return false;
        }
        options = new FixOptions(parse.GetValue(def.DryRun), parse.GetValue(def.Yes), backupDir, parse.GetValue(def.Force),
            parse.GetValue(def.NoRestart), timeout, vip, iface);
        return true;
    }
}
