using ArpDoctor.Core.Cluster;

namespace ArpDoctor.TestKit.Cluster;

/// <summary>
/// A stateful Kubernetes API behind the port <see cref="IClusterApi"/>, kept beside it as kube-proxy keeps
/// <c>FakeIPVS</c> beside its IPVS interface: objects are held by namespace and name, every write bumps the object's
/// resourceVersion and stamps its last write, a write based on a stale resourceVersion is
/// <see cref="WriteOutcome.Conflict"/>, and a read can be made forbidden or not found as a real server answers
/// (403/404 as <see cref="ClusterApiException"/> with its <see cref="ApiRefusal"/>; a forbidden pod list as <c>null</c>,
/// as the adapter turns it). Tests put objects in, run Core, and look at the objects again.
/// <see cref="Reads"/> names every call made, so a test can say which reads a verb needs.
/// </summary>
public sealed class InMemoryCluster(TimeProvider time) : IClusterApi
{
    private readonly object _lock = new();
    private readonly Dictionary<(string Ns, string Name), ConfigMapSnapshot> _configMaps = [];
    private readonly Dictionary<(string Ns, string Name), DaemonSetSnapshot> _daemonSets = [];
    private readonly Dictionary<string, ApiRefusal> _refused = new(StringComparer.Ordinal);
    private readonly List<string> _reads = [];
    private long _version = 1000;

    public InMemoryCluster() : this(new Fakes.ManualClock()) { }

    public string Server { get; init; } = "https://memory.example:6443";
    public string Context { get; init; } = "memory";

    public List<NodeSnapshot> Nodes { get; } = [];
    public List<PodSnapshot> Pods { get; } = [];
    public List<ServiceSnapshot> Services { get; } = [];
    public List<LeaseSnapshot> Leases { get; } = [];
    public List<ServiceL2StatusSnapshot> L2Statuses { get; } = [];
    public List<AnnouncementEvent> Events { get; } = [];
    public List<L2AdvertisementSnapshot> L2Advertisements { get; } = [];
    public List<string> BgpAdvertisements { get; } = [];

    /// <summary>MetalLB's CRDs (L2Advertisement, BGPAdvertisement) are installed; <c>false</c>: the lists read as <c>null</c>.</summary>
    public bool MetalLbCrds { get; set; } = true;

    /// <summary>OpenELB's Eips; <c>null</c>: its CRD is not installed.</summary>
    public List<(string Name, string Protocol)>? Eips { get; set; }

    /// <summary>
    /// Whether a restart rolls out at once (the DaemonSet's controller and kubelets done: observedGeneration caught up,
    /// every pod updated, available, and its containers started at the restart), or stays pending with no pod updated.
    /// </summary>
    public bool RolloutCompletes { get; set; } = true;

    /// <summary>Every call made, in order: <c>list pods</c>, <c>get configmap kube-system/kube-proxy</c>, <c>patch configmap kube-system/kube-proxy</c>.</summary>
    public IReadOnlyList<string> Reads
    {
        get { lock (_lock) return [.. _reads]; }
    }

    /// <summary>Forgets the calls made so far.</summary>
    public void ClearReads()
    {
        lock (_lock) _reads.Clear();
    }

    /// <summary>
    /// Makes a read refused: <paramref name="what"/> is a resource (<c>nodes</c>, <c>pods</c>, <c>leases</c>, <c>events</c>,
    /// <c>services</c>, <c>daemonsets</c>, <c>configmaps</c>, <c>metallb</c>, <c>servicel2statuses</c>, <c>eips</c>) or one
    /// object (<c>configmap kube-system/kubeadm-config</c>).
    /// </summary>
    public InMemoryCluster Refuse(string what, ApiRefusal how = ApiRefusal.Forbidden)
    {
        lock (_lock) _refused[what] = how;
        return this;
    }

    public InMemoryCluster Add(ConfigMapSnapshot cm)
    {
        lock (_lock) _configMaps[(cm.Namespace, cm.Name)] = cm with { ResourceVersion = NextVersion(), LastWrite = cm.LastWrite ?? time.GetUtcNow() };
        return this;
    }

    public InMemoryCluster Add(DaemonSetSnapshot ds)
    {
        lock (_lock) _daemonSets[(ds.Namespace, ds.Name)] = ds;
        return this;
    }

