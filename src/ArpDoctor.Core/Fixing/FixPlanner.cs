using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Platforms;

namespace ArpDoctor.Core.Fixing;

/// <summary>Decides what <c>fix</c> does to kube-proxy's ConfigMaps: no I/O, the same answer for the same objects.</summary>
public static class FixPlanner
{
    /// <summary>The plan of a whole <c>fix</c> run over what <see cref="KubeProxyFacts.ReadAsync"/> read.</summary>
    public static FixPlan Plan(KubeProxyFacts facts, bool force)
    {
        var platform = facts.Platform();
        if (facts.PlatformUnread is { } blind)
            return new FixPlan(platform, new FixStop(FixStopKind.PlatformUnread,
                $"{blind.Note}, so an edit could be undone by whoever manages kube-proxy; the permission missing: '{blind.Permission}'"), [], []);
        var embedded = facts.Embedded(platform);
        var embeddedNodes = embedded.Select(n => n.Node).ToHashSet(StringComparer.Ordinal);
        var targets = facts.KubeProxies
            .Where(k => !k.WindowsOnly && (k.MirrorPod is null || !embeddedNodes.Contains(k.MirrorPod.NodeName)))
            .GroupBy(Identity).Select(g => g.ToList()).ToList();
        if (targets.Count == 0 && ClusterCheck.K8sSnapNodes(facts.Nodes) is { Count: > 0 } snap)
            return new FixPlan(platform, new FixStop(FixStopKind.HostService,
                $"Canonical Kubernetes (k8s-snap) runs kube-proxy as a host service on {string.Join(", ", snap)}, with arguments the API cannot change: not patching; " +
                $"on each node look at {ClusterCheck.K8sSnapKubeProxyArgs} and, with --proxy-mode=ipvs there, add --ipvs-strict-arp=true and run 'sudo snap restart k8s.kube-proxy'"), [], []);
        if (targets.Count == 0) return new FixPlan(platform, null, [Plan(null, platform, force, embedded: embedded)], []);

        var steps = targets.Select(group => Plan(group[0], platform, force) with
        {
            Heading = Describe(group),
            // A ConfigMap without a DaemonSet: kubeadm's kube-system/kube-proxy is assumed, as kube-proxy's DaemonSet.
            RestartAfterWrite = group.All(k => k.DaemonSet is null) ? [DaemonSetName.KubeadmKubeProxy] : group.Select(k => k.DaemonSet).OfType<DaemonSetSnapshot>().Select(DaemonSetName.Of).ToList(),
        }).ToList();
        // Pods that run an older file than the one in the API: the restart alone is what is missing (unless a write restarts them anyway).
        var pending = targets.SelectMany(g => g).Where(k => k.DaemonSet is not null)
            .Select(k => new RestartStep(DaemonSetName.Of(k.DaemonSet!), RestartPending.StalePods(k), k.ConfigWhere))
            .Where(r => r.StalePods.Count > 0).ToList();
        return new FixPlan(platform, null, steps, pending);
    }

    /// <summary>
    /// <paramref name="step"/> again, on <paramref name="current"/>: the version re-read after a write met a conflict (409).
    /// Ours is computed on top of theirs, so their change is kept.
    /// </summary>
    public static FixStep Replan(FixStep step, ConfigMapSnapshot current, bool force) =>
        Plan(step.Target! with { ConfigMap = current }, step.Platform, force) with
        {
            Heading = step.Heading,
            RestartAfterWrite = step.RestartAfterWrite,
        };

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

    /// <summary>The step for <paramref name="kubeProxy"/> as read (<see cref="Replan"/> recomputes it after a 409).</summary>
    /// <param name="embedded">kube-proxy's flags per node where the platform runs it without a DaemonSet (k3s', RKE2's node-args).</param>
    public static FixStep Plan(KubeProxyDeployment? kubeProxy, PlatformDetection platform, bool force, bool strictArp = true, IReadOnlyList<NodeKubeProxy>? embedded = null) =>
        Decide(kubeProxy, platform, force, strictArp, embedded) with { Target = kubeProxy };

