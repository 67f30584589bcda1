using System.Net;
using System.Text.Json;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Packets;
using k8s;
using k8s.Models;

namespace ArpDoctor.Kubernetes;

/// <summary>The <see cref="IClusterApi"/> adapter over the official client: typed CoreV1/AppsV1, CustomObjects for MetalLB.</summary>
public sealed class KubernetesCluster(IKubernetes client, string server, TimeSpan? requestTimeout = null) : IClusterApi
{
    public const string MetalLbGroup = "metallb.io";
    public const string MetalLbVersion = "v1beta1";
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

    /// <summary>The name ArpDoctor's writes carry in managedFields.</summary>
    public const string FieldManager = "arpdoctor";

    public string Server { get; } = server;

    public string Context { get; init; } = "";

    /// <summary>Named in "did not answer in time" messages.</summary>
    private string Timeout => requestTimeout is { } t && t != System.Threading.Timeout.InfiniteTimeSpan ? $" (--request-timeout {Core.Text.Durations.Format(t)})" : "";

    internal IKubernetes Client => client;

    public Task<ConfigMapSnapshot?> GetConfigMapAsync(string ns, string name, CancellationToken ct) =>
        GetOrNull($"get configmap {ns}/{name}", Permissions.CanI("get", "configmaps", ns, name), ct, async () => ToSnapshot(await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct).ConfigureAwait(false)));

    public async Task<WriteOutcome> PatchConfigMapDataAsync(ConfigMapSnapshot basedOn, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var call = $"update configmap {basedOn.Namespace}/{basedOn.Name}";
        // Only what changes is sent, as a JSON merge patch carrying the resourceVersion the new data was computed from
        // (a precondition: the server answers 409 when the object changed since). The object is never round-tripped
        // through the client's serializer, which cannot write what a real server returns (managedFields' fieldsV1),
        // and fields ArpDoctor does not model (binaryData, ownerReferences, other managers' annotations) stay as they are.
        var patch = ConfigMapPatch.MergePatch(basedOn, data);
        try
        {
            await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), basedOn.Name, basedOn.Namespace,
                fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false);
            return WriteOutcome.Written;
        }
        catch (Exception e) when (ApiErrors.IsStatus(e, HttpStatusCode.Conflict))
        {
            return WriteOutcome.Conflict;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe(call, Server, e, Timeout, Permissions.CanI("patch", "configmaps", basedOn.Namespace, basedOn.Name));
        }
    }

    public Task<DaemonSetSnapshot?> GetDaemonSetAsync(string ns, string name, CancellationToken ct) =>
        GetOrNull($"get daemonset {ns}/{name}", Permissions.CanI("get", "daemonsets.apps", ns, name), ct, async () => ToSnapshot(await client.AppsV1.ReadNamespacedDaemonSetAsync(name, ns, cancellationToken: ct).ConfigureAwait(false)));

    public Task<IReadOnlyList<DaemonSetSnapshot>> ListDaemonSetsAsync(CancellationToken ct) =>
        Call("list daemonsets in all namespaces", Permissions.CanI("list", "daemonsets.apps"), ct, async () =>
            (IReadOnlyList<DaemonSetSnapshot>)(await client.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false)).Items.Select(ToSnapshot).ToList());

    public Task RestartDaemonSetAsync(string ns, string name, DateTimeOffset at, CancellationToken ct) =>
        Call($"patch daemonset {ns}/{name}", Permissions.CanI("patch", "daemonsets.apps", ns, name), ct, async () =>
        {
            // Strategic merge of one annotation, as kubectl rollout restart does: the template's other annotations stay.
            // Built as a JSON tree, not an anonymous type: reflection-free, so it survives native AOT.
            var patch = new System.Text.Json.Nodes.JsonObject
            {
                ["spec"] = new System.Text.Json.Nodes.JsonObject { ["template"] = new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["annotations"] = new System.Text.Json.Nodes.JsonObject
                    {
                        [RestartedAtAnnotation] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                    },
                } } },
            };
            await client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch), name, ns,
                fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false);
            return true;
        });

    public Task<IReadOnlyList<NodeSnapshot>> ListNodesAsync(CancellationToken ct) =>
        Call("list nodes", Permissions.CanI("list", "nodes", clusterScoped: true), ct, async () => (IReadOnlyList<NodeSnapshot>)(await client.CoreV1.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false)).Items.Select(ToSnapshot).ToList());

    public async Task<IReadOnlyList<PodSnapshot>?> ListPodsAsync(CancellationToken ct)
    {
        try
        {
            var pods = await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false);
            return pods.Items.Select(ToSnapshot).ToList();
        }
        catch (Exception e) when (ApiErrors.IsStatus(e, HttpStatusCode.Forbidden))
        {
            // Without pods, kube-proxy's placement comes from its DaemonSets and whether pods run an old config is unknown.
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe("list pods in all namespaces", Server, e, Timeout, Permissions.CanI("list", "pods"));
        }
    }

    public Task<IReadOnlyList<ServiceSnapshot>> ListLoadBalancerServicesAsync(CancellationToken ct) =>
        Call("list services in all namespaces", Permissions.CanI("list", "services"), ct, async () =>
            (IReadOnlyList<ServiceSnapshot>)(await client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false)).Items
                .Where(s => s.Spec?.Type == "LoadBalancer")
                .Select(s => new ServiceSnapshot(s.Metadata.NamespaceProperty ?? "", s.Metadata.Name,
                    (s.Status?.LoadBalancer?.Ingress ?? []).Select(i => i.Ip).Where(ip => ip is not null && VipAddresses.TryParse(ip, out _)).Select(ip => ip!).ToList(),
                    Map(s.Metadata.Annotations)))
                .ToList());

    public async Task<MetalLbResources> GetMetalLbResourcesAsync(string metalLbNamespace, string legacyConfigName, CancellationToken ct)
    {
        var l2 = (await ListCustomAsync(MetalLbGroup, MetalLbVersion, "l2advertisements", ct).ConfigureAwait(false))?.Select(L2Advertisement).ToList();
        var bgp = await ListCustomNamesAsync("bgpadvertisements", ct).ConfigureAwait(false);
        var legacy = await GetConfigMapAsync(metalLbNamespace, legacyConfigName, ct).ConfigureAwait(false);
        return new MetalLbResources(l2, bgp, legacy?.Get("config") is null ? null : legacy);
    }

    public Task<IReadOnlyList<LeaseSnapshot>> ListLeasesAsync(CancellationToken ct) =>
        Call("list leases in all namespaces", Permissions.CanI("list", "leases.coordination.k8s.io"), ct, async () =>
            (IReadOnlyList<LeaseSnapshot>)(await client.CoordinationV1.ListLeaseForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false)).Items
                .Select(l => new LeaseSnapshot(l.Metadata.NamespaceProperty ?? "", l.Metadata.Name, l.Spec?.HolderIdentity)).ToList());

    public async Task<IReadOnlyList<(string Name, string Protocol)>?> ListOpenElbEipsAsync(CancellationToken ct)
    {
        var items = await ListCustomAsync("network.kubesphere.io", "v1alpha2", "eips", ct).ConfigureAwait(false);
        return items?.Select(i => (Str(i.GetProperty("metadata"), "name") ?? "", (i.TryGetProperty("spec", out var spec) ? Str(spec, "protocol") : null) ?? "bgp")).ToList();
    }

    public async Task<IReadOnlyList<ServiceL2StatusSnapshot>> ListServiceL2StatusesAsync(CancellationToken ct)
    {
        var items = await ListCustomAsync(MetalLbGroup, MetalLbVersion, "servicel2statuses", ct).ConfigureAwait(false);
        if (items is null) return [];
        var result = new List<ServiceL2StatusSnapshot>();
        foreach (var item in items)
        {
            var status = item.TryGetProperty("status", out var s) ? s : default;
            var node = Str(status, "node");
            var svcName = Str(status, "serviceName");
            var svcNs = Str(status, "serviceNamespace");
            var meta = item.GetProperty("metadata");
            // Older statuses carry the Service only in labels.
            if (meta.TryGetProperty("labels", out var labels))
            {
                svcName ??= Str(labels, "metallb.io/service-name");
                svcNs ??= Str(labels, "metallb.io/service-namespace");
            }
            var created = DateTimeOffset.TryParse(Str(meta, "creationTimestamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var c) ? c : DateTimeOffset.MinValue;
            if (node is not null && svcName is not null)
                result.Add(new ServiceL2StatusSnapshot(svcNs ?? Str(meta, "namespace") ?? "", svcName, node, created));
        }
        return result;
    }

    public Task<IReadOnlyList<AnnouncementEvent>> ListAnnouncementEventsAsync(CancellationToken ct) =>
        Call("list events in all namespaces", Permissions.CanI("list", "events"), ct, async () =>
        {
            var events = await client.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: "reason=nodeAssigned", cancellationToken: ct).ConfigureAwait(false);
            var result = new List<AnnouncementEvent>();
            foreach (var e in events.Items)
            {
                if (e.Reason != "nodeAssigned" || e.InvolvedObject?.Kind != "Service") continue;
                if (!MetalLbFacts.TryParseAnnouncement(e.Message ?? "", out var node, out var protocol)) continue;
                var time = e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp ?? DateTime.MinValue;
                result.Add(new AnnouncementEvent(e.InvolvedObject.NamespaceProperty ?? "", e.InvolvedObject.Name, node, protocol,
                    new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc))));
            }
            return (IReadOnlyList<AnnouncementEvent>)result;
        });

    /// <summary>An L2Advertisement's name and <c>spec.nodeSelectors</c> (metallb api/v1beta1/l2advertisement_types.go: []metav1.LabelSelector).</summary>
    private static L2AdvertisementSnapshot L2Advertisement(JsonElement item)
    {
        var meta = item.GetProperty("metadata");
        var selectors = new List<LabelSelector>();
        if (item.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
            && spec.TryGetProperty("nodeSelectors", out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var s in list.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
                selectors.Add(new LabelSelector(
                    s.TryGetProperty("matchLabels", out var labels) && labels.ValueKind == JsonValueKind.Object
                        ? labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.ToString(), StringComparer.Ordinal)
                        : new Dictionary<string, string>(StringComparer.Ordinal),
                    s.TryGetProperty("matchExpressions", out var exprs) && exprs.ValueKind == JsonValueKind.Array
                        ? exprs.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => new NodeSelectorRequirement(
                            Str(e, "key") ?? "", Str(e, "operator") ?? "",
                            e.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Array
                                ? v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.ToString()).ToList()
                                : [])).ToList()
                        : []));
        return new L2AdvertisementSnapshot(Str(meta, "namespace") ?? "", Str(meta, "name") ?? "", selectors);
    }

    private async Task<IReadOnlyList<string>?> ListCustomNamesAsync(string plural, CancellationToken ct) =>
        (await ListCustomAsync(MetalLbGroup, MetalLbVersion, plural, ct).ConfigureAwait(false))?.Select(i => $"{Str(i.GetProperty("metadata"), "namespace")}/{Str(i.GetProperty("metadata"), "name")}").ToList();

    /// <summary>Every custom object of a kind in all namespaces; <c>null</c> when the CRD is not installed (404).</summary>
    private async Task<IReadOnlyList<JsonElement>?> ListCustomAsync(string group, string version, string plural, CancellationToken ct)
    {
        var call = $"list {plural}.{group}";
        try
        {
            var list = await client.CustomObjects.ListClusterCustomObjectAsync(group, version, plural, cancellationToken: ct).ConfigureAwait(false);
            // The client hands custom objects back as a JsonElement; anything else has no items to read.
            var json = list is JsonElement el ? el : default;
            return json.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray().ToList() : [];
        }
        catch (Exception e) when (ApiErrors.IsStatus(e, HttpStatusCode.NotFound))
        {
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe(call, Server, e, Timeout, Permissions.CanI("list", $"{plural}.{group}"));
        }
    }

    private async Task<T?> GetOrNull<T>(string call, string permission, CancellationToken ct, Func<Task<T>> get) where T : class
    {
        try
        {
            return await get().ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.IsStatus(e, HttpStatusCode.NotFound))
        {
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe(call, Server, e, Timeout, permission);
        }
    }

    private async Task<T> Call<T>(string call, string permission, CancellationToken ct, Func<Task<T>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe(call, Server, e, Timeout, permission);
        }
    }


    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IReadOnlyDictionary<string, string> Map(IDictionary<string, string>? d) =>
        d is null ? new Dictionary<string, string>() : new Dictionary<string, string>(d);

    internal static ConfigMapSnapshot ToSnapshot(V1ConfigMap c) =>
        new(c.Metadata.NamespaceProperty ?? "", c.Metadata.Name, c.Metadata.ResourceVersion ?? "", Map(c.Data), Map(c.Metadata.Labels), Map(c.Metadata.Annotations))
        {
            Uid = c.Metadata.Uid ?? "",
            LastWrite = (c.Metadata.ManagedFields ?? []).Where(m => m.Time is not null).Select(m => (DateTimeOffset?)Utc(m.Time!.Value)).Max(),
        };

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t, DateTimeKind.Utc));

    internal static PodSnapshot ToSnapshot(V1Pod p)
    {
        var owner = p.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true) ?? p.Metadata.OwnerReferences?.FirstOrDefault();
        var starts = (p.Status?.ContainerStatuses ?? [])
            .Where(s => s.State?.Running?.StartedAt is not null)
            .GroupBy(s => s.Name).ToDictionary(g => g.Key, g => Utc(g.First().State.Running.StartedAt!.Value));
        return new PodSnapshot(p.Metadata.NamespaceProperty ?? "", p.Metadata.Name, p.Spec?.NodeName ?? "", Map(p.Metadata.Labels), Map(p.Metadata.Annotations),
            owner?.Kind, owner?.Name, Containers(p.Spec), Volumes(p.Spec), starts, p.Status?.Phase ?? "");
    }

    internal static PodPlacement Placement(V1PodSpec? spec) => spec is null ? PodPlacement.Anywhere : new PodPlacement(
        Map(spec.NodeSelector),
        (spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? [])
            .Select(t => (IReadOnlyList<NodeSelectorRequirement>)(t.MatchExpressions ?? []).Select(e => new NodeSelectorRequirement(e.Key, e.OperatorProperty, (e.Values ?? []).ToList())).ToList())
            .ToList(),
        (spec.Tolerations ?? []).Select(t => new Toleration(t.Key, t.OperatorProperty ?? "Equal", t.Value, t.Effect)).ToList());

    internal static DaemonSetSnapshot ToSnapshot(V1DaemonSet d) =>
        new(d.Metadata.NamespaceProperty ?? "", d.Metadata.Name, Map(d.Metadata.Labels), Map(d.Metadata.Annotations),
            Map(d.Spec?.Template?.Metadata?.Annotations),
            Containers(d.Spec?.Template?.Spec),
            d.Metadata.Generation ?? 0, d.Status?.ObservedGeneration ?? 0,
            d.Status?.DesiredNumberScheduled ?? 0, d.Status?.UpdatedNumberScheduled ?? 0, d.Status?.NumberAvailable ?? 0,
            Volumes(d.Spec?.Template?.Spec))
        {
            Placement = Placement(d.Spec?.Template?.Spec),
        };

    internal static IReadOnlyList<ContainerSnapshot> Containers(V1PodSpec? spec) =>
        (spec?.Containers ?? []).Select(c => new ContainerSnapshot(c.Name, c.Image ?? "", (c.Command ?? []).ToList(), (c.Args ?? []).ToList(),
            (c.VolumeMounts ?? []).Select(m => new VolumeMountSnapshot(m.Name, m.MountPath, string.IsNullOrEmpty(m.SubPath) ? null : m.SubPath)).ToList(),
            (c.Env ?? []).Where(e => e.Value is not null).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Last().Value),
            (c.Env ?? []).Select(e => e.Name).Distinct().ToList())).ToList();

    internal static IReadOnlyList<VolumeSnapshot> Volumes(V1PodSpec? spec) =>
        (spec?.Volumes ?? []).Select(v => new VolumeSnapshot(v.Name,
            v.ConfigMap is { } cm ? [Projection(cm.Name, cm.Items)]
            : (v.Projected?.Sources ?? []).Where(s => s.ConfigMap is not null).Select(s => Projection(s.ConfigMap.Name, s.ConfigMap.Items)).ToList(),
            v.HostPath?.Path)).ToList();

    private static ConfigMapProjection Projection(string name, IList<V1KeyToPath>? items) =>
        new(name, (items ?? []).Select(i => new KeyToPath(i.Key, i.Path)).ToList());

    internal static NodeSnapshot ToSnapshot(V1Node n) =>
        new(n.Metadata.Name,
            (n.Status?.Addresses ?? []).Where(a => a.Type == "InternalIP" && Ipv4Address.TryParse(a.Address, out _)).Select(a => Ipv4Address.Parse(a.Address)).ToList(),
            Map(n.Metadata.Labels), Map(n.Metadata.Annotations), n.Status?.NodeInfo?.KubeletVersion ?? "",
            n.Status?.NodeInfo?.OsImage ?? "", n.Spec?.ProviderID ?? "")
        {
            Taints = (n.Spec?.Taints ?? []).Select(t => new Taint(t.Key, t.Value, t.Effect)).ToList(),
            Ready = n.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status,
        };
}