    public InMemoryCluster Add(NodeSnapshot node) { lock (_lock) Nodes.Add(node); return this; }
    public InMemoryCluster Add(PodSnapshot pod) { lock (_lock) Pods.Add(pod); return this; }
    public InMemoryCluster Add(ServiceSnapshot service) { lock (_lock) Services.Add(service); return this; }

    /// <summary>The ConfigMap as it is now; <c>null</c> when there is none. Not a call: <see cref="Reads"/> does not list it.</summary>
    public ConfigMapSnapshot? ConfigMap(string ns, string name)
    {
        lock (_lock) return _configMaps.GetValueOrDefault((ns, name));
    }

    /// <summary>The DaemonSet as it is now; <c>null</c> when there is none. Not a call.</summary>
    public DaemonSetSnapshot? DaemonSet(string ns, string name)
    {
        lock (_lock) return _daemonSets.GetValueOrDefault((ns, name));
    }

    /// <summary>Another writer's change, as a controller or a person would make it between our read and our write.</summary>
    public ConfigMapSnapshot WriteAsSomeoneElse(string ns, string name, string key, string value)
    {
        lock (_lock)
        {
            var cm = _configMaps[(ns, name)];
            var next = cm with { Data = new Dictionary<string, string>(cm.Data) { [key] = value }, ResourceVersion = NextVersion(), LastWrite = time.GetUtcNow() };
            _configMaps[(ns, name)] = next;
            return next;
        }
    }

    /// <summary>Deletes a ConfigMap, as another client would.</summary>
    public void Delete(string ns, string name)
    {
        lock (_lock) _configMaps.Remove((ns, name));
    }

    public Task<ConfigMapSnapshot?> GetConfigMapAsync(string ns, string name, CancellationToken ct) =>
        Answer($"get configmap {ns}/{name}", "configmaps", ns, name, () => _configMaps.GetValueOrDefault((ns, name)), absentIsNull: true);

    public Task<WriteOutcome> PatchConfigMapDataAsync(ConfigMapSnapshot basedOn, IReadOnlyDictionary<string, string> data, CancellationToken ct) =>
        Answer($"patch configmap {basedOn.Namespace}/{basedOn.Name}", "configmaps", basedOn.Namespace, basedOn.Name, () =>
        {
            if (!_configMaps.TryGetValue((basedOn.Namespace, basedOn.Name), out var now))
                throw new ClusterApiException($"patch configmap {basedOn.Namespace}/{basedOn.Name}: not found", refusal: ApiRefusal.NotFound);
            if (now.ResourceVersion != basedOn.ResourceVersion) return WriteOutcome.Conflict;
            // Only the keys that differ are sent, on top of what the server has.
            var merged = new Dictionary<string, string>(now.Data);
            foreach (var (k, v) in data) merged[k] = v;
            _configMaps[(now.Namespace, now.Name)] = now with { Data = merged, ResourceVersion = NextVersion(), LastWrite = time.GetUtcNow() };
            return WriteOutcome.Written;
        });

    public Task<DaemonSetSnapshot?> GetDaemonSetAsync(string ns, string name, CancellationToken ct) =>
        Answer($"get daemonset {ns}/{name}", "daemonsets", ns, name, () => _daemonSets.GetValueOrDefault((ns, name)), absentIsNull: true);

    public Task<IReadOnlyList<DaemonSetSnapshot>> ListDaemonSetsAsync(CancellationToken ct) =>
        Answer("list daemonsets", "daemonsets", null, null, () => (IReadOnlyList<DaemonSetSnapshot>)[.. _daemonSets.Values]);

    public Task RestartDaemonSetAsync(string ns, string name, DateTimeOffset at, CancellationToken ct) =>
        Answer($"patch daemonset {ns}/{name}", "daemonsets", ns, name, () =>
        {
            if (!_daemonSets.TryGetValue((ns, name), out var ds))
                throw new ClusterApiException($"patch daemonset {ns}/{name}: not found", refusal: ApiRefusal.NotFound);
            var stamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var restarted = ds with
            {
                TemplateAnnotations = new Dictionary<string, string>(ds.TemplateAnnotations) { ["kubectl.kubernetes.io/restartedAt"] = stamp },
                Generation = ds.Generation + 1,
            };
            if (RolloutCompletes)
            {
                restarted = restarted with
                {
                    ObservedGeneration = restarted.Generation,
                    UpdatedNumberScheduled = restarted.DesiredNumberScheduled,
                    NumberAvailable = restarted.DesiredNumberScheduled,
                };
                for (int i = 0; i < Pods.Count; i++)
                    if (Pods[i].OwnedBy(ds))
                        Pods[i] = Pods[i] with { ContainerStarts = Pods[i].ContainerStarts.ToDictionary(kv => kv.Key, _ => at) };
            }
            else
            {
                restarted = restarted with { UpdatedNumberScheduled = 0 };
            }
            _daemonSets[(ns, name)] = restarted;
            return true;
        });

