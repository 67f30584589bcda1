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
    internal static async Task<int> AfterWriteAsync(Func<Task<int>> next, string written, string? backup, DaemonSetSnapshot? daemonSet, CliContext cli, CancellationToken ct)
    {
        var ds = $"-n {daemonSet?.Namespace ?? KubeProxyDeployment.Namespace} daemonset {daemonSet?.Name ?? KubeProxyDeployment.Name}";
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
    /// conflict. Returns the exit code when it did not write (nothing needed any more, or it had to stop), and the
    /// path of the backup of the version replaced. A write that failed in the API (a timeout, say) may still have
    /// landed: the ConfigMap is read again to know, and the answer is said.
    /// </summary>
    internal static async Task<(GuardedWriteResult Result, int? Exit, string? Backup)> WriteGuardedAsync(IClusterApi api, ConfigMapSnapshot first,
        Func<ConfigMapSnapshot, Recomputed> compute, FixOptions options, CliContext cli, CancellationToken ct)
    {
        var output = cli.Output;
        GuardedWriteResult result;
        string? backup = null;
        try
        {
            result = await GuardedWriter.WriteAsync(api, first, compute,
            (current, _) =>
            {
                var path = Backups.Write(options.BackupDir, current, cli.Time.GetUtcNow(), api.Server, api.Context);
                backup = path;
                output.WriteLine($"Backup of {current.Namespace}/{current.Name} (resourceVersion {current.ResourceVersion}) saved to:");
                WholeLine.Write(output, path);
                return Task.CompletedTask;
            },
            reread => output.WriteLine($"{reread.Namespace}/{reread.Name} changed since it was read (now resourceVersion {reread.ResourceVersion}); recomputing on top of that change."),
            ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The backup comes before the write it guards, so a failed backup means nothing was written.
            return (new GuardedWriteResult(GuardedWriteKind.Stopped, null, null, 0, e.Message),
                cli.Fail(ExitCodes.Environment, Verb, $"cannot write the backup to {options.BackupDir}: {e.Message.Split('\n')[0]}; nothing written"), null);
        }
        catch (ClusterApiException e) when (backup is not null && !e.Local)
        {
            // The write was sent; whether it landed is only known by reading again.
            ConfigMapSnapshot? now;
            try
            {
                now = await api.GetConfigMapAsync(first.Namespace, first.Name, ct).ConfigureAwait(false);
            }
            catch (ClusterApiException again)
            {
                return (new GuardedWriteResult(GuardedWriteKind.Stopped, null, null, 0, e.Message), cli.Fail(ExitCodes.KubernetesApi, Verb,
                    $"{e.Message}; reading it again failed too ({again.Message}), so whether the change landed is unknown: look with 'kubectl get configmap -n {first.Namespace} {first.Name} -o yaml' (backup {backup})"), backup);
            }
            if (now is not null && compute(now).NothingToDo)
            {
                output.WriteLine($"The write reported an error ({e.Message}), but configmap {first.Namespace}/{first.Name} now has the change: it landed.");
                return (new GuardedWriteResult(GuardedWriteKind.Written, now, null, 0, ""), null, backup);
            }
            return (new GuardedWriteResult(GuardedWriteKind.Stopped, null, null, 0, e.Message),
                cli.Fail(ExitCodes.KubernetesApi, Verb, $"{e.Message}; read again, configmap {first.Namespace}/{first.Name} does not have the change: nothing written"), backup);
        }
        switch (result.Kind)
        {
            case GuardedWriteKind.NoLongerNeeded:
                output.WriteLine(result.Message);
                return (result, ExitCodes.Healthy, backup);
            case GuardedWriteKind.Stopped or GuardedWriteKind.GaveUp or GuardedWriteKind.Vanished:
                return (result, cli.Fail(ExitCodes.Problem, Verb, result.Message), backup);
            default:
                return (result, null, backup);
        }
    }

    internal static IReadOnlyDictionary<string, string> WithConfig(ConfigMapSnapshot cm, string key, string text) =>
        new Dictionary<string, string>(cm.Data) { [key] = text };

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
