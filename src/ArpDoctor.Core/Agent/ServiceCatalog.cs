using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Agent;

/// <summary>What a Service watch delivered: an object added, changed or deleted, or the resourceVersion expired.</summary>
public enum ServiceChangeKind { Added, Modified, Deleted, Bookmark, Expired }

/// <summary>One watch event; <see cref="Service"/> is null on <see cref="ServiceChangeKind.Expired"/>.</summary>
public sealed record ServiceChange(ServiceChangeKind Kind, ServiceSnapshot? Service, string ResourceVersion);

/// <summary>A full list of LoadBalancer Services and the resourceVersion to watch from.</summary>
public sealed record ServiceListing(IReadOnlyList<ServiceSnapshot> Services, string ResourceVersion);

/// <summary>A Service object's identity as the API server gave it: what an Event's involvedObject needs.</summary>
public sealed record ServiceIdentity(string Uid, string? ResourceVersion);

/// <summary>The Service that owns a VIP.</summary>
public readonly record struct ServiceRef(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>One Service's claim on one VIP: the key of its metric series, its Warning Event and their throttle.</summary>
public readonly record struct ServiceVip(ServiceRef Service, Ipv4Address Vip);

/// <summary>
/// The LoadBalancer Services and their VIPs as the last list and the watch events since made them.
/// Pure state: the list+watch loop feeds it, the probe loop reads <see cref="Snapshot"/>. Thread-safe:
/// the snapshot is an immutable dictionary swapped on every change.
/// </summary>
public sealed class ServiceCatalog
{
    private readonly Dictionary<ServiceRef, IReadOnlyList<Ipv4Address>> _services = [];
    private readonly Dictionary<ServiceRef, ServiceIdentity> _identities = [];
    private readonly object _gate = new();
    private IReadOnlyDictionary<Ipv4Address, IReadOnlyList<ServiceRef>> _snapshot = new Dictionary<Ipv4Address, IReadOnlyList<ServiceRef>>();

    /// <summary>The resourceVersion the next watch resumes from; empty before the first list.</summary>
    public string ResourceVersion { get; private set; } = "";

    /// <summary>Whether a list has succeeded at least once.</summary>
    public bool Synced { get; private set; }

    /// <summary>
    /// VIP → the Services that have it, by namespace and name. Services share a VIP with MetalLB's sharing key
    /// (<c>metallb.io/allow-shared-ip</c>, formerly <c>metallb.universe.tf/allow-shared-ip</c>: one Service for TCP, one for
    /// UDP, or one per port); the VIP is probed once and each of them gets its own series and Event.
    /// </summary>
    public IReadOnlyDictionary<Ipv4Address, IReadOnlyList<ServiceRef>> Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>The uid and resourceVersion last seen for <paramref name="service"/>; null when the API gave none.</summary>
    public ServiceIdentity? IdentityOf(ServiceRef service)
    {
        lock (_gate) return _identities.GetValueOrDefault(service);
    }

    public int ServiceCount
    {
        get { lock (_gate) return _services.Count; }
    }

    /// <summary>Replaces everything with a fresh list (the first list, or a relist after 410 Gone).</summary>
    public void Replace(ServiceListing listing)
    {
        lock (_gate)
        {
            _services.Clear();
            _identities.Clear();
            foreach (var s in listing.Services) Put(s);
            ResourceVersion = listing.ResourceVersion;
            Synced = true;
            Publish();
        }
    }

    /// <summary>Applies one watch event; returns false for <see cref="ServiceChangeKind.Expired"/> (the caller must relist).</summary>
    public bool Apply(ServiceChange change)
    {
        lock (_gate)
        {
            switch (change.Kind)
            {
                case ServiceChangeKind.Expired:
                    return false;
                case ServiceChangeKind.Added or ServiceChangeKind.Modified when change.Service is { } s:
                    Put(s);
                    break;
                case ServiceChangeKind.Deleted when change.Service is { } d:
                    _services.Remove(new ServiceRef(d.Namespace, d.Name));
                    _identities.Remove(new ServiceRef(d.Namespace, d.Name));
                    break;
            }
            if (change.ResourceVersion.Length > 0) ResourceVersion = change.ResourceVersion;
            Publish();
            return true;
        }
    }

    private void Put(ServiceSnapshot s)
    {
        var key = new ServiceRef(s.Namespace, s.Name);
        if (s.Uid is { Length: > 0 } uid) _identities[key] = new ServiceIdentity(uid, s.ResourceVersion);
        var vips = new List<Ipv4Address>();
        foreach (var text in s.Vips)
            if (VipAddresses.TryParse(text, out var vip) && !vips.Contains(vip)) vips.Add(vip);
        // A Service that is no longer a LoadBalancer, or lost its ingress, has nothing to probe.
        if (vips.Count == 0) _services.Remove(key);
        else _services[key] = vips;
    }

    private void Publish()
    {
        var map = new Dictionary<Ipv4Address, List<ServiceRef>>();
        foreach (var (service, vips) in _services.OrderBy(kv => kv.Key.Namespace, StringComparer.Ordinal).ThenBy(kv => kv.Key.Name, StringComparer.Ordinal))
            foreach (var vip in vips)
            {
                if (!map.TryGetValue(vip, out var owners)) map[vip] = owners = new List<ServiceRef>(1);
                owners.Add(service);
            }
        Volatile.Write(ref _snapshot, map.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<ServiceRef>)kv.Value));
    }
}