    public Task<IReadOnlyList<NodeSnapshot>> ListNodesAsync(CancellationToken ct) =>
        Answer("list nodes", "nodes", null, null, () => (IReadOnlyList<NodeSnapshot>)[.. Nodes]);

    public Task<IReadOnlyList<PodSnapshot>?> ListPodsAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            _reads.Add("list pods");
            // The adapter turns a 403 on pods into null: kube-proxy's placement then comes from its DaemonSets.
            return Task.FromResult<IReadOnlyList<PodSnapshot>?>(RefusalOf("pods", null, null) is null ? [.. Pods] : null);
        }
    }

    public Task<IReadOnlyList<ServiceSnapshot>> ListLoadBalancerServicesAsync(CancellationToken ct) =>
        Answer("list services", "services", null, null, () => (IReadOnlyList<ServiceSnapshot>)[.. Services]);

    public Task<MetalLbResources> GetMetalLbResourcesAsync(string metalLbNamespace, string legacyConfigName, CancellationToken ct) =>
        Answer($"get metallb {metalLbNamespace}", "metallb", null, null, () => new MetalLbResources(
            MetalLbCrds ? [.. L2Advertisements.Where(a => a.Namespace == metalLbNamespace)] : null,
            MetalLbCrds ? [.. BgpAdvertisements] : null,
            _configMaps.GetValueOrDefault((metalLbNamespace, legacyConfigName))));

    public Task<IReadOnlyList<LeaseSnapshot>> ListLeasesAsync(CancellationToken ct) =>
        Answer("list leases", "leases", null, null, () => (IReadOnlyList<LeaseSnapshot>)[.. Leases]);

    public Task<IReadOnlyList<(string Name, string Protocol)>?> ListOpenElbEipsAsync(CancellationToken ct) =>
        Answer("list eips", "eips", null, null, () => Eips is null ? null : (IReadOnlyList<(string Name, string Protocol)>?)[.. Eips]);

    public Task<IReadOnlyList<ServiceL2StatusSnapshot>> ListServiceL2StatusesAsync(CancellationToken ct) =>
        Answer("list servicel2statuses", "servicel2statuses", null, null, () => (IReadOnlyList<ServiceL2StatusSnapshot>)[.. L2Statuses]);

    public Task<IReadOnlyList<AnnouncementEvent>> ListAnnouncementEventsAsync(CancellationToken ct) =>
        Answer("list events", "events", null, null, () => (IReadOnlyList<AnnouncementEvent>)[.. Events]);

    private Task<T> Answer<T>(string call, string resource, string? ns, string? name, Func<T> serve, bool absentIsNull = false)
    {
        lock (_lock)
        {
            _reads.Add(call);
            if (RefusalOf(resource, ns, name) is { } how)
            {
                // A 404 on a get is an absent object, which the port says with null.
                if (how == ApiRefusal.NotFound && absentIsNull) return Task.FromResult(default(T)!);
                var verb = call.Split(' ')[0];
                throw new ClusterApiException($"{call}: {(how == ApiRefusal.Forbidden ? "forbidden" : "not found")}", refusal: how,
                    permission: $"kubectl auth can-i {verb} {resource}{(ns is null ? "" : $" -n {ns}")}{(name is null ? "" : $" {name}")}");
            }
            return Task.FromResult(serve());
        }
    }

    private ApiRefusal? RefusalOf(string resource, string? ns, string? name)
    {
        var singular = resource.TrimEnd('s');
        if (ns is not null && _refused.TryGetValue($"{singular} {ns}/{name}", out var one)) return one;
        return _refused.TryGetValue(resource, out var all) ? all : null;
    }

    private string NextVersion() => (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
