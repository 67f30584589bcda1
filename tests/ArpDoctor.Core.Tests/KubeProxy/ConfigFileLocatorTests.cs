using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.KubeProxy;
using Xunit;

namespace ArpDoctor.Core.Tests.KubeProxy;

/// <summary>Following kube-proxy's <c>--config</c> path through volumeMounts to a ConfigMap key, as the kubelet lays volumes out.</summary>
public sealed class ConfigFileLocatorTests
{
    private static ContainerSnapshot Container(params VolumeMountSnapshot[] mounts) => new("kube-proxy", "registry.k8s.io/kube-proxy:v1.31.4", [], [], mounts);

    private static VolumeMountSnapshot M(string name, string mountPath, string? subPath) => new(name, mountPath, subPath);

    private static VolumeSnapshot ConfigMapVolume(string name, string configMap, params KeyToPath[] items) => new(name, [new ConfigMapProjection(configMap, items)], null);

    public static TheoryData<string, ContainerSnapshot, VolumeSnapshot[], string?> Cases => new()
    {
        // kubeadm: the whole ConfigMap at /var/lib/kube-proxy.
        { "/var/lib/kube-proxy/config.conf", Container(M("kube-proxy", "/var/lib/kube-proxy", null)), [ConfigMapVolume("kube-proxy", "kube-proxy")], "kube-proxy/config.conf" },
        // EKS: a trailing slash on the mount path.
        { "/var/lib/kube-proxy-config/config", Container(M("config", "/var/lib/kube-proxy-config/", null)), [ConfigMapVolume("config", "kube-proxy-config")], "kube-proxy-config/config" },
        // items map a key to another file name.
        { "/etc/kp/proxy.yaml", Container(M("cfg", "/etc/kp", null)), [ConfigMapVolume("cfg", "kp-0f3a9c", new KeyToPath("config.conf", "proxy.yaml"))], "kp-0f3a9c/config.conf" },
        // A subPath mount is the file itself.
        { "/config.yaml", Container(M("cfg", "/config.yaml", "kubeproxy.yaml")), [ConfigMapVolume("cfg", "proxy")], "proxy/kubeproxy.yaml" },
        // The deepest mount wins.
        { "/var/lib/kube-proxy/conf/config.conf", Container(M("outer", "/var/lib/kube-proxy", null), M("inner", "/var/lib/kube-proxy/conf", null)),
            [ConfigMapVolume("outer", "wrong"), ConfigMapVolume("inner", "right")], "right/config.conf" },
        // A projected volume offers each of its ConfigMaps.
        { "/var/lib/kube-proxy/config.conf", Container(M("proj", "/var/lib/kube-proxy", null)),
            [new VolumeSnapshot("proj", [new ConfigMapProjection("kubeconfig", [new KeyToPath("kubeconfig", "kubeconfig")]), new ConfigMapProjection("kube-proxy", [])], null)], "kube-proxy/config.conf" },
        // Not through the API: a hostPath, no mount at all, an items list without that file.
        { "/etc/kubernetes/kube-proxy.yaml", Container(M("host", "/etc/kubernetes", null)), [new VolumeSnapshot("host", [], "/etc/kubernetes")], null },
        { "/etc/kube-proxy.yaml", Container(), [], null },
        { "/etc/kp/config.conf", Container(M("cfg", "/etc/kp", null)), [ConfigMapVolume("cfg", "kp", new KeyToPath("other", "other.yaml"))], null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Follows_the_path_to_the_ConfigMap_key(string path, ContainerSnapshot container, VolumeSnapshot[] volumes, string? expected)
    {
        var origin = ConfigFileLocator.Locate(container, volumes, path);
        Assert.Equal(expected, origin.Candidates.Select(c => $"{c.ConfigMapName}/{c.Key}").FirstOrDefault(c => expected is null || c == expected));
        Assert.Contains(path, origin.Description);
    }
}
