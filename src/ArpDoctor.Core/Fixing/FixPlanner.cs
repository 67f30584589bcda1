using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Platforms;

namespace ArpDoctor.Core.Fixing;

/// <summary>Decides what <c>fix</c> does to kube-proxy's ConfigMap: no I/O, the same answer for the same objects.</summary>
public static class FixPlanner
{
    public static FixPlan Plan(ConfigMapSnapshot? configMap, DaemonSetSnapshot? daemonSet, PlatformDetection platform, bool force, bool strictArp = true)
    {
        var word = strictArp ? "true" : "false";
        if (configMap is null)
        {
            return platform.Manager == KubeProxyManager.Rke2
                ? new FixPlan(FixPlanKind.Managed, $"RKE2 has no kube-proxy ConfigMap to patch. {DurableFix.Advice(KubeProxyManager.Rke2)}", null, platform, [])
                : new FixPlan(FixPlanKind.NotApplicable,
                    daemonSet is null
                        ? "kube-proxy is not installed (no kube-system/kube-proxy ConfigMap or DaemonSet): nothing to fix"
                        : "kube-system/kube-proxy has no ConfigMap; kube-proxy runs on flags: set --ipvs-strict-arp=true in its DaemonSet by hand",
                    null, platform, []);
        }
        var text = configMap.Get(ClusterFacts.ConfigKey);
        if (text is null)
            return new FixPlan(FixPlanKind.CannotEdit, $"configmap kube-system/kube-proxy has no {ClusterFacts.ConfigKey} key; nothing ArpDoctor can edit safely", null, platform, []);
        if (!KubeProxyConfig.TryParse(text, out var file, out var error))
            return new FixPlan(FixPlanKind.CannotEdit, $"{ClusterFacts.ConfigKey} does not parse: {error}", null, platform, []);
        var flags = daemonSet is null ? KubeProxyFlags.None : ClusterCheck.FlagsOf(daemonSet);
        var settings = new KubeProxySettings(file, flags);
        if (strictArp && settings.Mode != ProxyMode.Ipvs)
            return new FixPlan(FixPlanKind.NotApplicable,
                $"kube-proxy runs in {settings.Mode.ToWord()} mode, not ipvs: strictARP does nothing there, so there is nothing to fix", null, platform, []);
        if (flags.StrictArp is { } flag && flag != strictArp)
            return new FixPlan(FixPlanKind.FlagOverrides,
                $"the kube-proxy DaemonSet has {string.Join(" ", flags.Evidence.Where(e => e.StartsWith("--ipvs-strict-arp", StringComparison.Ordinal)))}, which overrides {ClusterFacts.ConfigKey}; change the flag in the DaemonSet instead",
                null, platform, []);

        var edit = StrictArpEditor.Set(text, strictArp);
        if (edit.Kind == StrictArpEditKind.Failed)
            return new FixPlan(FixPlanKind.CannotEdit, $"cannot edit {ClusterFacts.ConfigKey} safely: {edit.Error}", edit, platform, []);
        if (edit.Kind == StrictArpEditKind.Unchanged)
            return new FixPlan(FixPlanKind.NothingToDo, $"strictARP is already {word} in kube-system/kube-proxy: nothing to do", edit, platform, []);

        if (platform.RevertsConfigMapPatch)
        {
            if (!force)
                return new FixPlan(FixPlanKind.Managed,
                    $"kube-proxy is managed by {platform.Name}, which would revert a ConfigMap patch; not patching (--force patches anyway). Durable fix: {DurableFix.Advice(platform.Manager)}",
                    edit, platform, []);
            return new FixPlan(FixPlanKind.Edit, "", edit, platform,
                [$"--force: kube-proxy is managed by {platform.Name}, which will revert this patch; apply the durable fix too: {DurableFix.Advice(platform.Manager)}"]);
        }
        var warnings = platform.Manager == KubeProxyManager.Kubespray ? new[] { DurableFix.Advice(platform.Manager) } : [];
        return new FixPlan(FixPlanKind.Edit, "", edit, platform, warnings);
    }
}
