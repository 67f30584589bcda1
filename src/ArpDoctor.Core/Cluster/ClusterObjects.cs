using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Cluster;

/// <summary>A ConfigMap as read, with the resourceVersion a write must carry.</summary>
public sealed record ConfigMapSnapshot(
    string Namespace,
    string Name,
    string ResourceVersion,
    IReadOnlyDictionary<string, string> Data,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    public string? Get(string key) => Data.TryGetValue(key, out var v) ? v : null;

    /// <summary>The object's uid: a backup records it, so a rollback can tell this object from another of the same name.</summary>
    public string Uid { get; init; } = "";

    /// <summary>
    /// When the ConfigMap was last written: the newest <c>metadata.managedFields[].time</c> (the server stamps the
    /// writing manager's entry on every write that changes its fields); <c>null</c> when the server gave none.
    /// </summary>
    public DateTimeOffset? LastWrite { get; init; }
}

/// <summary>One container of a pod template, with where its volumes are mounted.</summary>
/// <param name="EnvNames">Every <c>env</c> name, also those set from elsewhere (valueFrom), which <paramref name="Env"/> leaves out.</param>
public sealed record ContainerSnapshot(string Name, string Image, IReadOnlyList<string> Command, IReadOnlyList<string> Args, IReadOnlyList<VolumeMountSnapshot> VolumeMounts,
    IReadOnlyDictionary<string, string>? Env = null, IReadOnlyList<string>? EnvNames = null)
{
    /// <summary>A literal <c>env</c> value; <c>null</c> when unset or taken from elsewhere (valueFrom).</summary>
    public string? EnvValue(string name) => Env is not null && Env.TryGetValue(name, out var v) ? v : null;

    /// <summary>Whether the container sets <paramref name="name"/> at all, literally or from elsewhere.</summary>
    public bool HasEnv(string name) => (Env?.ContainsKey(name) ?? false) || (EnvNames?.Contains(name) ?? false);

    /// <summary>The command and its arguments, as the container runs them.</summary>
    public IEnumerable<string> CommandLine => Command.Concat(Args);
}

/// <summary>A container's <c>volumeMounts</c> entry.</summary>
public sealed record VolumeMountSnapshot(string Name, string MountPath, string? SubPath);

/// <summary>A pod volume as far as a file's origin needs it: the ConfigMaps it projects (a <c>configMap</c> volume is one), or a host path.</summary>
public sealed record VolumeSnapshot(string Name, IReadOnlyList<ConfigMapProjection> ConfigMaps, string? HostPath);

/// <summary>A ConfigMap in a volume; with <paramref name="Items"/> only those keys appear, each at its path.</summary>
public sealed record ConfigMapProjection(string Name, IReadOnlyList<KeyToPath> Items);

public sealed record KeyToPath(string Key, string Path);

/// <summary>A DaemonSet: what identifies it, its pod template's containers and volumes, and its rollout state.</summary>
public sealed record DaemonSetSnapshot(
    string Namespace,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, string> TemplateAnnotations,
    IReadOnlyList<ContainerSnapshot> Containers,
    long Generation,
    long ObservedGeneration,
    int DesiredNumberScheduled,
    int UpdatedNumberScheduled,
    int NumberAvailable,
    IReadOnlyList<VolumeSnapshot> Volumes)
{
    /// <summary>Where the pod template may be scheduled: nodeSelector, required node affinity, tolerations.</summary>
    public PodPlacement Placement { get; init; } = PodPlacement.Anywhere;

    /// <summary>The pod template's <c>kubectl.kubernetes.io/restartedAt</c>, as <c>kubectl rollout restart</c> sets it.</summary>
    public string? RestartedAt => TemplateAnnotations.TryGetValue("kubectl.kubernetes.io/restartedAt", out var v) ? v : null;
}

/// <summary>A pod spec's scheduling constraints, as far as ArpDoctor weighs them against nodes.</summary>
/// <param name="NodeSelector"><c>spec.nodeSelector</c>: every label must match.</param>
/// <param name="RequiredNodeTerms">
/// <c>requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms</c>: any one term matches when all its
/// <c>matchExpressions</c> do (empty: no constraint).
/// </param>
/// <param name="Tolerations">The pod's tolerations.</param>
public sealed record PodPlacement(
    IReadOnlyDictionary<string, string> NodeSelector,
    IReadOnlyList<IReadOnlyList<NodeSelectorRequirement>> RequiredNodeTerms,
    IReadOnlyList<Toleration> Tolerations)
{
    public static readonly PodPlacement Anywhere = new(new Dictionary<string, string>(), [], []);
}

/// <summary>One <c>matchExpressions</c> entry: <c>In</c>, <c>NotIn</c>, <c>Exists</c>, <c>DoesNotExist</c>, <c>Gt</c>, <c>Lt</c>.</summary>
public sealed record NodeSelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values);

/// <summary>A pod toleration; <c>null</c> key with <c>Exists</c> tolerates every taint.</summary>
public sealed record Toleration(string? Key, string Operator, string? Value, string? Effect);

/// <summary>A node taint.</summary>
public sealed record Taint(string Key, string? Value, string Effect);

