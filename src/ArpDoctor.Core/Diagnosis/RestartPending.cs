using System.Globalization;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Findings;
using ArpDoctor.Core.KubeProxy;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>
/// Whether kube-proxy's running pods read the ConfigMap as it is now. kube-proxy reads its file when it starts, so a pod
/// whose kube-proxy container started before the ConfigMap's last write may run the old values. The last write is the
/// newest <c>managedFields[].time</c> (any manager's write of any field moves it, so a label edit counts too: the
/// finding may ask for a restart that changes nothing, never the reverse). A container that restarted by itself since
/// (kube-proxy exits on some config changes; the kubelet restarts it) has a newer <c>startedAt</c> and counts as current.
/// </summary>
public static class RestartPending
{
    public const string Id = "restart-pending";

    /// <summary>The pods of <paramref name="kp"/> started before its ConfigMap's last write; empty when there are none, or no way to tell.</summary>
    public static IReadOnlyList<PodSnapshot> StalePods(KubeProxyDeployment kp)
    {
        if (kp.ConfigMap?.LastWrite is not { } written || kp.DaemonSet is null) return [];
        var container = KubeProxyDeployment.Container(kp.DaemonSet)?.Name;
        return kp.Pods.Where(p => container is not null && p.ContainerStarts.TryGetValue(container, out var started) && started < written).ToList();
    }

    public static Finding? Check(KubeProxyDeployment kp, bool podsListed = true)
    {
        if (!podsListed) return Unknown(kp);
        var stale = StalePods(kp);
        if (stale.Count == 0) return null;
        var ds = kp.DaemonSet!;
        var container = KubeProxyDeployment.Container(ds)!.Name;
        var evidence = new List<string>
        {
            $"{kp.ConfigWhere} last written {Stamp(kp.ConfigMap!.LastWrite!.Value)} (its newest managedFields time)",
            ds.RestartedAt is { } at ? $"daemonset {ds.Namespace}/{ds.Name} template annotation kubectl.kubernetes.io/restartedAt: {at}" : $"daemonset {ds.Namespace}/{ds.Name} has never been restarted with 'kubectl rollout restart' (no restartedAt annotation)",
        };
        evidence.AddRange(stale.Select(p => $"pod {p.Namespace}/{p.Name} on {p.NodeName}: container {container} started {Stamp(p.ContainerStarts[container])}"));
        return new Finding(Id, Severity.Critical,
            $"restart pending: {Count(stale.Count)} of {kp.Source} ({string.Join(", ", stale.Select(p => p.Name))}) started before {kp.ConfigWhere} was last written, so {(stale.Count == 1 ? "it runs" : "they run")} the configuration as it was, not as it is",
            evidence,
            $"Restart kube-proxy so it reads the file again: 'arpdoctor fix' (it offers the restart alone), or 'kubectl rollout restart -n {ds.Namespace} daemonset {ds.Name}'.");
    }

    /// <summary>
    /// Without pods, whether they read the file since its last write is unknown, unless a restart after that write has rolled
    /// out completely: an <c>unknown</c> finding then, never silence (that would read as "the running pods have it").
    /// </summary>
    private static Finding? Unknown(KubeProxyDeployment kp)
    {
        if (kp.ConfigMap?.LastWrite is not { } written || kp.DaemonSet is not { } ds) return null;
        var restartedAfter = DateTimeOffset.TryParse(ds.RestartedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at >= written;
        var rolledOut = ds.ObservedGeneration >= ds.Generation && ds.UpdatedNumberScheduled == ds.DesiredNumberScheduled && ds.NumberAvailable == ds.DesiredNumberScheduled;
        if (restartedAfter && rolledOut) return null;
        return new Finding("restart-unknown", Severity.Warning,
            $"whether the pods of {kp.Source} read {kp.ConfigWhere} since its last write is unknown: pods may not be listed, and no restart after that write has rolled out",
            [$"{kp.ConfigWhere} last written {Stamp(written)} (its newest managedFields time)",
             ds.RestartedAt is { } r ? $"daemonset {ds.Namespace}/{ds.Name} template annotation kubectl.kubernetes.io/restartedAt: {r}" : $"daemonset {ds.Namespace}/{ds.Name} has no restartedAt annotation",
             "pods: may not be listed"],
            $"Compare each kube-proxy pod's start with that time ('kubectl get pods -n {ds.Namespace} -o custom-columns=NAME:.metadata.name,STARTED:.status.containerStatuses[0].state.running.startedAt'; it needs 'kubectl auth can-i list pods -n {ds.Namespace}'), or restart it: 'kubectl rollout restart -n {ds.Namespace} daemonset {ds.Name}'.")
        { Unknown = true };
    }

    private static string Count(int n) => n == 1 ? "1 pod" : $"{n} pods";

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
