using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Platforms;

namespace ArpDoctor.Core.Fixing;

/// <summary>Decides what <c>fix</c> does to kube-proxy's ConfigMap: no I/O, the same answer for the same objects.</summary>
public static class FixPlanner
{
    /// <summary>The plan for <paramref name="kubeProxy"/> as read; to recompute after a 409, pass it <c>with</c> the re-read ConfigMap.</summary>
    /// <param name="embedded">kube-proxy's flags per node where the platform runs it without a DaemonSet (k3s', RKE2's node-args).</param>
    public static FixPlan Plan(KubeProxyDeployment? kubeProxy, PlatformDetection platform, bool force, bool strictArp = true, IReadOnlyList<NodeKubeProxy>? embedded = null)
    {
        var word = strictArp ? "true" : "false";
        var info = platform.Info;
        if (info.Fate is PatchFate.Cloud or PatchFate.NotApplicable)
            return new FixPlan(FixPlanKind.NotApplicable, $"{platform.Name}: nothing to fix. {info.Advice}", null, platform, []);
        if (kubeProxy is null)
        {
            var running = (embedded ?? []).Where(n => !n.Disabled && n.Flags.ConfigPath is null).Select(n => (n.Node, n.Settings)).ToList();
            if (strictArp && running.Count > 0 && running.Count == (embedded ?? []).Count && running.All(n => !n.Settings.AnswersArpForEveryVip))
                return running.Any(n => n.Settings.Mode == ProxyMode.Ipvs)
                    ? new FixPlan(FixPlanKind.NothingToDo, $"strictARP is already true on every node ({platform.Name} node-args): nothing to do", null, platform, [])
                    : new FixPlan(FixPlanKind.NotApplicable, $"kube-proxy runs in {running[0].Settings.Mode.ToWord()} mode, not ipvs ({platform.Name} node-args): strictARP does nothing there, so there is nothing to fix", null, platform, []);
            return info.Fate == PatchFate.NoConfigMap
                ? new FixPlan(FixPlanKind.Managed, $"{platform.Name} has no kube-proxy ConfigMap to patch. Durable fix: {info.Advice}", null, platform, [])
                : new FixPlan(FixPlanKind.NotApplicable, "kube-proxy is not installed (no kube-proxy DaemonSet, no kube-system/kube-proxy ConfigMap): nothing to fix", null, platform, []);
        }
        if (!ClusterCheck.TryRead(kubeProxy, out var settings, out _, out var unreadable))
            return new FixPlan(FixPlanKind.CannotEdit, $"{unreadable!.Summary}; nothing ArpDoctor can edit safely", null, platform, []);
        if (strictArp && settings.Mode != ProxyMode.Ipvs)
            return new FixPlan(FixPlanKind.NotApplicable,
                $"kube-proxy runs in {settings.Mode.ToWord()} mode, not ipvs: strictARP does nothing there, so there is nothing to fix", null, platform, []);
        if (kubeProxy.Unused)
            return new FixPlan(FixPlanKind.NotApplicable,
                $"{kubeProxy.ConfigWhere} is unused (no DaemonSet and no pod runs kube-proxy): not patching it, and there are no pods to restart", null, platform, []);
        if (kubeProxy.MirrorPod is not null)
            return settings.StrictArp
                ? new FixPlan(FixPlanKind.NothingToDo, $"strictARP is already true in {kubeProxy.Source}: nothing to do", null, platform, [])
                : new FixPlan(FixPlanKind.FlagOverrides,
                    $"{kubeProxy.Source} runs from a manifest file on its node, which the API cannot change: add --ipvs-strict-arp=true to kube-proxy's command there (the kubelet restarts it)",
                    null, platform, []);
        if (!settings.FromFile && kubeProxy.DaemonSet is not null && platform.RevertsConfigMapPatch)
            return new FixPlan(FixPlanKind.Managed,
                $"{kubeProxy.Source} runs kube-proxy on flags that {platform.Name} renders; an edit there would not last. Durable fix: {info.Advice}", null, platform, []);
        if (!settings.FromFile && kubeProxy.DaemonSet is not null)
            return new FixPlan(FixPlanKind.FlagOverrides,
                $"{kubeProxy.Source} runs kube-proxy without --config, on flags{(kubeProxy.Flags.Evidence.Count == 0 ? "" : $" ({string.Join(" ", kubeProxy.Flags.Evidence)})")}: set --ipvs-strict-arp=true in its container instead",
                null, platform, []);

        var text = kubeProxy.ConfigText!;
        var edit = StrictArpEditor.Set(text, strictArp);
        if (edit.Kind == StrictArpEditKind.Failed)
            return new FixPlan(FixPlanKind.CannotEdit, $"cannot edit {kubeProxy.ConfigWhere} safely: {edit.Error}", edit, platform, []);
        if (edit.Kind == StrictArpEditKind.Unchanged)
            return new FixPlan(FixPlanKind.NothingToDo, $"strictARP is already {word} in {kubeProxy.ConfigWhere}: nothing to do", edit, platform, []);

        if (platform.RevertsConfigMapPatch)
        {
            if (!force)
                return new FixPlan(FixPlanKind.Managed,
                    $"kube-proxy is managed by {platform.Name}, which would revert a ConfigMap patch; not patching (--force patches anyway). Durable fix: {info.Advice}",
                    edit, platform, []);
            return new FixPlan(FixPlanKind.Edit, "", edit, platform,
                [$"--force: kube-proxy is managed by {platform.Name}, which will revert this patch; apply the durable fix too: {info.Advice}"]);
        }
        var warnings = info.Fate == PatchFate.LastsUntilPlatformRuns ? new[] { info.Advice } : [];
        return new FixPlan(FixPlanKind.Edit, "", edit, platform, warnings);
    }
}
