using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.KubeProxy;

/// <summary>A ConfigMap key that a container sees as a file.</summary>
public sealed record ConfigMapKey(string ConfigMapName, string Key);

/// <summary>
/// Where the file at <see cref="Path"/> comes from: the ConfigMap keys that could hold it (a projected volume may
/// offer several; the first that exists is the one), or, when none can, why it cannot be read through the API.
/// </summary>
public sealed record ConfigFileOrigin(string Path, IReadOnlyList<ConfigMapKey> Candidates, string Description);

/// <summary>Follows a path in a container through its <c>volumeMounts</c> to the volume and the ConfigMap key behind it, as the kubelet lays them out.</summary>
public static class ConfigFileLocator
{
    public static ConfigFileOrigin Locate(ContainerSnapshot container, IReadOnlyList<VolumeSnapshot> volumes, string path)
    {
        // The deepest mount that holds the path wins, as in the container's mount table.
        var mount = container.VolumeMounts
            .Where(m => path == m.MountPath || path.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(m => m.MountPath.Length);
        if (mount is null)
            return new ConfigFileOrigin(path, [], $"no volume of container {container.Name} is mounted at {path}: the file comes from the image");
        var volume = volumes.FirstOrDefault(v => v.Name == mount.Name);
        if (volume is null)
            return new ConfigFileOrigin(path, [], $"{path} is volumeMount {mount.Name} at {mount.MountPath}, which names no volume of the pod");
        if (volume.HostPath is { } host)
            return new ConfigFileOrigin(path, [], $"{path} is volume {volume.Name}, hostPath {host} on each node, which the API does not show");
        if (volume.ConfigMaps.Count == 0)
            return new ConfigFileOrigin(path, [], $"{path} is volume {volume.Name} at {mount.MountPath}, which is not a ConfigMap");

        // The path of the file inside the volume: a subPath mount shows one entry of the volume at the mount path.
        var inside = path == mount.MountPath ? "" : path[(mount.MountPath.TrimEnd('/').Length + 1)..];
        if (mount.SubPath is { } sub) inside = inside.Length == 0 ? sub : $"{sub.TrimEnd('/')}/{inside}";
        var candidates = new List<ConfigMapKey>();
        foreach (var projection in volume.ConfigMaps)
        {
            if (projection.Items.Count > 0)
            {
                if (projection.Items.FirstOrDefault(i => i.Path == inside) is { } item) candidates.Add(new ConfigMapKey(projection.Name, item.Key));
            }
            else if (inside.Length > 0 && !inside.Contains('/', StringComparison.Ordinal))
            {
                candidates.Add(new ConfigMapKey(projection.Name, inside));
            }
        }
        var where = $"{path} is volume {volume.Name} (mounted at {mount.MountPath}{(mount.SubPath is null ? "" : $", subPath {mount.SubPath}")})";
        return candidates.Count == 0
            ? new ConfigFileOrigin(path, [], $"{where}, but no ConfigMap key of that volume appears at that path")
            : new ConfigFileOrigin(path, candidates, where);
    }
}