    private static FixStep Decide(KubeProxyDeployment? kubeProxy, PlatformDetection platform, bool force, bool strictArp, IReadOnlyList<NodeKubeProxy>? embedded)
    {
        var word = strictArp ? "true" : "false";
        var info = platform.Info;
        if (info.Fate is PatchFate.Cloud or PatchFate.NotApplicable)
            return new FixStep(FixStepKind.NotApplicable, $"{platform.Name}: nothing to fix. {info.Advice}", null, platform, []);
        if (kubeProxy is null)
        {
            var running = (embedded ?? []).Where(n => !n.Disabled && n.Flags.ConfigPath is null).Select(n => (n.Node, n.Settings)).ToList();
            if (strictArp && running.Count > 0 && running.Count == (embedded ?? []).Count && running.All(n => !n.Settings.AnswersArpForEveryVip))
                return running.Any(n => n.Settings.Mode == ProxyMode.Ipvs)
                    ? new FixStep(FixStepKind.NothingToDo, $"strictARP is already true on every node ({platform.Name} node-args): nothing to do", null, platform, [])
                    : new FixStep(FixStepKind.NotApplicable, $"kube-proxy runs in {running[0].Settings.Mode.ToWord()} mode, not ipvs ({platform.Name} node-args): strictARP does nothing there, so there is nothing to fix", null, platform, []);
            return info.Fate == PatchFate.NoConfigMap
                ? new FixStep(FixStepKind.Managed, $"{platform.Name} has no kube-proxy ConfigMap to patch. Durable fix: {info.Advice}", null, platform, [])
                : new FixStep(FixStepKind.NotApplicable, "kube-proxy is not installed (no kube-proxy DaemonSet, no kube-system/kube-proxy ConfigMap): nothing to fix", null, platform, []);
        }
        if (!ClusterCheck.TryRead(kubeProxy, out var settings, out _, out var unreadable))
            return new FixStep(FixStepKind.CannotEdit, $"{unreadable!.Summary}; nothing ArpDoctor can edit safely", null, platform, []);
        if (strictArp && settings.Mode != ProxyMode.Ipvs)
            return new FixStep(FixStepKind.NotApplicable,
                $"kube-proxy runs in {settings.Mode.ToWord()} mode, not ipvs: strictARP does nothing there, so there is nothing to fix", null, platform, []);
        if (kubeProxy.Unused)
            return new FixStep(FixStepKind.NotApplicable,
                $"{kubeProxy.ConfigWhere} is unused (no DaemonSet and no pod runs kube-proxy): not patching it, and there are no pods to restart", null, platform, []);
        if (kubeProxy.MirrorPod is not null)
            return settings.StrictArp
                ? new FixStep(FixStepKind.NothingToDo, $"strictARP is already true in {kubeProxy.Source}: nothing to do", null, platform, [])
                : new FixStep(FixStepKind.FlagOverrides,
                    $"{kubeProxy.Source} runs from a manifest file on its node, which the API cannot change: add --ipvs-strict-arp=true to kube-proxy's command there (the kubelet restarts it)",
                    null, platform, []);
        if (!settings.FromFile && kubeProxy.DaemonSet is not null && platform.RevertsConfigMapPatch)
            return new FixStep(FixStepKind.Managed,
                $"{kubeProxy.Source} runs kube-proxy on flags that {platform.Name} renders; an edit there would not last. Durable fix: {info.Advice}", null, platform, []);
        if (!settings.FromFile && kubeProxy.DaemonSet is not null)
            return new FixStep(FixStepKind.FlagOverrides,
                $"{kubeProxy.Source} runs kube-proxy without --config, on flags{(kubeProxy.Flags.Evidence.Count == 0 ? "" : $" ({string.Join(" ", kubeProxy.Flags.Evidence)})")}: set --ipvs-strict-arp=true in its container instead",
                null, platform, []);

        var text = kubeProxy.ConfigText!;
        var edit = StrictArpEditor.Set(text, strictArp);
        if (edit.Kind == StrictArpEditKind.Failed)
            return new FixStep(FixStepKind.CannotEdit, $"cannot edit {kubeProxy.ConfigWhere} safely: {edit.Error}", edit, platform, []);
        if (edit.Kind == StrictArpEditKind.Unchanged)
            return new FixStep(FixStepKind.NothingToDo, $"strictARP is already {word} in {kubeProxy.ConfigWhere}: nothing to do", edit, platform, []);

        if (platform.RevertsConfigMapPatch)
        {
            if (!force)
                return new FixStep(FixStepKind.Managed,
                    $"kube-proxy is managed by {platform.Name}, which would revert a ConfigMap patch; not patching (--force patches anyway). Durable fix: {info.Advice}",
                    edit, platform, []);
            return new FixStep(FixStepKind.Edit, "", edit, platform,
                [$"--force: kube-proxy is managed by {platform.Name}, which will revert this patch; apply the durable fix too: {info.Advice}"]);
        }
        var warnings = info.Fate == PatchFate.LastsUntilPlatformRuns ? new[] { info.Advice } : [];
        return new FixStep(FixStepKind.Edit, "", edit, platform, warnings);
    }
}
