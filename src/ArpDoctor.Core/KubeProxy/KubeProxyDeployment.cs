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

    /// <summary>A static pod's mirror that runs kube-proxy (<c>kube-proxy-NODE</c>); <c>null</c> for a DaemonSet or a ConfigMap alone.</summary>
    public PodSnapshot? MirrorPod { get; init; }

    /// <summary>The running pods of this kube-proxy (the DaemonSet's, or the mirror pod itself); empty when the API showed none.</summary>
    public IReadOnlyList<PodSnapshot> Pods { get; init; } = [];

    /// <summary>The nodes this kube-proxy runs on, by name; see <see cref="NodesFrom"/> for how they were found.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>How <see cref="Nodes"/> was found, for evidence: its pods, or its placement against the nodes.</summary>
    public string NodesFrom { get; init; } = "";

    /// <summary>
    /// Only a ConfigMap, and the API shows no kube-proxy running anywhere (no DaemonSet, no pod): a leftover, e.g. after
    /// Cilium replaced kube-proxy. <c>false</c> when pods could not be listed (then nobody can say).
    /// </summary>
    public bool Unused { get; init; }

    /// <summary>A kube-proxy whose every node runs Windows: it has no kube-ipvs0, and ARP for VIPs on Linux nodes does not depend on it.</summary>
    public bool WindowsOnly { get; init; }

    /// <summary>
    /// Every kube-proxy the API shows: each DaemonSet whose container runs kube-proxy (any namespace, any name;
    /// <c>kube-system/kube-proxy</c> first), each static pod's mirror that runs it, and — when neither exists —
    /// <c>kube-system/kube-proxy</c>'s <c>config.conf</c> as kubeadm lays it out (marked <see cref="Unused"/> when the
    /// pods show no kube-proxy running). Empty when there is none of these.
    /// </summary>
    /// <param name="pods">Every pod; <c>null</c> when they could not be listed (nodes then come from placement alone).</param>
    public static async Task<IReadOnlyList<KubeProxyDeployment>> ReadAllAsync(IClusterApi api, IReadOnlyList<DaemonSetSnapshot> daemonSets,
        IReadOnlyList<PodSnapshot>? pods, IReadOnlyList<NodeSnapshot> nodes, CancellationToken ct)
    {
        var found = new List<KubeProxyDeployment>();
        var windows = nodes.Where(n => n.Os == "windows").Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var ds in All(daemonSets))
        {
            var read = await ReadAsync(api, ds, ct).ConfigureAwait(false);
            var own = (pods ?? []).Where(p => p.OwnedBy(ds) && p.NodeName.Length > 0).OrderBy(p => p.NodeName, StringComparer.Ordinal).ToList();
            // Where its pods run; else where the scheduler may put them (an approximation: see Scheduling).
            var covered = own.Count > 0
                ? own.Select(p => p.NodeName).Distinct().ToList()
                : nodes.Where(n => Scheduling.Fits(ds.Placement, n)).Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
            var from = own.Count > 0 ? "by its pods"
                : pods is null ? "by its nodeSelector, node affinity and tolerations; pods may not be listed"
                : "by its nodeSelector, node affinity and tolerations; no pod of it is shown";
            found.Add(read with
            {
                Pods = own, Nodes = covered, NodesFrom = from,
                WindowsOnly = covered.Count > 0 ? covered.All(windows.Contains) : ds.Placement.NodeSelector.TryGetValue("kubernetes.io/os", out var os) && os == "windows",
            });
        }
        foreach (var pod in (pods ?? []).Where(p => p.IsMirror && p.Containers.Any(RunsKubeProxy)).OrderBy(p => p.NodeName, StringComparer.Ordinal))
        {
            var container = pod.Containers.First(RunsKubeProxy);
            var flags = KubeProxyFlags.Parse(container.Command.Concat(container.Args));
            var source = $"static pod {pod.Namespace}/{pod.Name} on node {pod.NodeName}";
            // A static pod cannot mount a ConfigMap: its --config file is on the node (hostPath) or in the image.
            var origin = flags.ConfigPath is { } path ? $"--config={path}: {ConfigFileLocator.Locate(container, pod.Volumes, path).Description}" : null;
            found.Add(new KubeProxyDeployment(source, null, flags, null, null, origin)
            {
                MirrorPod = pod, Pods = [pod], Nodes = [pod.NodeName], NodesFrom = "the node whose kubelet runs the static pod",
                WindowsOnly = windows.Contains(pod.NodeName),
            });
        }
        if (found.Count > 0) return found;
        var cm = await api.GetConfigMapAsync(Namespace, Name, ct).ConfigureAwait(false);
        if (cm is null) return [];
        var running = pods?.Any(p => p.Containers.Any(RunsKubeProxy)) ?? true;
        return [new KubeProxyDeployment($"configmap {Namespace}/{Name} (no kube-proxy DaemonSet)", null, KubeProxyFlags.None, cm,
            KubeadmKey, $"no kube-proxy DaemonSet; assumed to read {KubeadmKey} as kubeadm lays it out")
        {
            Unused = !running,
            NodesFrom = pods is null ? "no DaemonSet runs kube-proxy, and pods may not be listed" : running ? "pods run kube-proxy, but no DaemonSet owns them" : "no DaemonSet and no pod runs kube-proxy",
        }];
    }

    /// <summary>The first of <see cref="ReadAllAsync"/>'s DaemonSets (or its ConfigMap alone); <c>null</c> when there is neither.</summary>
    public static async Task<KubeProxyDeployment?> ReadAsync(IClusterApi api, IReadOnlyList<DaemonSetSnapshot> daemonSets, CancellationToken ct) =>
        (await ReadAllAsync(api, daemonSets, null, [], ct).ConfigureAwait(false)).FirstOrDefault(k => k.MirrorPod is null);

    /// <summary>One DaemonSet that runs kube-proxy: its flags and the ConfigMap key behind its <c>--config</c>.</summary>
    private static async Task<KubeProxyDeployment> ReadAsync(IClusterApi api, DaemonSetSnapshot ds, CancellationToken ct)
    {
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

    /// <summary>Every DaemonSet that runs kube-proxy: <c>kube-system/kube-proxy</c> first, then by namespace and name.</summary>
    public static IReadOnlyList<DaemonSetSnapshot> All(IReadOnlyList<DaemonSetSnapshot> daemonSets) =>
        daemonSets.Where(d => d.Containers.Any(RunsKubeProxy) || (d.Namespace == Namespace && d.Name == Name && Container(d) is not null))
            .OrderBy(d => d.Namespace == Namespace && d.Name == Name ? 0 : 1)
            .ThenBy(d => d.Namespace, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The container that runs kube-proxy: by command or image, else by name, else the only one.</summary>
    public static ContainerSnapshot? Container(DaemonSetSnapshot ds) =>
        ds.Containers.FirstOrDefault(RunsKubeProxy) ?? ds.Containers.FirstOrDefault(c => c.Name == Name) ?? (ds.Containers.Count == 1 ? ds.Containers[0] : null);

    private static bool RunsKubeProxy(ContainerSnapshot c) =>
        IsKubeProxy(c.Command.FirstOrDefault()) || IsKubeProxy(ShellScriptProgram(c))
        || ImageName(c.Image) is "kube-proxy" or "kube-proxy-amd64" or "hyperkube";

    private static bool IsKubeProxy(string? exe) => exe is not null && (exe == "kube-proxy" || exe.EndsWith("/kube-proxy", StringComparison.Ordinal));

    /// <summary>The program a <c>sh -c "exec kube-proxy …"</c> wrapper runs (kube-up's static pod does this).</summary>
    private static string? ShellScriptProgram(ContainerSnapshot c)
    {
        var words = c.Command.Concat(c.Args).ToList();
        var dashC = words.IndexOf("-c");
        if (dashC < 1 || dashC + 1 >= words.Count || !words[0].EndsWith("sh", StringComparison.Ordinal)) return null;
        var script = words[dashC + 1].Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return script.FirstOrDefault(w => w != "exec");
    }

    private static string ImageName(string image)
    {
        var path = image.Split('@')[0];
        var slash = path.LastIndexOf('/');
        var name = path[(slash + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? name : name[..colon];
    }
}
