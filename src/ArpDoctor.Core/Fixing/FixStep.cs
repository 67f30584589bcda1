using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Platforms;

namespace ArpDoctor.Core.Fixing;

public enum FixStepKind
{
    /// <summary>The new file is in <see cref="FixStep.Edit"/>: back the ConfigMap up, write it, restart its kube-proxies.</summary>
    Edit,
    /// <summary>strictARP already has the wanted value.</summary>
    NothingToDo,
    /// <summary>kube-proxy is not in IPVS mode, or not installed: strictARP does nothing.</summary>
    NotApplicable,
    /// <summary>A platform would revert the patch (or there is no ConfigMap to patch): left to the platform; <c>--force</c> overrides where a patch is possible.</summary>
    Managed,
    /// <summary>The DaemonSet's <c>--ipvs-strict-arp</c> flag overrides the file, or the file is on a node: editing the ConfigMap would change nothing.</summary>
    FlagOverrides,
    /// <summary>config.conf is missing or cannot be edited safely.</summary>
    CannotEdit,
}

/// <summary>
/// What <c>fix</c> does to one object (a ConfigMap key, or kube-proxy where no ConfigMap decides), and why: the change
/// (<see cref="Edit"/>), the reason in words (<see cref="Message"/>), what to say before writing (<see cref="Warnings"/>),
/// and the DaemonSets to restart once it is written.
/// </summary>
/// <param name="Message">Why nothing is written, in one or two sentences; empty for an edit.</param>
/// <param name="Warnings">Said before writing (e.g. <c>--force</c> on a managed platform).</param>
public sealed record FixStep(FixStepKind Kind, string Message, StrictArpEdit? Edit, PlatformDetection Platform, IReadOnlyList<string> Warnings)
{
    /// <summary>The kube-proxy whose file this is; <c>null</c> when the API shows none (the step then only says why nothing is written).</summary>
    public KubeProxyDeployment? Target { get; init; }

    /// <summary>The object and nodes, as a heading when the plan has several steps: <c>daemonset kube-system/kube-proxy on n1, n2:</c>.</summary>
    public string Heading { get; init; } = "";

    /// <summary>The DaemonSets whose pods read this file, restarted once it is written.</summary>
    public IReadOnlyList<DaemonSetName> RestartAfterWrite { get; init; } = [];

    /// <summary>The ConfigMap written, each version backed up just before it is replaced.</summary>
    public ConfigMapSnapshot? ConfigMap => Kind == FixStepKind.Edit ? Target?.ConfigMap : null;

    /// <summary>What is left to the platform that manages kube-proxy: its durable fix, where a patch would not last.</summary>
    public string? LeftToPlatform => Kind == FixStepKind.Managed ? Platform.Info.Advice : null;

    /// <summary>The new data of <paramref name="current"/>, this step's new file text at its key.</summary>
    public IReadOnlyDictionary<string, string> DataFor(ConfigMapSnapshot current) =>
        new Dictionary<string, string>(current.Data) { [Target!.ConfigKey!] = Edit!.NewText };
}

/// <summary>A DaemonSet by namespace and name.</summary>
public sealed record DaemonSetName(string Namespace, string Name)
{
    /// <summary>kube-proxy's DaemonSet as kubeadm lays it out, assumed where only its ConfigMap was found.</summary>
    public static readonly DaemonSetName KubeadmKubeProxy = new(KubeProxyDeployment.Namespace, KubeProxyDeployment.Name);

    public static DaemonSetName Of(DaemonSetSnapshot ds) => new(ds.Namespace, ds.Name);

    public override string ToString() => $"{Namespace}/{Name}";
}
