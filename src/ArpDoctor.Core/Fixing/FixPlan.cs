using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Platforms;

namespace ArpDoctor.Core.Fixing;

public enum FixStopKind
{
    /// <summary>Who manages kube-proxy could not be read: a write could be undone by whoever does.</summary>
    PlatformUnread,
    /// <summary>kube-proxy runs as a host service (k8s-snap) with arguments the API cannot change.</summary>
    HostService,
}

/// <summary>Why <c>fix</c> does nothing at all, before any step.</summary>
public sealed record FixStop(FixStopKind Kind, string Message);

/// <summary>
/// A restart that is due without any write: pods of <see cref="DaemonSet"/> started before <see cref="ConfigWhere"/> was
/// last written, so they run the file as it was.
/// </summary>
public sealed record RestartStep(DaemonSetName DaemonSet, IReadOnlyList<PodSnapshot> StalePods, string ConfigWhere);

/// <summary>
/// Everything one <c>fix</c> run will do, computed from what was read and nothing else: either a <see cref="Stop"/>,
/// or a step per object (kube-proxies that read one ConfigMap key share one), then the restarts that are pending
/// without a write. The Cli executes and renders it; Core never calls back.
/// </summary>
public sealed record FixPlan(PlatformDetection Platform, FixStop? Stop, IReadOnlyList<FixStep> Steps, IReadOnlyList<RestartStep> PendingRestarts)
{
    /// <summary>Steps are headed by their object when there are several.</summary>
    public bool Headed => Steps.Count > 1;
}
