using System.Text.Json;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary><c>arpdoctor check</c> end to end against the fake API server; address plan in <see cref="Manifests"/>.</summary>
public sealed class CheckCommandTests : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-check-").FullName;
    private string Kubeconfig => _api.WriteKubeconfig(_dir);

    public async Task InitializeAsync() => _api = await FakeKubeApi.StartAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<CliOutcome> Check(params string[] extra) => CliRun.RunAsync(["check", "--kubeconfig", Kubeconfig, .. extra]);

    private static JsonElement Finding(JsonElement report, string id) =>
        report.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);

    private static bool Has(JsonElement report, string id) =>
        report.GetProperty("findings").EnumerateArray().Any(f => f.GetProperty("id").GetString() == id);

    [Fact]
    public async Task Ipvs_without_strictARP_and_MetalLB_layer2_is_critical_and_exits_1()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        var r = await Check("-o", "json");
        r.AssertExit(1);
        Assert.Equal("", r.Err);
        var json = JsonDocument.Parse(r.Out).RootElement;
        var off = Finding(json, "strict-arp-off");
        Assert.Equal("critical", off.GetProperty("severity").GetString());
        // Readable and greppable as kubectl's JSON is: no \u0027 for the apostrophe.
        Assert.Contains("clients' traffic", r.Out);
        Assert.Contains(off.GetProperty("evidence").EnumerateArray(), e => e.GetString() == "configmap kube-system/kube-proxy key config.conf ipvs.strictARP: false");
        Assert.Contains("'arpdoctor fix'", off.GetProperty("remediation").GetString());
        Assert.Equal("info", Finding(json, "metallb-layer2").GetProperty("severity").GetString());
        Assert.Contains("v0.14.8", Finding(json, "metallb-layer2").GetProperty("summary").GetString());
        Assert.Contains("kubeadm", Finding(json, "kube-proxy-manager").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task An_answer_the_client_cannot_decode_is_a_local_failure_exit_70_not_an_API_failure()
    {
        // data values must be strings; the client's decoder fails on this side, after the server answered.
        var cm = Manifests.KubeProxyConfigMap("mode: ipvs\n");
        cm["data"]!["config.conf"] = 5;
        _api.Add(cm);
        var r = await Check();
        r.AssertExit(70);
        Assert.StartsWith("arpdoctor: check: get configmap kube-system/kube-proxy: ArpDoctor could not encode the request or decode the answer", r.Err);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    [InlineData(16_384)] // piped without COLUMNS: no wrapping, and no padding to the width either
    public async Task Text_wraps_prose_with_a_hanging_indent_and_never_cuts_an_address(int width)
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        var r = await CliRun.RunAsync(["check", "--kubeconfig", Kubeconfig], arrange: console => console.Profile.Width = width);
        r.AssertExit(1);
        var lines = r.Out.Split('\n');
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= width, $"{l.TrimEnd().Length} > {width}: {l}"));
        Assert.All(lines, l => Assert.True(l.Length <= Math.Max(200, l.TrimEnd().Length + 80), $"a line padded to {l.Length} columns"));
        // Every line of a finding is indented: nothing falls back to column 0 but the headings.
        Assert.All(lines.Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0])),
            l => Assert.Matches(@"^(Cluster |CRITICAL|WARNING|INFO|LoadBalancer Services|─|\d+ critical|\s*$)", l));
        Assert.Contains("203.0.113.10", r.Out);
        Assert.Contains("shop/web", r.Out);
    }

    [Fact]
    public async Task Json_lists_LoadBalancer_services_with_the_newest_ServiceL2Status_as_announcer()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        var json = JsonDocument.Parse((await Check("-o", "json")).Out).RootElement;
        var service = Assert.Single(json.GetProperty("services").EnumerateArray());
        Assert.Equal("shop", service.GetProperty("namespace").GetString());
        Assert.Equal("web", service.GetProperty("name").GetString());
        Assert.Equal(["203.0.113.10"], service.GetProperty("vips").EnumerateArray().Select(v => v.GetString()));
        // Statuses say n1 (older) and n2 (newer); the event's n3 is only the fallback.
        Assert.Equal("n2", service.GetProperty("announcer").GetString());
        Assert.Equal("must-change", json.GetProperty("verdict").GetString());
        foreach (var f in json.GetProperty("findings").EnumerateArray())
            Assert.Equal(["id", "severity", "summary", "evidence", "remediation", "unknown"], f.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Without_ServiceL2Status_the_newest_nodeAssigned_event_names_the_announcer()
    {
        _api.Add(Manifests.KubeProxyConfigMap(Manifests.TestData("kube-proxy/kubeadm-ipvs.conf")));
        _api.Add(Manifests.KubeProxyDaemonSet());
        Manifests.AddNodes(_api);
        _api.Add(Manifests.Speaker("v0.13.12"));
        _api.Add(Manifests.L2Advertisement("default"));
        _api.Add(Manifests.LoadBalancer("shop", "web", "203.0.113.10"));
        _api.Add(Manifests.NodeAssigned("web.1", "shop", "web", "n1", "2026-01-01T09:00:00Z"));
        _api.Add(Manifests.NodeAssigned("web.2", "shop", "web", "n3", "2026-01-05T09:00:00Z"));
        var json = JsonDocument.Parse((await Check("-o", "json")).Out).RootElement;
        Assert.Equal("n3", json.GetProperty("services")[0].GetProperty("announcer").GetString());
    }

    [Theory]
    [InlineData("kube-proxy/kubeadm-ipvs-strict.conf", "strict-arp-on")]
    [InlineData("kube-proxy/kubeadm-iptables.conf", "kube-proxy-mode")]
    public async Task Nothing_to_change_exits_0(string config, string expected)
    {
        Manifests.Kubeadm(_api, Manifests.TestData(config));
        var r = await Check("-o", "json");
        r.AssertExit(0);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.True(Has(json, expected));
        Assert.False(Has(json, "strict-arp-off"));
        Assert.Equal(JsonValueKind.Null, Finding(json, "kube-proxy-manager").GetProperty("remediation").ValueKind);
    }

    [Fact]
    public async Task Empty_mode_means_iptables()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-iptables.conf"));
        var json = JsonDocument.Parse((await Check("-o", "json")).Out).RootElement;
        Assert.Equal("kube-proxy runs in iptables mode", Finding(json, "kube-proxy-mode").GetProperty("summary").GetString());
    }

    [Theory]
    // strictARP: null, ~ and an empty value are the zero value to kube-proxy: it starts, with strictARP false.
    [InlineData("  strictARP: null\n")]
    [InlineData("  strictARP: ~\n")]
    [InlineData("  strictARP:\n")]
    public async Task A_null_strictARP_is_false_as_kube_proxy_reads_it(string line)
    {
        var config = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf").Replace("  strictARP: false\n", line, StringComparison.Ordinal);
        Manifests.Kubeadm(_api, config);
        var r = await Check("-o", "json");
        r.AssertExit(1);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("critical", Finding(json, "strict-arp-off").GetProperty("severity").GetString());
        Assert.Contains(Finding(json, "strict-arp-off").GetProperty("evidence").EnumerateArray(), e => e.GetString()!.EndsWith("(null: kube-proxy reads it as false)", StringComparison.Ordinal));

        var fix = await CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--dry-run", "--backup-dir", _dir]);
        fix.AssertExit(1);
        Assert.Contains("+  strictARP: true", fix.Out);
    }

    [Theory]
    // A string or a number where kube-proxy wants a boolean is a fatal decoding error, not a strict-mode one, so its lenient
    // fallback is not tried (cmd/kube-proxy/app/options.go loadConfig): kube-proxy exits and its pods crash-loop on restart.
    // These were a warning that said so, and the run ended "nothing must change" with exit 0.
    [InlineData("  strictARP: \"true\"\n", "ipvs.strictARP \"true\" is a quoted string")]
    [InlineData("  strictARP: 'false'\n", "ipvs.strictARP 'false' is a quoted string")]
    [InlineData("  strictARP: 1\n", "ipvs.strictARP 1 is a number")]
    public async Task A_strictARP_kube_proxy_cannot_decode_is_critical_and_never_exit_0(string line, string why)
    {
        var config = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf").Replace("  strictARP: false\n", line, StringComparison.Ordinal);
        Manifests.Kubeadm(_api, config);
        foreach (var format in new[] { "json", "text" })
        {
            var r = await Check("-o", format);
            r.AssertExit(1);
            if (format == "text")
            {
                Assert.DoesNotContain("nothing must change", r.Out);
                continue;
            }
            var json = JsonDocument.Parse(r.Out).RootElement;
            var invalid = Finding(json, "kube-proxy-config-invalid");
            Assert.Equal("critical", invalid.GetProperty("severity").GetString());
            Assert.Contains(why, invalid.GetProperty("summary").GetString());
            Assert.Contains("crash-loop", invalid.GetProperty("summary").GetString());
            Assert.False(Has(json, "strict-arp-on"));
        }
    }

    [Theory]
    // kube-proxy decodes strictly, then leniently (cmd/kube-proxy/app/server.go loadConfig): the last of a repeated key
    // wins, and only the first YAML document is read. Both were "nothing must change" (exit 0) before, then "does not parse".
    [InlineData("  strictARP: true\n  strictARP: false\n", "", "ipvs.strictARP is written twice")]
    [InlineData("  strictARP: false\n", "---\nipvs:\n  strictARP: true\n", "2 YAML documents: kube-proxy reads only the first")]
    public async Task A_config_kube_proxy_reads_leniently_is_judged_by_what_it_reads_and_fix_refuses_to_edit_it(string lines, string after, string ambiguity)
    {
        var config = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf").Replace("  strictARP: false\n", lines, StringComparison.Ordinal) + after;
        Manifests.Kubeadm(_api, config);
        var r = await Check("-o", "json");
        r.AssertExit(1);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("critical", Finding(json, "strict-arp-off").GetProperty("severity").GetString());
        var ambiguous = Finding(json, "kube-proxy-config-ambiguous");
        Assert.Equal("warning", ambiguous.GetProperty("severity").GetString());
        Assert.Contains(ambiguity, ambiguous.GetProperty("summary").GetString());

        var fix = await CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--yes", "--backup-dir", _dir]);
        Assert.NotEqual(0, fix.Exit);
        Assert.Contains(ambiguity, fix.Err);
        Assert.Equal(config, _api.ConfigMapData("kube-system", "kube-proxy", "config.conf"));
    }

    [Fact]
    public async Task A_boolean_flag_with_its_value_as_a_separate_word_is_a_command_line_kube_proxy_refuses()
    {
        // pflag: '--ipvs-strict-arp false' is the flag (true) plus an argument, which kube-proxy refuses. It was read as on.
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"), kubeProxyCommand: ["/usr/local/bin/kube-proxy", "--proxy-mode=ipvs", "--ipvs-strict-arp", "false"]);
        var r = await Check("-o", "json");
        r.AssertExit(1);
        var json = JsonDocument.Parse(r.Out).RootElement;
        var invalid = Finding(json, "kube-proxy-config-invalid");
        Assert.Equal("critical", invalid.GetProperty("severity").GetString());
        Assert.Contains("stray argument 'false'", invalid.GetProperty("summary").GetString());
        Assert.False(Has(json, "strict-arp-on"));
    }

    [Fact]
    public async Task A_mode_kube_proxy_refuses_is_a_critical_finding_of_its_own()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf").Replace("mode: \"ipvs\"", "mode: \"IPVS\"", StringComparison.Ordinal));
        var r = await Check("-o", "json");
        r.AssertExit(1);
        var json = JsonDocument.Parse(r.Out).RootElement;
        var invalid = Finding(json, "kube-proxy-config-invalid");
        Assert.Equal("critical", invalid.GetProperty("severity").GetString());
        Assert.Contains("refuses proxy mode \"IPVS\"", invalid.GetProperty("summary").GetString());
        Assert.False(Has(json, "strict-arp-off"));
    }

    [Fact]
    public async Task With_config_a_proxy_mode_flag_is_ignored_as_kube_proxy_ignores_it()
    {
        // kube-proxy: "This parameter is ignored if a config file is specified by --config". mode "" is iptables.
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-iptables.conf"), ["--proxy-mode=ipvs"]);
        var r = await Check("-o", "json");
        r.AssertExit(0);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("kube-proxy runs in iptables mode", Finding(json, "kube-proxy-mode").GetProperty("summary").GetString());
        Assert.False(Has(json, "strict-arp-off"));
        var ignored = Finding(json, "kube-proxy-flags-ignored");
        Assert.Equal("warning", ignored.GetProperty("severity").GetString());
        Assert.Contains("--proxy-mode=ipvs", ignored.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task With_config_a_strict_arp_flag_does_not_hide_strictARP_false_in_the_file()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"), ["--ipvs-strict-arp"]);
        var r = await Check("-o", "json");
        r.AssertExit(1);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("critical", Finding(json, "strict-arp-off").GetProperty("severity").GetString());
        Assert.Contains(Finding(json, "strict-arp-off").GetProperty("evidence").EnumerateArray(),
            e => e.GetString() == "daemonset kube-system/kube-proxy flag --ipvs-strict-arp: ignored, --config is given");
        Assert.True(Has(json, "kube-proxy-flags-ignored"));
    }

    [Theory]
    // flags of a kube-proxy container without --config, exit, finding
    [InlineData(new[] { "--proxy-mode=ipvs" }, 1, "strict-arp-off")]
    [InlineData(new[] { "--proxy-mode", "ipvs", "--ipvs-strict-arp=true" }, 0, "strict-arp-on")]
    [InlineData(new string[0], 0, "kube-proxy-mode")]
    public async Task Without_config_kube_proxy_runs_on_its_flags_and_defaults(string[] flags, int exit, string finding)
    {
        var config = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        Manifests.Kubeadm(_api, config, kubeProxyCommand: ["/usr/local/bin/kube-proxy", "--hostname-override=$(NODE_NAME)", .. flags]);
        var r = await Check("-o", "json");
        r.AssertExit(exit);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.True(Has(json, finding));
        // Shown once, under the first (most severe) finding it shows.
        Assert.Contains(json.GetProperty("findings").EnumerateArray().SelectMany(f => f.GetProperty("evidence").EnumerateArray()),
            e => e.GetString() == "daemonset kube-system/kube-proxy has no --config: kube-proxy runs on its flags and defaults");
        // The ConfigMap says ipvs with strictARP false, but kube-proxy does not read it.
        if (flags.Length == 0) Assert.Equal("kube-proxy runs in iptables mode", Finding(json, "kube-proxy-mode").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task The_config_file_is_followed_through_the_volume_to_any_ConfigMap_name_and_key()
    {
        // EKS' shape: --config=/var/lib/kube-proxy-config/config, ConfigMap kube-proxy-config, key config.
        var cm = Manifests.KubeProxyConfigMap(Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        cm["metadata"]!["name"] = "kube-proxy-config";
        cm["data"] = new System.Text.Json.Nodes.JsonObject { ["config"] = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf") };
        _api.Add(cm);
        var ds = Manifests.KubeProxyDaemonSet();
        var container = ds["spec"]!["template"]!["spec"]!["containers"]![0]!;
        container["command"] = new System.Text.Json.Nodes.JsonArray("kube-proxy", "--v=2", "--config=/var/lib/kube-proxy-config/config", "--hostname-override=$(NODE_NAME)");
        container["volumeMounts"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["name"] = "config", ["mountPath"] = "/var/lib/kube-proxy-config/" });
        ds["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["name"] = "config", ["configMap"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "kube-proxy-config" } });
        _api.Add(ds);
        Manifests.AddNodes(_api);
        _api.Add(Manifests.Speaker());
        _api.Add(Manifests.L2Advertisement("default"));
        var r = await Check("-o", "json");
        r.AssertExit(1);
        var evidence = Finding(JsonDocument.Parse(r.Out).RootElement, "strict-arp-off").GetProperty("evidence").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("configmap kube-system/kube-proxy-config key config ipvs.strictARP: false", evidence);
    }

    [Fact]
    public async Task Without_kube_proxy_the_cluster_is_not_affected()
    {
        Manifests.AddNodes(_api);
        _api.Add(Manifests.Speaker());
        _api.Add(Manifests.L2Advertisement("default"));
        var r = await Check("-o", "json");
        r.AssertExit(0);
        Assert.True(Has(JsonDocument.Parse(r.Out).RootElement, "kube-proxy-absent"));
    }

    [Fact]
    public async Task Bgp_only_MetalLB_makes_ARP_irrelevant()
    {
        _api.Add(Manifests.KubeProxyConfigMap(Manifests.TestData("kube-proxy/kubeadm-ipvs.conf")));
        _api.Add(Manifests.KubeProxyDaemonSet());
        Manifests.AddNodes(_api);
        _api.Add(Manifests.Speaker());
        _api.InstallCrd("l2advertisements");
        _api.Add(Manifests.BgpAdvertisement("peers"));
        var r = await Check("-o", "json");
        r.AssertExit(0);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.True(Has(json, "metallb-bgp-only"));
        Assert.Equal("info", Finding(json, "strict-arp-off").GetProperty("severity").GetString());
    }

    [Theory]
    [InlineData("metallb/legacy-config.yaml", "metallb-layer2", 1)]
    [InlineData("metallb/legacy-bgp-config.yaml", "metallb-bgp-only", 0)]
    public async Task The_legacy_MetalLB_ConfigMap_says_which_protocol(string config, string expected, int exit)
    {
        _api.Add(Manifests.KubeProxyConfigMap(Manifests.TestData("kube-proxy/kubeadm-ipvs.conf")));
        _api.Add(Manifests.KubeProxyDaemonSet());
        Manifests.AddNodes(_api);
        _api.Add(Manifests.Speaker("v0.12.1"));
        _api.Add(Manifests.LegacyMetalLbConfig(Manifests.TestData(config)));
        var r = await Check("-o", "json");
        r.AssertExit(exit);
        Assert.True(Has(JsonDocument.Parse(r.Out).RootElement, expected));
    }

    [Fact]
    public async Task Without_MetalLB_strictARP_off_is_a_warning()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"), metalLb: false);
        var r = await Check("-o", "json");
        r.AssertExit(0);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("warning", Finding(json, "strict-arp-off").GetProperty("severity").GetString());
        Assert.True(Has(json, "metallb-absent"));
    }

    [Fact]
    public async Task Kkp_is_recognised_by_its_addon_label_and_the_Cluster_object_is_the_remedy()
    {
        _api.Add(Manifests.KubeProxyConfigMap(Manifests.TestData("kube-proxy/kkp-ipvs.conf"), new Dictionary<string, string> { ["kubermatic-addon"] = "kube-proxy" }));
        _api.Add(Manifests.KubeProxyDaemonSet(labels: new Dictionary<string, string> { ["kubermatic-addon"] = "kube-proxy", ["k8s-app"] = "kube-proxy" }));
        Manifests.AddNodes(_api);
        _api.Add(Manifests.Speaker());
        _api.Add(Manifests.L2Advertisement("default"));
        var json = JsonDocument.Parse((await Check("-o", "json")).Out).RootElement;
        Assert.Contains("Kubermatic KKP", Finding(json, "kube-proxy-manager").GetProperty("summary").GetString());
        Assert.Contains("spec.clusterNetwork.ipvs.strictArp: true", Finding(json, "strict-arp-off").GetProperty("remediation").GetString());
    }

    [Fact]
    public async Task KubeOne_is_recognised_by_its_node_labels()
    {
        _api.Add(Manifests.KubeProxyConfigMap(Manifests.TestData("kube-proxy/kubeone-ipvs.conf")));
        _api.Add(Manifests.KubeProxyDaemonSet());
        Manifests.AddNodes(_api, labels: new Dictionary<string, string> { ["v1.kubeone.io/operating-system"] = "ubuntu" });
        var json = JsonDocument.Parse((await Check("-o", "json")).Out).RootElement;
        Assert.Contains("KubeOne", Finding(json, "kube-proxy-manager").GetProperty("summary").GetString());
        Assert.Contains("clusterNetwork.kubeProxy.ipvs.strictARP: true", Finding(json, "strict-arp-off").GetProperty("remediation").GetString());
    }

    [Fact]
    public async Task Rke2_without_a_ConfigMap_points_at_kube_proxy_arg()
    {
        Manifests.AddNodes(_api, kubeletVersion: "v1.30.6+rke2r1");
        _api.Add(Manifests.Speaker());
        _api.Add(Manifests.L2Advertisement("default"));
        var json = JsonDocument.Parse((await Check("-o", "json")).Out).RootElement;
        Assert.Contains("ipvs-strict-arp=true", Finding(json, "kube-proxy-config-unreadable").GetProperty("remediation").GetString());
        Assert.Contains("RKE2", Finding(json, "kube-proxy-manager").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task From_Kubernetes_1_35_IPVS_is_deprecated_and_nftables_suggested()
    {
        _api.Add(Manifests.KubeProxyConfigMap(Manifests.TestData("kube-proxy/kubeadm-ipvs-strict.conf")));
        _api.Add(Manifests.KubeProxyDaemonSet());
        Manifests.AddNodes(_api, kubeletVersion: "v1.35.0");
        var json = JsonDocument.Parse((await Check("-o", "json")).Out).RootElement;
        var f = Finding(json, "ipvs-deprecated");
        Assert.Equal("warning", f.GetProperty("severity").GetString());
        Assert.Contains("nftables", f.GetProperty("remediation").GetString());
    }

    [Fact]
    public async Task Text_output_is_grouped_by_severity_most_severe_first()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        var r = await Check();
        r.AssertExit(1);
        int critical = r.Out.IndexOf("CRITICAL", StringComparison.Ordinal), info = r.Out.IndexOf("INFO", StringComparison.Ordinal);
        Assert.True(critical >= 0 && info > critical, r.Out);
        Assert.True(r.Out.IndexOf("strict-arp-off", StringComparison.Ordinal) < info);
        Assert.Contains("shop/web", r.Out);
        Assert.Contains("something must change", r.Out);
    }

    [Fact]
    public async Task A_needed_read_forbidden_is_one_line_naming_the_missing_permission_as_kubectl_auth_can_i_and_exit_4()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        _api.Forbid("list", "daemonsets");
        var r = await Check();
        r.AssertExit(4);
        Assert.StartsWith("arpdoctor: check: list daemonsets in all namespaces: forbidden:", r.Err);
        Assert.Contains("cannot list resource \"daemonsets\" in API group \"apps\"", r.Err);
        Assert.Contains("the permission missing: 'kubectl auth can-i list daemonsets.apps -A'", r.Err);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task The_file_kube_proxy_reads_is_needed_so_its_ConfigMap_forbidden_is_exit_4()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        _api.Forbid("get", "configmaps");
        var r = await Check();
        r.AssertExit(4);
        Assert.Contains("'kubectl auth can-i get configmaps/kube-proxy -n kube-system'", r.Err);
    }

    [Fact]
    public async Task Without_kube_proxy_in_the_API_the_nodes_decide_so_nodes_forbidden_is_exit_4_not_an_all_clear()
    {
        // k3s and RKE2 run kube-proxy inside their own process, seen only in the nodes' annotations.
        Manifests.AddNodes(_api);
        _api.Forbid("list", "nodes");
        var r = await Check();
        r.AssertExit(4);
        Assert.StartsWith("arpdoctor: check: list nodes: forbidden:", r.Err);
        Assert.Contains("'kubectl auth can-i list nodes'", r.Err);
    }

    [Theory]
    [InlineData("list", "nodes", "unread-nodes", "could not read nodes (forbidden): the platform that manages kube-proxy and the Kubernetes version are not known")]
    [InlineData("list", "leases", "unread-leases", "could not read leases (forbidden): the kube-vip and Cilium announcers' nodes are not known")]
    [InlineData("list", "events", "unread-events", "could not read events (forbidden): MetalLB's nodeAssigned events do not name announcing nodes")]
    [InlineData("list", "services", "unread-services", "could not read services (forbidden): the LoadBalancer Services and their VIPs are not listed")]
    [InlineData("get", "configmaps", "unread-configmap-kubeadm-config", "could not read configmap kube-system/kubeadm-config (forbidden): Kubespray is not told apart from kubeadm")]
    public async Task An_optional_read_forbidden_is_a_note_and_the_verdict_stands(string verb, string resource, string id, string note)
    {
        // The ConfigMap kube-proxy reads is needed; only kubeadm-config is forbidden in the configmaps case.
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        if (resource == "configmaps") _api.ForbidNamed("get", "configmaps", "kubeadm-config");
        else _api.Forbid(verb, resource);
        var r = await Check("-o", "json");
        r.AssertExit(1);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("critical", Finding(json, "strict-arp-off").GetProperty("severity").GetString());
        var unread = Finding(json, id);
        Assert.Equal(note, unread.GetProperty("summary").GetString());
        Assert.Equal("info", unread.GetProperty("severity").GetString());
        Assert.Contains("kubectl auth can-i", unread.GetProperty("remediation").GetString());
    }

    [Fact]
    public async Task Under_the_builtin_view_ClusterRole_check_gives_the_kube_proxy_verdict_and_notes_what_view_cannot_read()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        _api.GrantOnly(Deploy.YamlDocs.Parse(Manifests.TestData("rbac/view.yaml")).Single());
        var r = await Check("-o", "json");
        r.AssertExit(1);
        Assert.Equal("", r.Err);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("critical", Finding(json, "strict-arp-off").GetProperty("severity").GetString());
        // MetalLB's speaker is seen, its advertisements are not: taken to announce in layer 2, the reading that hides nothing.
        Assert.Contains("taken to announce in layer 2", Finding(json, "metallb-unknown").GetProperty("summary").GetString());
        var notes = json.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).Where(id => id!.StartsWith("unread-", StringComparison.Ordinal)).Order();
        // view reads no nodes, no leases and no custom resources; configmaps, daemonsets, services and events it reads.
        Assert.Equal(["unread-eips", "unread-leases", "unread-metallb-advertisements", "unread-nodes", "unread-servicel2statuses"], notes);
        Assert.Contains("'kubectl auth can-i list leases.coordination.k8s.io -A'", Finding(json, "unread-leases").GetProperty("remediation").GetString());
        // The Service is still listed, its announcer from MetalLB's nodeAssigned event (events are readable).
        var service = Assert.Single(json.GetProperty("services").EnumerateArray());
        Assert.Equal("n3", service.GetProperty("announcer").GetString());
    }

    [Theory]
    // The ConfigMap was set to strictARP: true after the DaemonSet's last restart: whether the pods read it is unknown.
    [InlineData("kubeadm-restart-pending", 5)]
    // restartedAt is newer than the ConfigMap's last write and the rollout is complete: the running pods read it.
    [InlineData("kubeadm-ipvs-strict", 0)]
    public async Task StrictARP_on_with_pods_unreadable_is_cannot_tell_unless_a_restart_after_the_write_rolled_out(string fixture, int exit)
    {
        // Before, the running pods were taken to read the file: strict-arp-on, "nothing must change", exit 0, in both cases.
        ClusterFixtures.Load(_api, fixture);
        _api.Forbid("list", "pods");
        var r = await Check("-o", "json");
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("info", Finding(json, "strict-arp-on").GetProperty("severity").GetString());
        var ids = json.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        r.AssertExit(exit);
        if (exit == 0)
        {
            Assert.DoesNotContain("restart-unknown", ids);
            return;
        }
        var unknown = Finding(json, "restart-unknown");
        Assert.True(unknown.GetProperty("unknown").GetBoolean());
        Assert.Contains("kubectl rollout restart", unknown.GetProperty("remediation").GetString());
        Assert.Equal("cannot-tell", json.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Under_the_documented_check_ClusterRole_nothing_goes_unread_and_nothing_granted_goes_unused()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        var role = CliRoles.Role("arpdoctor-check");
        _api.GrantOnly(role);
        var r = await Check("-o", "json");
        r.AssertExit(1);
        Assert.DoesNotContain("unread-", r.Out);
        Assert.Equal(CliRoles.Granted(role), new SortedSet<string>(_api.Used, StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_server_is_one_line_and_exit_4()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var kubeconfig = _api.WriteKubeconfig(_dir, $"http://127.0.0.1:{port}");
        var r = await CliRun.RunAsync(["check", "--kubeconfig", kubeconfig]);
        r.AssertExit(4);
        Assert.StartsWith($"arpdoctor: check: list daemonsets in all namespaces: http://127.0.0.1:{port}", r.Err);
        Assert.Contains("unreachable", r.Err);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public async Task An_untrusted_server_certificate_is_a_TLS_error_and_exit_4()
    {
        await using var tls = await FakeKubeApi.StartAsync(tls: true);
        Assert.Equal("https", tls.Url.Scheme);
        var r = await CliRun.RunAsync(["check", "--kubeconfig", tls.WriteKubeconfig(_dir)]);
        r.AssertExit(4);
        Assert.StartsWith($"arpdoctor: check: list daemonsets in all namespaces: TLS handshake with {tls.Url.ToString().TrimEnd('/')} failed:", r.Err);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
    }

    [Theory]
    // the name the cluster CA signed the server's certificate for, tls-server-name, exit
    [InlineData("some-other-host.example", null, 4)]
    [InlineData("127.0.0.1", null, 0)]
    [InlineData("api.cluster.example", "api.cluster.example", 0)]
    [InlineData("api.cluster.example", "other.cluster.example", 4)]
    public async Task The_server_certificate_must_name_the_server_even_when_the_kubeconfig_names_a_CA(string certifiedName, string? tlsServerName, int exit)
    {
        using var ca = TestCertificates.Authority();
        using var serverCert = TestCertificates.Issue(ca, certifiedName);
        await using var tls = await FakeKubeApi.StartAsync(certificate: serverCert);
        Manifests.Kubeadm(tls, Manifests.TestData("kube-proxy/kubeadm-ipvs-strict.conf"));
        var r = await CliRun.RunAsync(["check", "--kubeconfig", tls.WriteKubeconfig(_dir,
            certificateAuthorityData: Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(ca.ExportCertificatePem())), tlsServerName: tlsServerName)]);
        r.AssertExit(exit);
        if (exit == 4)
        {
            Assert.StartsWith($"arpdoctor: check: list daemonsets in all namespaces: TLS handshake with {tls.Url.ToString().TrimEnd('/')} failed:", r.Err);
            // Nothing reached the server, so neither did the bearer token.
            Assert.Equal(0, tls.Requests);
        }
    }

    [Theory]
    [InlineData(new[] { "check", "--kubeconfig", "/nonexistent/kubeconfig" }, "arpdoctor: check: --kubeconfig /nonexistent/kubeconfig: no such file")]
    [InlineData(new[] { "check", "-o", "yaml" }, "arpdoctor: check: ")]
    // These were exit 3 "unexpected error" (the client library tripped on them).
    [InlineData(new[] { "check", "--kubeconfig", "/dev/null" }, "arpdoctor: check: kubeconfig /dev/null: the file is empty")]
    [InlineData(new[] { "check", "--request-timeout", "NaN" }, "arpdoctor: check: --request-timeout 'NaN' is not a duration")]
    public async Task Bad_input_is_one_line_and_exit_2(string[] args, string expected)
    {
        var r = await CliRun.RunAsync(args);
        r.AssertExit(2);
        Assert.StartsWith(expected, r.Err);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task An_unknown_context_is_bad_input()
    {
        var r = await CliRun.RunAsync(["check", "--kubeconfig", Kubeconfig, "--context", "nope"]);
        r.AssertExit(2);
        Assert.StartsWith("arpdoctor: check: kubeconfig:", r.Err);
        Assert.Contains("nope", r.Err);
    }
}
