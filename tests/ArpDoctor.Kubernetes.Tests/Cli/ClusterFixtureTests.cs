using System.Text.Json;
using System.Text.Json.Nodes;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>What <c>fix --yes</c> must do on a fixture.</summary>
public enum FixOutcome
{
    /// <summary>strictARP: false → true in the ConfigMap key kube-proxy reads, every other byte kept; rollback restores it.</summary>
    Edits,
    /// <summary>Exit 1, nothing written: the edit would be reverted or there is nothing to edit; the platform's fix is printed.</summary>
    Refuses,
    /// <summary>Exit 0, nothing written: strictARP already on, or it does not apply.</summary>
    NothingToDo,
    /// <summary>Nothing written, but kube-proxy's DaemonSet restarted: its pods started before its file's last write.</summary>
    RestartsOnly,
}

/// <summary>
/// check and fix against one realistic cluster per platform and announcer (TestData/clusters, each naming the upstream
/// manifests and code it was built from), served by the fake API server with the metadata a real one adds.
/// </summary>
public sealed class ClusterFixtureTests : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-fixture-").FullName;
    private string _backups = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        _backups = Directory.CreateDirectory(Path.Combine(_dir, "backups")).FullName;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    // fixture, check exit, strict-arp-off severity (null: no such finding), platform ("kube-proxy is managed by X"; null: no
    // such finding), announcing node of shop/web, what the remedy must contain, fix --yes outcome, the ConfigMap/key fix edits.
    public static TheoryData<string, int, string?, string?, string?, string, FixOutcome, string?> Cases => new()
    {
        { "kubeadm-ipvs-broken", 1, "critical", "kubeadm", "n2", "'arpdoctor fix'", FixOutcome.Edits, "kube-proxy/config.conf" },
        { "kubeadm-ipvs-strict", 0, null, "kubeadm", "n2", "", FixOutcome.NothingToDo, null },
        { "capi-kubeadm-ipvs-broken", 1, "critical", "Cluster API (kubeadm)", "n2", "Cluster API never rewrites", FixOutcome.Edits, "kube-proxy/config.conf" },
        { "kubespray-ipvs-broken", 1, "critical", "Kubespray", "n2", "kube_proxy_strict_arp: true", FixOutcome.Edits, "kube-proxy/config.conf" },
        { "kubeone-ipvs-broken", 1, "critical", "KubeOne", "n2", "kubeone apply --force-upgrade", FixOutcome.Refuses, null },
        { "kkp-ipvs-broken", 1, "critical", "Kubermatic KKP", "n2", "spec.clusterNetwork.ipvs.strictArp: true", FixOutcome.Refuses, null },
        { "rke2-ipvs-broken", 1, "critical", "RKE2", "n2", "arpdoctor fix --emit rke2", FixOutcome.Refuses, null },
        { "rke2-ipvs-strict", 0, null, "RKE2", "n2", "", FixOutcome.NothingToDo, null },
        { "rke2-iptables", 0, null, "RKE2", "n2", "", FixOutcome.NothingToDo, null },
        { "rancher-rke2-ipvs-broken", 1, "critical", "Rancher-provisioned RKE2", "n2", "machineGlobalConfig.kube-proxy-arg", FixOutcome.Refuses, null },
        { "k3s-ipvs-broken", 1, "critical", "k3s", "n2", "arpdoctor fix --emit k3s", FixOutcome.Refuses, null },
        { "k3s-default", 0, null, "k3s", null, "", FixOutcome.NothingToDo, null },
        { "k0s-ipvs-broken", 1, "critical", "k0s", "n2", "arpdoctor fix --emit k0s", FixOutcome.Refuses, null },
        { "talos-ipvs-broken", 1, "critical", "Talos", "n2", "talosctl upgrade-k8s", FixOutcome.Refuses, null },
        // Unknown is not healthy: MicroK8s' kube-proxy arguments are on the nodes, not in the API (exit 5, cannot tell).
        { "microk8s-default", 5, null, "MicroK8s", "n2", "", FixOutcome.Refuses, null },
        { "openshift-ovn", 0, null, "OpenShift", "n2", "", FixOutcome.NothingToDo, null },
        { "eks-ipvs", 0, "info", "Amazon EKS", null, "cloud's load balancer", FixOutcome.NothingToDo, null },
        // EC2 node n1 and hybrid nodes n2, n3: the hybrid ones answer ARP for MetalLB's VIP; the add-on's values are what lasts.
        { "eks-hybrid-metallb-ipvs-broken", 1, "critical", "Amazon EKS with hybrid nodes", "n2", "arpdoctor fix --emit eks-hybrid", FixOutcome.Edits, "kube-proxy-config/config" },
        // Bare metal with a GKE-style kubelet version and no kube-proxy (Dataplane V2): not cloud, not affected.
        { "gdc-baremetal-metallb", 0, null, "Google Distributed Cloud (bare metal)", "n2", "", FixOutcome.NothingToDo, null },
        { "aks", 0, null, "Azure AKS", null, "", FixOutcome.NothingToDo, null },
        { "gke", 0, null, "Google GKE", null, "", FixOutcome.NothingToDo, null },
        { "kubevip-arp-ipvs-broken", 1, "critical", "kubeadm", "n2", "'arpdoctor fix'", FixOutcome.Edits, "kube-proxy/config.conf" },
        // kube-vip under other image names: Harvester's mirrored image (RKE2 guest cluster), and a private registry mirror.
        { "harvester-kubevip-mirrored-ipvs-broken", 1, "critical", "Rancher-provisioned RKE2", "n2", "machineGlobalConfig.kube-proxy-arg", FixOutcome.Refuses, null },
        { "kubevip-static-pod-ipvs-broken", 1, "critical", "kubeadm", "n2", "'arpdoctor fix'", FixOutcome.Edits, "kube-proxy/config.conf" },
        { "kubevip-private-mirror-ipvs-broken", 1, "critical", "kubeadm", "n2", "'arpdoctor fix'", FixOutcome.Edits, "kube-proxy/config.conf" },
        { "openelb-layer2-ipvs-broken", 1, "critical", "kubeadm", null, "'arpdoctor fix'", FixOutcome.Edits, "kube-proxy/config.conf" },
        { "cilium-l2-kpr", 0, null, null, "n2", "", FixOutcome.NothingToDo, null },
        { "metallb-legacy-custom-name-ipvs-broken", 1, "critical", "kubeadm", "n2", "'arpdoctor fix'", FixOutcome.Edits, "kube-proxy/config.conf" },
        { "metallb-frr-bgp-only-ipvs-broken", 0, "info", "kubeadm", null, "", FixOutcome.Edits, "kube-proxy/config.conf" },
        { "metallb-crs-ipvs-broken", 1, "critical", "kubeadm", "n2", "'arpdoctor fix'", FixOutcome.Edits, "kube-proxy/config.conf" },
        // Every kube-proxy: kube-system/kube-proxy is strict, kube-proxy-edge (its own ConfigMap, nodes n2 and n3) is not.
        { "kubeadm-two-kube-proxies", 1, "critical", "kubeadm", "n2", "'arpdoctor fix'", FixOutcome.Edits, "kube-proxy-edge/config.conf" },
        // What runs, not only what is configured: the ConfigMap says strictARP true, the pods started before that edit.
        { "kubeadm-restart-pending", 1, null, "kubeadm", "n2", "kubectl rollout restart -n kube-system daemonset kube-proxy", FixOutcome.RestartsOnly, null },
        // A leftover: nothing runs kube-proxy; the ConfigMap only matters to kubeadm upgrade.
        { "cilium-kpr-leftover-kube-proxy-configmap", 0, null, null, "n2", "--skip-phases=addon/kube-proxy", FixOutcome.NothingToDo, null },
        { "static-pod-kube-proxy-ipvs-broken", 1, "critical", null, "n2", "--ipvs-strict-arp=true", FixOutcome.Refuses, null },
        // Unknown is not healthy: k8s-snap's kube-proxy is a host service.
        { "k8s-snap-kube-proxy-service", 5, null, "Canonical Kubernetes (k8s-snap)", "n2", "/var/snap/k8s/common/args/kube-proxy", FixOutcome.Refuses, null },
    };

    [Fact]
    public void Every_fixture_has_a_case_and_names_its_sources()
    {
        var covered = Cases.Select(c => (string)c[0]).ToHashSet();
        Assert.Equal(ClusterFixtures.Names().Order(), covered.Order());
        foreach (var name in ClusterFixtures.Names())
            Assert.Contains("# Source: ", File.ReadAllText(ClusterFixtures.PathOf(name)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Check_gives_the_severity_exit_platform_announcer_and_lasting_remedy(
        string fixture, int exit, string? strictArpOff, string? platform, string? announcer, string remedy, FixOutcome fix, string? edited)
    {
        _ = (fix, edited);
        ClusterFixtures.Load(_api, fixture);
        var r = await CliRun.RunAsync(["check", "--kubeconfig", _api.WriteKubeconfig(_dir), "-o", "json"]);
        r.AssertExit(exit);
        Assert.Equal("", r.Err);
        var json = JsonDocument.Parse(r.Out).RootElement;
        var findings = json.GetProperty("findings").EnumerateArray().ToList();
        JsonElement? Find(string id) => findings.Where(f => f.GetProperty("id").GetString() == id).Select(f => (JsonElement?)f).FirstOrDefault();

        Assert.Equal(strictArpOff, Find("strict-arp-off")?.GetProperty("severity").GetString());
        // What was read is shown once, under the first finding it shows, not again under the next.
        var evidence = findings.SelectMany(f => f.GetProperty("evidence").EnumerateArray().Select(e => e.GetString())).ToList();
        Assert.Equal(evidence.Distinct().Count(), evidence.Count);
        Assert.Equal(platform is null ? null : $"kube-proxy is managed by {platform}", Find("kube-proxy-manager")?.GetProperty("summary").GetString());
        var web = json.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "web");
        Assert.Equal(announcer, web.GetProperty("announcer").GetString());
        if (remedy.Length > 0)
        {
            var remedies = string.Join(" | ", findings.Select(f => f.GetProperty("remediation").GetString()).Where(t => t is not null));
            Assert.Contains(remedy, remedies);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fix_edits_byte_exact_where_an_edit_lasts_and_refuses_where_it_would_be_reverted(
        string fixture, int exit, string? strictArpOff, string? platform, string? announcer, string remedy, FixOutcome fix, string? edited)
    {
        _ = (exit, strictArpOff, platform, announcer, remedy);
        ClusterFixtures.Load(_api, fixture);
        var before = Snapshot();
        var kubeconfig = _api.WriteKubeconfig(_dir);
        var dryRun = await CliRun.RunAsync(["fix", "--kubeconfig", kubeconfig, "--backup-dir", _backups, "--dry-run"]);
        Assert.Equal(before, Snapshot());
        Assert.True((fix == FixOutcome.NothingToDo ? 0 : 1) == dryRun.Exit, dryRun.Out + dryRun.Err);

        var r = await CliRun.RunAsync(["fix", "--kubeconfig", kubeconfig, "--backup-dir", _backups, "--yes", "--timeout", "30s"]);
        switch (fix)
        {
            case FixOutcome.Edits:
                r.AssertExit(0);
                var (cm, key) = (edited!.Split('/')[0], edited.Split('/')[1]);
                var original = JsonNode.Parse(before[$"configmaps/kube-system/{cm}"])!["data"]![key]!.GetValue<string>();
                AssertOnlyStrictArpChanged(original, _api.ConfigMapData("kube-system", cm, key)!);
                Assert.All(DaemonSetsMounting(cm), ds => Assert.True(TemplateAnnotations(ds).ContainsKey("kubectl.kubernetes.io/restartedAt"), ds));

                var rollback = await CliRun.RunAsync(["fix", "--kubeconfig", kubeconfig, "--backup-dir", _backups, "--yes", "--no-restart",
                    "--rollback", Assert.Single(Directory.GetFiles(_backups))]);
                rollback.AssertExit(0);
                Assert.Equal(original, _api.ConfigMapData("kube-system", cm, key));
                break;
            case FixOutcome.RestartsOnly:
                r.AssertExit(0);
                Assert.Contains("Restart pending: 3 pods of daemonset kube-system/kube-proxy", r.Out);
                Assert.Empty(Directory.GetFiles(_backups));
                Assert.True(TemplateAnnotations("kube-proxy").ContainsKey("kubectl.kubernetes.io/restartedAt"));
                foreach (var (stored, json) in before.Where(kv => kv.Key.StartsWith("configmaps/", StringComparison.Ordinal)))
                    Assert.Equal(json, Snapshot()[stored]);
                (await CliRun.RunAsync(["check", "--kubeconfig", kubeconfig])).AssertExit(0);
                var rollbackNothing = await CliRun.RunAsync(["fix", "--kubeconfig", kubeconfig, "--backup-dir", _backups, "--yes"]);
                rollbackNothing.AssertExit(0);
                Assert.DoesNotContain("Restart pending", rollbackNothing.Out);
                break;
            case FixOutcome.Refuses:
                r.AssertExit(1);
                Assert.Equal(before, Snapshot());
                Assert.Empty(Directory.GetFiles(_backups));
                break;
            default:
                r.AssertExit(0);
                Assert.Equal(before, Snapshot());
                Assert.Empty(Directory.GetFiles(_backups));
                break;
        }
    }

    [Fact]
    public async Task A_mixed_EKS_cluster_is_judged_per_node_cloud_advice_for_the_EC2_node_strictARP_for_the_hybrid_ones()
    {
        ClusterFixtures.Load(_api, "eks-hybrid-metallb-ipvs-broken");
        var r = await CliRun.RunAsync(["check", "--kubeconfig", _api.WriteKubeconfig(_dir), "-o", "json"]);
        r.AssertExit(1);
        var findings = JsonDocument.Parse(r.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();
        var cloud = Assert.Single(findings, f => f.GetProperty("id").GetString() == "cloud-nodes");
        Assert.StartsWith("1 node in a cloud network (Amazon EKS (EC2): n1)", cloud.GetProperty("summary").GetString());
        Assert.Contains("cloud's load balancer", cloud.GetProperty("remediation").GetString());
        Assert.DoesNotContain(findings, f => f.GetProperty("id").GetString() == "cloud-platform");
        var off = Assert.Single(findings, f => f.GetProperty("id").GetString() == "strict-arp-off");
        Assert.Equal("critical", off.GetProperty("severity").GetString());
        Assert.Contains("aws eks update-addon", (await CliRun.RunAsync(["fix", "--emit", "eks-hybrid"])).Out);
    }

    [Theory]
    [InlineData("gdc-baremetal-metallb")]
    [InlineData("harvester-kubevip-mirrored-ipvs-broken")]
    [InlineData("eks-hybrid-metallb-ipvs-broken")]
    public async Task On_premises_nodes_get_no_cloud_advice(string fixture)
    {
        ClusterFixtures.Load(_api, fixture);
        var r = await CliRun.RunAsync(["check", "--kubeconfig", _api.WriteKubeconfig(_dir), "-o", "json"]);
        var findings = JsonDocument.Parse(r.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.DoesNotContain(findings, f => f.GetProperty("id").GetString() == "cloud-platform");
        Assert.DoesNotContain(findings, f => f.GetProperty("summary").GetString()!.Contains("Google GKE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("harvester-kubevip-mirrored-ipvs-broken", "daemonset kube-system/kube-vip: runs kube-vip's 'manager'", "(image rancher/mirrored-kube-vip-kube-vip-iptables:v0.8.7)")]
    [InlineData("kubevip-static-pod-ipvs-broken", "static pods kube-system/kube-vip-n1 (node n1), kube-system/kube-vip-n2 (node n2), kube-system/kube-vip-n3 (node n3): runs kube-vip's 'manager'", "(image ghcr.io/kube-vip/kube-vip:v1.0.4)")]
    [InlineData("kubevip-private-mirror-ipvs-broken", "daemonset kube-system/kube-vip-ds: runs kube-vip's 'manager'", "(image registry.example.internal/platform/mirror/vip-agent:v1.0.4, named otherwise)")]
    public async Task Kube_vip_is_recognised_by_what_it_runs_under_any_image_name(string fixture, string runs, string image)
    {
        ClusterFixtures.Load(_api, fixture);
        var r = await CliRun.RunAsync(["check", "--kubeconfig", _api.WriteKubeconfig(_dir), "-o", "json"]);
        r.AssertExit(1);
        var findings = JsonDocument.Parse(r.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();
        var kubeVip = Assert.Single(findings, f => f.GetProperty("id").GetString() == "announcer-kube-vip");
        Assert.StartsWith("kube-vip", kubeVip.GetProperty("summary").GetString());
        Assert.EndsWith("announces VIPs in layer 2 (ARP)", kubeVip.GetProperty("summary").GetString());
        var seen = kubeVip.GetProperty("evidence")[0].GetString()!;
        Assert.StartsWith(runs, seen);
        Assert.Contains(image, seen);
        Assert.Contains("kube-vip", Assert.Single(findings, f => f.GetProperty("id").GetString() == "strict-arp-off").GetProperty("summary").GetString());
    }

    /// <summary>
    /// strictARP: false became true, or (where the file had no strictARP, as the EKS add-on's) one strictARP: true line
    /// was added under ipvs; every other byte is kept.
    /// </summary>
    private static void AssertOnlyStrictArpChanged(string original, string now)
    {
        if (original.Contains("strictARP:", StringComparison.Ordinal))
        {
            Assert.Equal(2, original.Split("strictARP: false").Length);
            Assert.Equal(original.Replace("strictARP: false", "strictARP: true", StringComparison.Ordinal), now);
            return;
        }
        var added = now.Split('\n').Where(l => !original.Split('\n').Contains(l)).ToList();
        Assert.Equal("strictARP: true", Assert.Single(added).Trim());
        Assert.Equal(original, string.Join('\n', now.Split('\n').Where(l => l != added[0])));
    }

    /// <summary>Every ConfigMap and DaemonSet as stored (a DaemonSet without the status its controller moves), to show that nothing was written.</summary>
    private Dictionary<string, string> Snapshot() =>
        ClusterFixtures.Objects(Fixture).Where(o => o["kind"]!.GetValue<string>() is "ConfigMap" or "DaemonSet")
            .Select(o => (Resource: o["kind"]!.GetValue<string>() == "ConfigMap" ? "configmaps" : "daemonsets", Ns: o["metadata"]!["namespace"]!.GetValue<string>(), Name: o["metadata"]!["name"]!.GetValue<string>()))
            .ToDictionary(k => $"{k.Resource}/{k.Ns}/{k.Name}", k =>
            {
                var obj = _api.Get(k.Resource, k.Ns, k.Name)!;
                obj.Remove("status");
                return obj.ToJsonString();
            });

    private string Fixture => _api.LoadedFixture!;

    /// <summary>The kube-system DaemonSets whose pods mount ConfigMap <paramref name="configMap"/> (at least one): those a fix of it restarts.</summary>
    private List<string> DaemonSetsMounting(string configMap)
    {
        var names = ClusterFixtures.Objects(Fixture)
            .Where(o => o["kind"]!.GetValue<string>() == "DaemonSet" && o["metadata"]!["namespace"]!.GetValue<string>() == "kube-system")
            .Where(o => o["spec"]!["template"]!["spec"]!["volumes"]?.AsArray().Any(v => v?["configMap"]?["name"]?.GetValue<string>() == configMap) == true)
            .Select(o => o["metadata"]!["name"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(names);
        return names;
    }

    private JsonObject TemplateAnnotations(string daemonSet)
    {
        var ds = _api.Get("daemonsets", "kube-system", daemonSet)!;
        return ds["spec"]!["template"]!["metadata"]!["annotations"]?.AsObject() ?? [];
    }
}
