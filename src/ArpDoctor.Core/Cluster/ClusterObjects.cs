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
}

/// <summary>One container of a pod template, with where its volumes are mounted.</summary>
public sealed record ContainerSnapshot(string Name, string Image, IReadOnlyList<string> Command, IReadOnlyList<string> Args, IReadOnlyList<VolumeMountSnapshot> VolumeMounts,
    IReadOnlyDictionary<string, string>? Env = null)
{
    /// <summary>A literal <c>env</c> value; <c>null</c> when unset or taken from elsewhere (valueFrom).</summary>
    public string? EnvValue(string name) => Env is not null && Env.TryGetValue(name, out var v) ? v : null;
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
    IReadOnlyList<VolumeSnapshot> Volumes);

/// <summary>A Node: name, InternalIP addresses, labels and annotations (platform markers), kubelet version, OS image, provider ID.</summary>
public sealed record NodeSnapshot(
    string Name,
    IReadOnlyList<Ipv4Address> InternalIps,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string KubeletVersion,
    string OsImage = "",
    string ProviderId = "");

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
    IReadOnlyList<string>? L2Advertisements,
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
