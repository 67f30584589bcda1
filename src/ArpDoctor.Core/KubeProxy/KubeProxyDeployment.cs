using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.KubeProxy;

/// <summary>
/// kube-proxy as a DaemonSet runs it: the container's flags, and the ConfigMap key behind its <c>--config</c> file,
/// found by following the path through the container's volumeMounts to the volume (any ConfigMap name, any key).
/// </summary>
/// <param name="Source">Where kube-proxy was found, e.g. <c>daemonset kube-system/kube-proxy</c>.</param>
/// <param name="DaemonSet">The DaemonSet; <c>null</c> when only a ConfigMap was found.</param>
/// <param name="ConfigMap">The ConfigMap holding the file kube-proxy reads; <c>null</c> without <c>--config</c> or when it is not a ConfigMap.</param>
/// <param name="ConfigKey">The key of <see cref="ConfigMap"/> that is the file.</param>
/// <param name="Origin">How <c>--config</c> was followed to the ConfigMap key, or why it could not be; <c>null</c> without <c>--config</c>.</param>
public sealed record KubeProxyDeployment(
    string Source,
    DaemonSetSnapshot? DaemonSet,
    KubeProxyFlags Flags,
    ConfigMapSnapshot? ConfigMap,
    string? ConfigKey,
    string? Origin)
{
    public const string Namespace = "kube-system";
    public const string Name = "kube-proxy";
    /// <summary>kubeadm's key, also assumed when no DaemonSet says otherwise.</summary>
    public const string KubeadmKey = "config.conf";

    /// <summary>The file's text, when kube-proxy reads one that the API shows.</summary>
    public string? ConfigText => ConfigKey is null ? null : ConfigMap?.Get(ConfigKey);

    /// <summary>Where the file is, for messages: <c>configmap kube-system/kube-proxy key config.conf</c>.</summary>
    public string ConfigWhere => ConfigMap is null ? "(no ConfigMap)" : $"configmap {ConfigMap.Namespace}/{ConfigMap.Name} key {ConfigKey}";

    /// <summary>
    /// Finds kube-proxy among <paramref name="daemonSets"/> (<c>kube-system/kube-proxy</c>, else any DaemonSet whose
    /// container runs kube-proxy) and reads the ConfigMap its <c>--config</c> names. Without a DaemonSet,
    /// <c>kube-system/kube-proxy</c>'s <c>config.conf</c> is taken as kubeadm lays it out. <c>null</c> when neither exists.
    /// </summary>
    public static async Task<KubeProxyDeployment?> ReadAsync(IClusterApi api, IReadOnlyList<DaemonSetSnapshot> daemonSets, CancellationToken ct)
    {
        var ds = Find(daemonSets);
        if (ds is null)
        {
            var cm = await api.GetConfigMapAsync(Namespace, Name, ct).ConfigureAwait(false);
            return cm is null ? null : new KubeProxyDeployment($"configmap {Namespace}/{Name} (no kube-proxy DaemonSet)", null, KubeProxyFlags.None, cm,
                KubeadmKey, $"no kube-proxy DaemonSet; assumed to read {KubeadmKey} as kubeadm lays it out");
        }
        var container = Container(ds)!;
        var flags = KubeProxyFlags.Parse(container.Command.Concat(container.Args));
        var source = $"daemonset {ds.Namespace}/{ds.Name}";
        if (flags.ConfigPath is not { } path) return new KubeProxyDeployment(source, ds, flags, null, null, null);

        var origin = ConfigFileLocator.Locate(container, ds.Volumes, path);
        foreach (var candidate in origin.Candidates)
        {
            var cm = await api.GetConfigMapAsync(ds.Namespace, candidate.ConfigMapName, ct).ConfigureAwait(false);
            if (cm?.Get(candidate.Key) is not null)
                return new KubeProxyDeployment(source, ds, flags, cm, candidate.Key, $"--config={path}: {origin.Description}: configmap {ds.Namespace}/{cm.Name} key {candidate.Key}");
        }
        var missing = origin.Candidates.Count == 0 ? origin.Description
            : $"{origin.Description}: {string.Join(", ", origin.Candidates.Select(c => $"configmap {ds.Namespace}/{c.ConfigMapName} key {c.Key}"))} not found";
        return new KubeProxyDeployment(source, ds, flags, null, null, $"--config={path}: {missing}");
    }

    /// <summary>The kube-proxy DaemonSet: <c>kube-system/kube-proxy</c>, else one whose container runs kube-proxy (kube-system first).</summary>
    public static DaemonSetSnapshot? Find(IReadOnlyList<DaemonSetSnapshot> daemonSets) =>
        daemonSets.FirstOrDefault(d => d.Namespace == Namespace && d.Name == Name && Container(d) is not null)
        ?? daemonSets.OrderBy(d => d.Namespace == Namespace ? 0 : 1).FirstOrDefault(d => d.Containers.Any(RunsKubeProxy));

    /// <summary>The container that runs kube-proxy: by command or image, else by name, else the only one.</summary>
    public static ContainerSnapshot? Container(DaemonSetSnapshot ds) =>
        ds.Containers.FirstOrDefault(RunsKubeProxy) ?? ds.Containers.FirstOrDefault(c => c.Name == Name) ?? (ds.Containers.Count == 1 ? ds.Containers[0] : null);

    private static bool RunsKubeProxy(ContainerSnapshot c) =>
        c.Command.FirstOrDefault() is { } exe && (exe == "kube-proxy" || exe.EndsWith("/kube-proxy", StringComparison.Ordinal))
        || ImageName(c.Image) is "kube-proxy" or "kube-proxy-amd64" or "hyperkube";

    private static string ImageName(string image)
    {
        var path = image.Split('@')[0];
        var slash = path.LastIndexOf('/');
        var name = path[(slash + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? name : name[..colon];
    }
}
