using System.Text.Json.Nodes;

namespace ArpDoctor.Kubernetes.Tests.Fakes;

/// <summary>
/// Cluster objects in the shapes the API server returns them. The address plan of every fixture:
/// <code>
///   nodes      n1 192.0.2.11, n2 192.0.2.12, n3 192.0.2.13 (InternalIP)
///   VIP        203.0.113.10 for Service shop/web (MetalLB layer 2)
/// </code>
/// </summary>
public static class Manifests
{
    public static string TestData(string relative) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", relative));

    public static JsonObject KubeProxyConfigMap(string configConf, IDictionary<string, string>? labels = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = "kube-proxy",
            ["namespace"] = "kube-system",
            ["labels"] = Labels(labels ?? new Dictionary<string, string> { ["app"] = "kube-proxy" }),
            ["annotations"] = new JsonObject { ["kubeadm.kubernetes.io/component-config.hash"] = "sha256:0f1e2d" },
        },
        ["data"] = new JsonObject
        {
            ["config.conf"] = configConf,
            ["kubeconfig.conf"] = "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://192.0.2.11:6443\n  name: default\n",
        },
    };

    public static JsonObject KubeProxyDaemonSet(int pods = 3, string[]? extraArgs = null, IDictionary<string, string>? labels = null, string[]? command = null)
    {
        var commandLine = new JsonArray((command ?? ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"]).Select(w => (JsonNode?)w).ToArray());
        foreach (var a in extraArgs ?? []) commandLine.Add(a);
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "DaemonSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = "kube-proxy",
                ["namespace"] = "kube-system",
                ["labels"] = Labels(labels ?? new Dictionary<string, string> { ["k8s-app"] = "kube-proxy" }),
                ["generation"] = 1,
            },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["k8s-app"] = "kube-proxy" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["labels"] = new JsonObject { ["k8s-app"] = "kube-proxy" },
                        ["annotations"] = new JsonObject { ["prometheus.io/scrape"] = "true", ["example.com/owner"] = "platform-team" },
                    },
                    ["spec"] = new JsonObject
                    {
                        // As kubeadm renders it (cmd/kubeadm/app/phases/addons/proxy/manifests.go): config.conf reaches
                        // the container through the kube-proxy ConfigMap volume at /var/lib/kube-proxy.
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "kube-proxy",
                            ["image"] = "registry.k8s.io/kube-proxy:v1.31.4",
                            ["command"] = commandLine,
                            ["volumeMounts"] = new JsonArray(
                                new JsonObject { ["mountPath"] = "/var/lib/kube-proxy", ["name"] = "kube-proxy" },
                                new JsonObject { ["mountPath"] = "/run/xtables.lock", ["name"] = "xtables-lock" },
                                new JsonObject { ["mountPath"] = "/lib/modules", ["name"] = "lib-modules", ["readOnly"] = true }),
                        }),
                        ["volumes"] = new JsonArray(
                            new JsonObject { ["name"] = "kube-proxy", ["configMap"] = new JsonObject { ["name"] = "kube-proxy", ["defaultMode"] = 420 } },
                            new JsonObject { ["name"] = "xtables-lock", ["hostPath"] = new JsonObject { ["path"] = "/run/xtables.lock", ["type"] = "FileOrCreate" } },
                            new JsonObject { ["name"] = "lib-modules", ["hostPath"] = new JsonObject { ["path"] = "/lib/modules", ["type"] = "" } }),
                    },
                },
            },
            ["status"] = new JsonObject
            {
                ["currentNumberScheduled"] = pods,
                ["desiredNumberScheduled"] = pods,
                ["numberAvailable"] = pods,
                ["numberReady"] = pods,
                ["updatedNumberScheduled"] = pods,
                ["observedGeneration"] = 1,
            },
        };
    }

    public static JsonObject Speaker(string version = "v0.14.8") => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "DaemonSet",
        ["metadata"] = new JsonObject
        {
            ["name"] = "speaker",
            ["namespace"] = "metallb-system",
            ["labels"] = new JsonObject { ["app"] = "metallb", ["component"] = "speaker" },
        },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "metallb" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "metallb" } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "speaker", ["image"] = $"quay.io/metallb/speaker:{version}", ["args"] = new JsonArray("--port=7472") }),
                },
            },
        },
        ["status"] = new JsonObject { ["desiredNumberScheduled"] = 3, ["numberAvailable"] = 3, ["updatedNumberScheduled"] = 3, ["observedGeneration"] = 1 },
    };

    public static JsonObject Node(string name, string internalIp, string kubeletVersion = "v1.31.4", IDictionary<string, string>? labels = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = Labels(labels ?? new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux" }),
        },
        ["status"] = new JsonObject
        {
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = internalIp },
                new JsonObject { ["type"] = "Hostname", ["address"] = name }),
            ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = kubeletVersion, ["kubeProxyVersion"] = kubeletVersion },
        },
    };

    public static JsonObject LoadBalancer(string ns, string name, string vip) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["type"] = "LoadBalancer",
            ["ports"] = new JsonArray(new JsonObject { ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = 8443 }),
        },
        ["status"] = new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = vip, ["ipMode"] = "VIP" }) } },
    };

    public static JsonObject ClusterIp(string ns, string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["type"] = "ClusterIP", ["clusterIP"] = "10.96.0.10" },
    };

    public static JsonObject L2Advertisement(string name) => new()
    {
        ["apiVersion"] = "metallb.io/v1beta1",
        ["kind"] = "L2Advertisement",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "metallb-system" },
        ["spec"] = new JsonObject { ["ipAddressPools"] = new JsonArray("default") },
    };

    public static JsonObject BgpAdvertisement(string name) => new()
    {
        ["apiVersion"] = "metallb.io/v1beta1",
        ["kind"] = "BGPAdvertisement",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "metallb-system" },
        ["spec"] = new JsonObject { ["ipAddressPools"] = new JsonArray("default") },
    };

    /// <summary>MetalLB ≥ 0.14.6 writes one per announced Service, named l2-XXXXX, in its own namespace.</summary>
    public static JsonObject ServiceL2Status(string name, string serviceNs, string service, string node, string created) => new()
    {
        ["apiVersion"] = "metallb.io/v1beta1",
        ["kind"] = "ServiceL2Status",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "metallb-system",
            ["creationTimestamp"] = created,
            ["labels"] = new JsonObject { ["metallb.io/node"] = node, ["metallb.io/service-name"] = service, ["metallb.io/service-namespace"] = serviceNs },
        },
        ["spec"] = new JsonObject(),
        ["status"] = new JsonObject
        {
            ["node"] = node,
            ["serviceName"] = service,
            ["serviceNamespace"] = serviceNs,
            ["interfaces"] = new JsonArray(new JsonObject { ["name"] = "eth0" }),
        },
    };

    public static JsonObject NodeAssigned(string name, string serviceNs, string service, string node, string at) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Event",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = serviceNs },
        ["involvedObject"] = new JsonObject { ["kind"] = "Service", ["namespace"] = serviceNs, ["name"] = service, ["apiVersion"] = "v1" },
        ["reason"] = "nodeAssigned",
        ["message"] = $"announcing from node \"{node}\" with protocol \"layer2\"",
        ["source"] = new JsonObject { ["component"] = "metallb-speaker" },
        ["firstTimestamp"] = at,
        ["lastTimestamp"] = at,
        ["count"] = 1,
        ["type"] = "Normal",
    };

    public static JsonObject LegacyMetalLbConfig(string config) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = "config", ["namespace"] = "metallb-system" },
        ["data"] = new JsonObject { ["config"] = config },
    };

    /// <summary>A kubeadm cluster with kube-proxy running <paramref name="configConf"/>, MetalLB layer 2, one VIP announced by n2.</summary>
    public static void Kubeadm(FakeKubeApi api, string configConf, string[]? kubeProxyArgs = null, bool metalLb = true, string[]? kubeProxyCommand = null)
    {
        api.Add(KubeProxyConfigMap(configConf));
        api.Add(KubeProxyDaemonSet(extraArgs: kubeProxyArgs, command: kubeProxyCommand));
        AddNodes(api);
        api.Add(LoadBalancer("shop", "web", "203.0.113.10"));
        api.Add(ClusterIp("kube-system", "kube-dns"));
        if (!metalLb) return;
        api.Add(Speaker());
        api.Add(L2Advertisement("default"));
        api.InstallCrd("bgpadvertisements");
        api.Add(ServiceL2Status("l2-abcde", "shop", "web", "n1", "2026-01-01T09:00:00Z"));
        api.Add(ServiceL2Status("l2-fghij", "shop", "web", "n2", "2026-01-02T09:00:00Z"));
        api.Add(NodeAssigned("web.1", "shop", "web", "n3", "2026-01-03T09:00:00Z"));
    }

    public static void AddNodes(FakeKubeApi api, string kubeletVersion = "v1.31.4", IDictionary<string, string>? labels = null)
    {
        for (int n = 1; n <= 3; n++)
            api.Add(Node($"n{n}", $"192.0.2.{10 + n}", kubeletVersion, labels is null ? null : new Dictionary<string, string>(labels) { ["kubernetes.io/hostname"] = $"n{n}" }));
    }

    private static JsonObject Labels(IDictionary<string, string> labels)
    {
        var o = new JsonObject();
        foreach (var (k, v) in labels) o[k] = v;
        return o;
    }
}