/// <summary>
/// A Pod, as far as kube-proxy's and the announcers' placement and age need it: where it runs, who owns it (a
/// DaemonSet, or a Node for a static pod's mirror), its containers, and when each container last started.
/// </summary>
/// <param name="OwnerKind">The controller ownerReference's kind (<c>DaemonSet</c>; <c>Node</c> for a mirror pod); <c>null</c> without one.</param>
/// <param name="ContainerStarts">Each container's <c>state.running.startedAt</c>; absent when it is not running.</param>
public sealed record PodSnapshot(
    string Namespace,
    string Name,
    string NodeName,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string? OwnerKind,
    string? OwnerName,
    IReadOnlyList<ContainerSnapshot> Containers,
    IReadOnlyList<VolumeSnapshot> Volumes,
    IReadOnlyDictionary<string, DateTimeOffset> ContainerStarts,
    string Phase)
{
    /// <summary>A static pod's mirror: the kubelet runs it from a file on the node, and the API shows a copy.</summary>
    public bool IsMirror => Annotations.ContainsKey("kubernetes.io/config.mirror");

    public bool OwnedBy(DaemonSetSnapshot ds) => OwnerKind == "DaemonSet" && OwnerName == ds.Name && Namespace == ds.Namespace;
}

/// <summary>A Node: name, InternalIP addresses, labels and annotations (platform markers), kubelet version, OS image, provider ID.</summary>
public sealed record NodeSnapshot(
    string Name,
    IReadOnlyList<Ipv4Address> InternalIps,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string KubeletVersion,
    string OsImage = "",
    string ProviderId = "")
{
    /// <summary>The node's taints.</summary>
    public IReadOnlyList<Taint> Taints { get; init; } = [];

    /// <summary>
    /// The <c>Ready</c> condition as the node status has it: <c>True</c>, <c>False</c>, <c>Unknown</c> (the kubelet stopped
    /// reporting); <c>null</c> when the status has no such condition.
    /// </summary>
    public string? Ready { get; init; }

    /// <summary>The <c>kubernetes.io/os</c> label (<c>linux</c>, <c>windows</c>); <c>linux</c> when unlabelled, as before Kubernetes labelled nodes.</summary>
    public string Os => Labels.TryGetValue("kubernetes.io/os", out var os) ? os : Labels.TryGetValue("beta.kubernetes.io/os", out var beta) ? beta : "linux";
}

/// <summary>A Service of type LoadBalancer and the IPv4 VIPs in its status; annotations say which announcer some use.</summary>
public sealed record ServiceSnapshot(string Namespace, string Name, IReadOnlyList<string> Vips, IReadOnlyDictionary<string, string>? Annotations = null,
    string? Uid = null, string? ResourceVersion = null)
{
    public string? Annotation(string key) => Annotations is not null && Annotations.TryGetValue(key, out var v) ? v : null;
}

/// <summary>A coordination.k8s.io Lease: who holds it (announcers record their elected node in one).</summary>
public sealed record LeaseSnapshot(string Namespace, string Name, string? Holder);

/// <summary>MetalLB's <c>ServiceL2Status</c>: which node announces a Service (MetalLB ≥ 0.14.6).</summary>
public sealed record ServiceL2StatusSnapshot(string ServiceNamespace, string ServiceName, string Node, DateTimeOffset Created);

/// <summary>A MetalLB <c>nodeAssigned</c> event: "announcing from node X with protocol layer2".</summary>
public sealed record AnnouncementEvent(string ServiceNamespace, string ServiceName, string Node, string Protocol, DateTimeOffset Time);

/// <summary>The MetalLB resources that say which protocol is in use; <c>null</c> lists mean the CRD is not installed.</summary>
public sealed record MetalLbResources(
    IReadOnlyList<L2AdvertisementSnapshot>? L2Advertisements,
    IReadOnlyList<string>? BgpAdvertisements,
    ConfigMapSnapshot? LegacyConfig)
{
    /// <summary>The resources could not be read (403): which protocol MetalLB uses is not known.</summary>
    public bool Unread { get; init; }

    public static readonly MetalLbResources NotRead = new(null, null, null) { Unread = true };
}

/// <summary>The outcome of a write that carries a resourceVersion.</summary>
public enum WriteOutcome
{
    Written,
    /// <summary>409: someone wrote since we read; re-read and recompute.</summary>
    Conflict,
}

/// <summary>
/// A Kubernetes label selector (<c>metav1.LabelSelector</c>): every <c>matchLabels</c> pair and every
/// <c>matchExpressions</c> entry (<c>In</c>, <c>NotIn</c>, <c>Exists</c>, <c>DoesNotExist</c>) must hold; an empty one matches everything.
/// </summary>
public sealed record LabelSelector(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<NodeSelectorRequirement> MatchExpressions)
{
    /// <summary><c>kubernetes.io/hostname=n2, zone In (a, b)</c>; <c>{}</c> for the empty selector.</summary>
    public override string ToString()
    {
        var parts = MatchLabels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")
            .Concat(MatchExpressions.Select(r => r.Values.Count == 0 ? $"{r.Key} {r.Operator}" : $"{r.Key} {r.Operator} ({string.Join(", ", r.Values)})"))
            .ToList();
        return parts.Count == 0 ? "{}" : string.Join(", ", parts);
    }
}

/// <summary>
/// A MetalLB <c>L2Advertisement</c> (metallb.io/v1beta1): it announces from the nodes any of its <c>spec.nodeSelectors</c>
/// matches, or from every node when it has none (metallb internal/config/config.go <c>selectedNodes</c>).
/// </summary>
public sealed record L2AdvertisementSnapshot(string Namespace, string Name, IReadOnlyList<LabelSelector> NodeSelectors)
{
    public string Id => $"{Namespace}/{Name}";
}
