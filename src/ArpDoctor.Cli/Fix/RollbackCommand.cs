using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Fixing;
using ArpDoctor.Core.KubeProxy;
using Spectre.Console;

namespace ArpDoctor.Cli.Fix;

/// <summary>
/// <c>fix --rollback FILE</c>: puts config.conf back as the backup has it, under the same resourceVersion
/// guard as the fix. When config.conf changed since the fix for another reason, only strictARP is set
/// back, so that other change is kept. A backup of another object (another uid, or another API server) is refused
/// unless <c>--force</c>: the same name on another cluster is not the object that was fixed.
/// </summary>
internal static class RollbackCommand
{
    public static async Task<int> RunAsync(IClusterApi api, ConfigMapSnapshot backup, BackupOrigin origin, string file, FixOptions options, CliContext cli, CancellationToken ct)
    {
        var output = cli.Output;
        var all = await KubeProxyDeployment.ReadAllAsync(api, await api.ListDaemonSetsAsync(ct).ConfigureAwait(false), null, [], ct).ConfigureAwait(false);
        // The kube-proxies that read the backed-up ConfigMap: each is restarted after the restore.
        var readers = all.Where(k => k.ConfigMap is { } c && c.Namespace == backup.Namespace && c.Name == backup.Name).ToList();
        var kubeProxy = readers.FirstOrDefault() ?? all.FirstOrDefault(k => k.MirrorPod is null);
        // The key kube-proxy reads when the backup is of its ConfigMap; else the backup's KubeProxyConfiguration.
        var key = kubeProxy?.ConfigMap is { } cm && cm.Namespace == backup.Namespace && cm.Name == backup.Name ? kubeProxy.ConfigKey!
            : backup.Data.ContainsKey(KubeProxyDeployment.KubeadmKey) ? KubeProxyDeployment.KubeadmKey
            : backup.Data.FirstOrDefault(kv => kv.Value.Contains("KubeProxyConfiguration", StringComparison.Ordinal)).Key ?? KubeProxyDeployment.KubeadmKey;
        var saved = backup.Get(key);
        if (saved is null) return cli.Fail(ExitCodes.Usage, FixCommand.Verb, $"--rollback: the backup has no {key}");
        if (!KubeProxyConfig.TryParse(saved, out var savedConfig, out var error))
            return cli.Fail(ExitCodes.Usage, FixCommand.Verb, $"--rollback: the backup's {key} does not parse: {error}");
        var current = await api.GetConfigMapAsync(backup.Namespace, backup.Name, ct).ConfigureAwait(false);
        if (current is null) return cli.Fail(ExitCodes.KubernetesApi, FixCommand.Verb, $"get configmap {backup.Namespace}/{backup.Name}: not found");
        if (Mismatch(origin, current, api) is { } other)
        {
            if (!options.Force)
                return cli.Fail(ExitCodes.Usage, FixCommand.Verb, $"--rollback {file}: {other}: not restoring it (--force restores it anyway)");
            output.MarkupLine($"[yellow]warning:[/] {Markup.Escape($"--force: {other}; restoring it anyway")}");
        }

        var first = RollbackPlanner.Compute(current, key, saved, savedConfig);
        if (first.NothingToDo)
        {
            output.WriteLine(first.Message);
            return ExitCodes.Healthy;
        }
        if (first.Data is null) return cli.Fail(ExitCodes.Problem, FixCommand.Verb, first.Message);
        DiffText.Write(output, DiffText.Unified(current.Get(key) ?? "", first.NewText!, key));
        if (first.Message.Length > 0) output.WriteLine(first.Message);
        if (options.DryRun)
        {
            output.WriteLine("--dry-run: nothing written.");
            return ExitCodes.Problem;
        }
        if (FixCommand.Confirm(cli, options, $"Restore {key} of configmap {backup.Namespace}/{backup.Name} on {FixRun.Where(api)} from the backup?") is { } refused)
            return refused;

        var (_, stop, written) = await FixCommand.WriteGuardedAsync(api, current, c => RollbackPlanner.Compute(c, key, saved, savedConfig), options, cli, ct).ConfigureAwait(false);
        if (stop is { } exit) return exit;
        output.WriteLine($"Restored {key} of configmap {backup.Namespace}/{backup.Name} from the backup.");
        if (!savedConfig.EffectiveStrictArp)
            output.MarkupLine("[yellow]note:[/] kube-proxy does not reset the ARP sysctls when strictARP is switched off: nodes keep " +
                "net.ipv4.conf.all.arp_ignore=1 and arp_announce=2 until they are set back by hand or the nodes reboot.");
        var daemonSets = readers.Select(k => k.DaemonSet).OfType<DaemonSetSnapshot>().Select(DaemonSetName.Of).ToList();
        if (daemonSets.Count == 0) daemonSets.Add(DaemonSetName.KubeadmKubeProxy);   // kubeadm's kube-system/kube-proxy is assumed, as fix does
        foreach (var ds in daemonSets)
        {
            var code = await FixCommand.AfterWriteAsync(() => KubeProxyRestart.RestartAsync(api, ds, options, cli, ct),
                $"restored {key} of configmap {backup.Namespace}/{backup.Name} from the backup", written, ds, cli, ct).ConfigureAwait(false);
            if (code != ExitCodes.Healthy) return code;
        }
        return await KubeProxyRestart.VerifyAsync(options, cli, ct).ConfigureAwait(false);
    }

    /// <summary>Why the backup is not of <paramref name="current"/> on this server; <c>null</c> when it is.</summary>
    private static string? Mismatch(BackupOrigin origin, ConfigMapSnapshot current, IClusterApi api)
    {
        var here = $"{FixRun.Where(api)} has uid {(current.Uid.Length == 0 ? "(none)" : current.Uid)}";
        if (origin.Uid.Length == 0)
            return $"the backup does not record which object it was taken from (no metadata.uid), so it may be of another cluster; {here}";
        var taken = $"the backup is of configmap {current.Namespace}/{current.Name} uid {origin.Uid} on cluster {(origin.Server.Length == 0 ? "(not recorded)" : origin.Server)}{(origin.Context.Length == 0 ? "" : $" (context {origin.Context})")}";
        if (origin.Uid != current.Uid) return $"{taken}, another object: {here}";
        if (origin.Server.Length > 0 && origin.Server != api.Server) return $"{taken}, another API server: {here}";
        return null;
    }
}
