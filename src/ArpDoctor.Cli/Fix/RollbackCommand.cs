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
/// back, so that other change is kept.
/// </summary>
internal static class RollbackCommand
{
    public static async Task<int> RunAsync(IClusterApi api, ConfigMapSnapshot backup, FixOptions options, CliContext cli, CancellationToken ct)
    {
        var output = cli.Output;
        var kubeProxy = await KubeProxyDeployment.ReadAsync(api, await api.ListDaemonSetsAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
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

        var first = Compute(current, key, saved, savedConfig);
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
        if (FixCommand.Confirm(cli, options, $"Restore {key} of configmap {backup.Namespace}/{backup.Name} from the backup?") is { } refused)
            return refused;

        var (_, stop, written) = await FixCommand.WriteGuardedAsync(api, current, c => Compute(c, key, saved, savedConfig), options, cli, ct).ConfigureAwait(false);
        if (stop is { } exit) return exit;
        output.WriteLine($"Restored {key} of configmap {backup.Namespace}/{backup.Name} from the backup.");
        if (!savedConfig.EffectiveStrictArp)
            output.MarkupLine("[yellow]note:[/] kube-proxy does not reset the ARP sysctls when strictARP is switched off: nodes keep " +
                "net.ipv4.conf.all.arp_ignore=1 and arp_announce=2 until they are set back by hand or the nodes reboot.");
        return await FixCommand.AfterWriteAsync(() => KubeProxyRestart.RestartAndVerifyAsync(api, kubeProxy?.DaemonSet, options, cli, ct),
            $"restored {key} of configmap {backup.Namespace}/{backup.Name} from the backup", written, kubeProxy?.DaemonSet, cli, ct).ConfigureAwait(false);
    }

    private static Recomputed Compute(ConfigMapSnapshot current, string key, string saved, KubeProxyConfig savedConfig)
    {
        var now = current.Get(key) ?? "";
        if (now == saved) return new Recomputed(null, null, true, $"{key} of {current.Namespace}/{current.Name} already matches the backup: nothing to do");
        // Unchanged since the fix: restore the backup byte for byte.
        if (StrictArpEditor.Set(saved, true) is { Changed: true } fixedUp && fixedUp.NewText == now)
            return new Recomputed(FixCommand.WithConfig(current, key, saved), saved, false, "");
        // Changed since for another reason: set strictARP back only, keeping that change.
        var edit = StrictArpEditor.Set(now, savedConfig.EffectiveStrictArp);
        return edit.Kind switch
        {
            StrictArpEditKind.Unchanged => new Recomputed(null, null, true,
                $"{key} changed since the backup, and strictARP is already {(savedConfig.EffectiveStrictArp ? "true" : "false")}: nothing to do"),
            StrictArpEditKind.Failed => new Recomputed(null, null, false, $"{key} changed since the backup and cannot be edited safely: {edit.Error}"),
            _ => new Recomputed(FixCommand.WithConfig(current, key, edit.NewText), edit.NewText, false,
                $"{key} changed since the backup for another reason; only strictARP is set back, keeping that change."),
        };
    }
}
