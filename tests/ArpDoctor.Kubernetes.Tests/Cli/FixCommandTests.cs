using System.Text.Json.Nodes;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Spectre.Console.Testing;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary><c>arpdoctor fix</c> end to end: the fake API server's resulting state is what is asserted.</summary>
public sealed class FixCommandTests : IAsyncLifetime
{
    private const string Ns = "kube-system", Name = "kube-proxy", Key = "config.conf";
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-fix-").FullName;
    private string _backups = null!;
    private string Kubeconfig => _api.WriteKubeconfig(_dir);

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

    private Task<CliOutcome> Fix(params string[] extra) =>
        CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--backup-dir", _backups, .. extra]);

    private string? Config => _api.ConfigMapData(Ns, Name, Key);
    private string ResourceVersion => _api.Get("configmaps", Ns, Name)!["metadata"]!["resourceVersion"]!.GetValue<string>();
    private JsonObject TemplateAnnotations => _api.Get("daemonsets", Ns, Name)!["spec"]!["template"]!["metadata"]!["annotations"]!.AsObject();

    [Fact]
    public async Task Yes_writes_strictARP_true_changing_only_that_value_backs_up_and_restarts()
    {
        var original = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        Manifests.Kubeadm(_api, original);
        var r = await Fix("--yes");
        r.AssertExit(0);
        Assert.Equal(original.Replace("  strictARP: false\n", "  strictARP: true\n", StringComparison.Ordinal), Config);
        // The other key of the ConfigMap is untouched.
        Assert.Contains("server: https://192.0.2.11:6443", _api.ConfigMapData(Ns, Name, "kubeconfig.conf"));

        var backup = Assert.Single(Directory.GetFiles(_backups));
        Assert.Contains(backup, r.Out.Replace("\n", "", StringComparison.Ordinal));
        var saved = JsonNode.Parse(File.ReadAllText(backup))!;
        Assert.Equal(original, saved["data"]![Key]!.GetValue<string>());
        Assert.Equal("ConfigMap", saved["kind"]!.GetValue<string>());

        var annotations = TemplateAnnotations;
        Assert.True(DateTimeOffset.TryParse(annotations["kubectl.kubernetes.io/restartedAt"]!.GetValue<string>(), out _));
        Assert.Equal("true", annotations["prometheus.io/scrape"]!.GetValue<string>());
        Assert.Equal("platform-team", annotations["example.com/owner"]!.GetValue<string>());
        // The DaemonSet restart is kubectl's strategic merge; the ConfigMap write a JSON merge patch.
        Assert.Equal(["application/merge-patch+json", "application/strategic-merge-patch+json"], _api.PatchContentTypes.Select(t => t.Split(';')[0]));
        Assert.Contains("--- a/config.conf", r.Out);
        Assert.Contains("-  strictARP: false", r.Out);
        Assert.Contains("+  strictARP: true", r.Out);
        Assert.Contains("successfully rolled out (3 pods)", r.Out);
        var ds = _api.Get("daemonsets", Ns, Name)!;
        Assert.Equal(3, ds["status"]!["updatedNumberScheduled"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_second_run_says_there_is_nothing_to_do_and_writes_nothing()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        (await Fix("--yes")).AssertExit(0);
        var version = ResourceVersion;
        var restartedAt = TemplateAnnotations["kubectl.kubernetes.io/restartedAt"]!.GetValue<string>();
        var second = await Fix("--yes");
        second.AssertExit(0);
        Assert.Contains("nothing to do", second.Out);
        Assert.Equal(version, ResourceVersion);
        Assert.Equal(restartedAt, TemplateAnnotations["kubectl.kubernetes.io/restartedAt"]!.GetValue<string>());
        Assert.Single(Directory.GetFiles(_backups));
    }

    [Fact]
    public async Task Dry_run_shows_the_diff_and_writes_nothing()
    {
        var original = Manifests.TestData("kube-proxy/kubeone-ipvs.conf");
        Manifests.Kubeadm(_api, original);
        var version = ResourceVersion;
        var r = await Fix("--dry-run");
        r.AssertExit(1);
        Assert.Contains("+  strictARP: true", r.Out);
        // The rest of the plan, not carried out: the backup, the write, the restart.
        Assert.Contains("Would back up configmap kube-system/kube-proxy (into the backup directory), write strictARP: true to its key config.conf, then restart daemonset kube-system/kube-proxy and wait for its rollout.", r.Out);
        Assert.Contains("--dry-run: nothing written", r.Out);
        Assert.Equal(original, Config);
        Assert.Equal(version, ResourceVersion);
        Assert.Empty(Directory.GetFiles(_backups));
        Assert.False(TemplateAnnotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
    }

    [Fact]
    public async Task Without_a_terminal_and_without_yes_it_refuses_with_exit_2()
    {
        var original = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        Manifests.Kubeadm(_api, original);
        var r = await Fix();
        r.AssertExit(2);
        Assert.StartsWith("arpdoctor: fix: refusing to write without confirmation", r.Err);
        Assert.Equal(original, Config);
        Assert.Empty(Directory.GetFiles(_backups));
    }

    [Theory]
    [InlineData("y", 0)]
    [InlineData("n", 1)]
    public async Task On_a_terminal_it_asks(string answer, int exit)
    {
        var original = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        Manifests.Kubeadm(_api, original);
        var r = await CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--backup-dir", _backups], arrange: console =>
        {
            console.Interactive();
            console.Input.PushTextWithEnter(answer);
        });
        r.AssertExit(exit);
        Assert.Equal(answer == "y", Config!.Contains("strictARP: true", StringComparison.Ordinal));
        Assert.Equal(answer == "y", TemplateAnnotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
    }

    [Theory]
    [InlineData(new[] { 2 }, 0, "healthy")]
    [InlineData(new[] { 1, 2, 3 }, 1, "conflict")]
    public async Task Verify_probes_the_VIP_after_the_rollout(int[] answering, int exit, string verdict)
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        var vip = Core.Packets.Ipv4Address.Parse("203.0.113.10");
        var hosts = answering.ToDictionary(n => new Core.Packets.MacAddress(0x0200_0000_0000UL + (ulong)n), _ => new[] { vip });
        var r = await CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--backup-dir", _backups, "--yes", "--verify", "203.0.113.10", "-i", "eth0"],
            name => (TestKit.Fakes.TimedFakeArpLink.Segment(name, Core.Packets.MacAddress.Parse("02:00:00:00:00:fe"), TimeProvider.System, hosts), null));
        r.AssertExit(exit);
        Assert.Contains($"Verify 203.0.113.10 on eth0: {verdict}", r.Out);
        Assert.Contains("strictARP: true", Config);
    }

    [Fact]
    public async Task A_concurrent_change_between_read_and_write_is_kept()
    {
        var original = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        Manifests.Kubeadm(_api, original);
        // Someone else changes clusterCIDR after fix read the ConfigMap and before its write lands.
        _api.BeforeNextConfigMapWrite = api => api.EditConfigMap(Ns, Name, Key, t => t.Replace("clusterCIDR: 10.244.0.0/16", "clusterCIDR: 10.250.0.0/16", StringComparison.Ordinal));
        var r = await Fix("--yes", "--no-restart");
        r.AssertExit(0);
        var expected = original
            .Replace("clusterCIDR: 10.244.0.0/16", "clusterCIDR: 10.250.0.0/16", StringComparison.Ordinal)
            .Replace("  strictARP: false\n", "  strictARP: true\n", StringComparison.Ordinal);
        Assert.Equal(expected, Config);
        Assert.Contains("changed since it was read", r.Out);
        // Both versions that were about to be replaced were backed up.
        Assert.Equal(2, Directory.GetFiles(_backups).Length);
    }

    [Fact]
    public async Task A_writer_that_keeps_getting_in_first_makes_fix_give_up_without_overwriting()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        int writes = 0;
        void Interfere(FakeKubeApi api)
        {
            api.EditConfigMap(Ns, Name, Key, t => t.Replace("clusterCIDR: ", "#\nclusterCIDR: ", StringComparison.Ordinal));
            writes++;
            api.BeforeNextConfigMapWrite = Interfere;
        }
        _api.BeforeNextConfigMapWrite = Interfere;
        var r = await Fix("--yes");
        r.AssertExit(1);
        Assert.StartsWith("arpdoctor: fix: configmap kube-system/kube-proxy changed under every one of 5 attempts", r.Err);
        Assert.Equal(5, writes);
        Assert.Contains("strictARP: false", Config);
        Assert.Equal(5, Config!.Split("#\n").Length - 1);
    }

    [Fact]
    public async Task When_the_other_writer_already_set_strictARP_nothing_more_is_written()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        _api.BeforeNextConfigMapWrite = api => api.EditConfigMap(Ns, Name, Key, t => t.Replace("strictARP: false", "strictARP: true", StringComparison.Ordinal));
        var r = await Fix("--yes");
        r.AssertExit(0);
        Assert.Contains("already true", r.Out);
        Assert.False(TemplateAnnotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
    }

    [Fact]
    public async Task Kkp_is_refused_with_the_durable_fix_and_force_patches_anyway()
    {
        var original = Manifests.TestData("kube-proxy/kkp-ipvs.conf");
        _api.Add(Manifests.KubeProxyConfigMap(original, new Dictionary<string, string> { ["kubermatic-addon"] = "kube-proxy" }));
        _api.Add(Manifests.KubeProxyDaemonSet());
        Manifests.AddNodes(_api);
        var refused = await Fix("--yes");
        refused.AssertExit(1);
        // The refusal comes before the diff it shows, so the diff does not read as a change made.
        Assert.InRange(refused.Out.IndexOf("not patching", StringComparison.Ordinal), 0, refused.Out.IndexOf("--- a/config.conf", StringComparison.Ordinal));
        Assert.Contains("spec.clusterNetwork.ipvs.strictArp: true", string.Join(" ", refused.Out.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Contains("arpdoctor fix --emit kkp", refused.Out);
        Assert.Equal(original, Config);

        var forced = await Fix("--yes", "--force", "--no-restart");
        forced.AssertExit(0);
        Assert.Contains("warning: --force", forced.Out);
        // The comments of the KKP rendering survive.
        Assert.Equal(original.Replace("  strictARP: false", "  strictARP: true", StringComparison.Ordinal), Config);
    }

    [Fact]
    public async Task A_backup_dir_that_does_not_exist_yet_is_made_private()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        var dir = Path.Combine(_dir, "not", "yet");
        var r = await CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--backup-dir", dir, "--yes", "--no-restart"]);
        r.AssertExit(0);
        Assert.Single(Directory.GetFiles(dir));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        // A dry run writes nothing, not even the directory.
        var other = Path.Combine(_dir, "dry");
        (await CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--backup-dir", other, "--dry-run"])).AssertExit(0);
        Assert.False(Directory.Exists(other));
    }

    [Fact]
    public async Task A_backup_dir_that_is_a_file_is_refused_before_anything_is_read()
    {
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "");
        var r = await CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--backup-dir", file, "--yes"]);
        r.AssertExit(2);
        Assert.Equal($"arpdoctor: fix: --backup-dir {file}: a file, not a directory", r.Err.TrimEnd());
    }

    [Theory]
    [InlineData(40)]
    [InlineData(80)]
    public async Task The_backup_path_and_the_command_that_undoes_it_are_whole_on_one_line_at_any_width(int width)
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        var dir = Path.Combine(_backups, "a-rather-long-directory-name-for-backups-of-kube-proxy");
        var r = await CliRun.RunAsync(["fix", "--kubeconfig", Kubeconfig, "--backup-dir", dir, "--yes", "--no-restart"],
            arrange: console => console.Profile.Width = width);
        r.AssertExit(0);
        var backup = Assert.Single(Directory.GetFiles(dir));
        var lines = r.Out.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains(backup, lines);
        Assert.Contains($"arpdoctor fix --rollback {backup}", lines);
        // Everything else still fits the width.
        Assert.All(lines.Where(l => !l.Contains(backup, StringComparison.Ordinal)), l => Assert.True(l.Length <= width, l));
    }

    [Fact]
    public async Task Not_ipvs_means_nothing_to_fix()
    {
        var original = Manifests.TestData("kube-proxy/kubeadm-iptables.conf");
        Manifests.Kubeadm(_api, original);
        var r = await Fix("--yes");
        r.AssertExit(0);
        Assert.Contains("not ipvs", r.Out);
        Assert.Equal(original, Config);
    }

    [Fact]
    public async Task A_missing_ipvs_section_is_added()
    {
        var original = Manifests.TestData("kube-proxy/no-ipvs-section.conf");
        Manifests.Kubeadm(_api, original);
        (await Fix("--yes", "--no-restart")).AssertExit(0);
        Assert.Equal(original.Replace("kind: KubeProxyConfiguration\n", "ipvs:\n  strictARP: true\nkind: KubeProxyConfiguration\n", StringComparison.Ordinal), Config);
    }

    [Fact]
    public async Task Rollback_restores_the_backup_byte_for_byte()
    {
        var original = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        Manifests.Kubeadm(_api, original);
        (await Fix("--yes", "--no-restart")).AssertExit(0);
        var backup = Assert.Single(Directory.GetFiles(_backups));
        var r = await Fix("--yes", "--rollback", backup);
        r.AssertExit(0);
        Assert.Equal(original, Config);
        Assert.Contains("does not reset the ARP sysctls", r.Out);
        Assert.True(TemplateAnnotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
        var again = await Fix("--yes", "--rollback", backup);
        again.AssertExit(0);
        Assert.Contains("already matches the backup", again.Out);
    }

    [Fact]
    public async Task Fix_and_rollback_work_on_objects_as_a_real_server_returns_them()
    {
        // A real server returns managedFields (with fieldsV1) on every object; the client's serializer cannot write them
        // back, so a write that round-trips the object failed here before anything reached the server.
        var original = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        var cm = Manifests.KubeProxyConfigMap(original);
        cm["metadata"]!["managedFields"] = JsonNode.Parse("""
            [{"manager":"kubeadm","operation":"Update","apiVersion":"v1","time":"2025-06-01T10:00:00Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:data":{".":{},"f:config.conf":{},"f:kubeconfig.conf":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}},
             {"manager":"kubectl-annotate","operation":"Update","apiVersion":"v1","time":"2025-07-01T10:00:00Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:metadata":{"f:annotations":{"f:example.com/audited":{}}}}}]
            """);
        cm["metadata"]!["annotations"]!["example.com/audited"] = "2025-07-01";
        cm["metadata"]!["ownerReferences"] = JsonNode.Parse("""[{"apiVersion":"v1","kind":"Namespace","name":"kube-system","uid":"0b6c1f64-0f0a-4a39-9a55-2d5c8e1f7a10"}]""");
        cm["binaryData"] = new JsonObject { ["blob"] = "AAEC" };
        _api.Add(cm);
        _api.Add(Manifests.KubeProxyDaemonSet());
        Manifests.AddNodes(_api);

        var r = await Fix("--yes");
        r.AssertExit(0);
        Assert.Equal("", r.Err);
        var after = _api.Get("configmaps", Ns, Name)!;
        Assert.Equal(original.Replace("  strictARP: false\n", "  strictARP: true\n", StringComparison.Ordinal), after["data"]![Key]!.GetValue<string>());
        Assert.Equal("2025-07-01", after["metadata"]!["annotations"]!["example.com/audited"]!.GetValue<string>());
        Assert.Equal("AAEC", after["binaryData"]!["blob"]!.GetValue<string>());
        Assert.Equal("Namespace", after["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>());
        var managers = after["metadata"]!["managedFields"]!.AsArray().Select(e => e!["manager"]!.GetValue<string>()).ToList();
        Assert.Equal(["kubeadm", "kubectl-annotate", "arpdoctor"], managers);
        Assert.Contains("application/merge-patch+json", _api.PatchContentTypes.Select(t => t.Split(';')[0]));

        var rollback = await Fix("--yes", "--rollback", Assert.Single(Directory.GetFiles(_backups)));
        rollback.AssertExit(0);
        Assert.Equal("", rollback.Err);
        Assert.Equal(original, Config);
        Assert.Equal("AAEC", _api.Get("configmaps", Ns, Name)!["binaryData"]!["blob"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rollback_after_another_change_sets_back_only_strictARP()
    {
        var original = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        Manifests.Kubeadm(_api, original);
        (await Fix("--yes", "--no-restart")).AssertExit(0);
        var backup = Assert.Single(Directory.GetFiles(_backups));
        _api.EditConfigMap(Ns, Name, Key, t => t.Replace("scheduler: \"\"", "scheduler: rr", StringComparison.Ordinal));
        var r = await Fix("--yes", "--no-restart", "--rollback", backup);
        r.AssertExit(0);
        Assert.Equal(original.Replace("scheduler: \"\"", "scheduler: rr", StringComparison.Ordinal), Config);
    }

    [Fact]
    public async Task A_rollout_that_does_not_finish_in_time_is_reported()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        var r = await Fix("--yes", "--timeout", "0s");
        r.AssertExit(1);
        Assert.StartsWith("arpdoctor: fix: rollout of daemonset kube-system/kube-proxy not complete after 0ms", r.Err);
        Assert.Contains("strictARP: true", Config);
    }

    [Fact]
    public async Task Under_the_documented_check_and_fix_ClusterRoles_fix_writes_restarts_and_reads_only_kube_proxys_objects()
    {
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        var roles = CliRoles.Together("arpdoctor-check", "arpdoctor-fix");
        _api.GrantOnly(roles);
        var r = await Fix("--yes");
        r.AssertExit(0);
        Assert.Contains("strictARP: true", Config);
        // No announcer, Service, lease or event: fix reads what decides strictARP and who manages kube-proxy, and writes.
        string[] fixUses = ["/configmaps:get", "/configmaps:patch", "/nodes:list", "/pods:list", "apps/daemonsets:get", "apps/daemonsets:list", "apps/daemonsets:patch"];
        Assert.Equal(fixUses, _api.Used.Order(StringComparer.Ordinal));
        Assert.Subset(CliRoles.Granted(roles), new SortedSet<string>(fixUses, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Fix_refuses_to_write_when_who_manages_kube_proxy_could_not_be_read()
    {
        // KubeOne, k3s, Kubespray are told by the nodes' labels and kubeadm-config: an edit they would undo is not made blind.
        var original = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        Manifests.Kubeadm(_api, original);
        _api.Forbid("list", "nodes");
        var r = await Fix("--yes");
        r.AssertExit(4);
        Assert.StartsWith("arpdoctor: fix: could not read nodes (forbidden): the platform that manages kube-proxy and the Kubernetes version are not known", r.Err);
        Assert.Contains("'kubectl auth can-i list nodes'", r.Err);
        Assert.Equal(original, Config);
    }

    [Fact]
    public async Task A_failed_restart_after_the_write_says_what_was_written_and_how_to_finish_or_undo()
    {
        var original = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        Manifests.Kubeadm(_api, original);
        _api.Forbid("patch", "daemonsets");
        var r = await Fix("--yes");
        r.AssertExit(4);
        var backup = Assert.Single(Directory.GetFiles(_backups));
        Assert.Equal(
            $"arpdoctor: fix: patch daemonset kube-system/kube-proxy: forbidden: the credentials may not patch daemonset kube-system/kube-proxy " +
            $"(daemonsets.apps \"kube-proxy\" is forbidden: User \"tester\" cannot patch resource \"daemonsets\" in API group \"apps\" in the namespace \"kube-system\"); " +
            $"the permission missing: 'kubectl auth can-i patch daemonsets.apps/kube-proxy -n kube-system'; " +
            $"wrote strictARP: true to configmap kube-system/kube-proxy key config.conf (backup {backup}); " +
            $"finish with 'kubectl rollout restart -n kube-system daemonset kube-proxy', undo with 'arpdoctor fix --rollback {backup}'\n", r.Err);
        Assert.Contains("strictARP: true", Config);
    }

    [Fact]
    public async Task A_write_whose_answer_times_out_but_landed_is_read_again_and_the_fix_goes_on()
    {
        var original = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        Manifests.Kubeadm(_api, original);
        _api.AnswerConfigMapWritesAfter = TimeSpan.FromSeconds(3);
        var r = await Fix("--yes", "--request-timeout", "1s");
        r.AssertExit(0);
        Assert.Contains("now has the change: it landed", r.Out);
        Assert.Contains("successfully rolled out", r.Out);
        Assert.Equal(original.Replace("  strictARP: false\n", "  strictARP: true\n", StringComparison.Ordinal), Config);
    }

    [Fact]
    public async Task Forbidden_update_is_exit_4_naming_verb_and_resource_and_leaves_the_ConfigMap()
    {
        var original = Manifests.TestData("kube-proxy/kubeadm-ipvs.conf");
        Manifests.Kubeadm(_api, original);
        _api.Forbid("patch", "configmaps");
        var r = await Fix("--yes");
        r.AssertExit(4);
        Assert.StartsWith("arpdoctor: fix: update configmap kube-system/kube-proxy: forbidden:", r.Err);
        Assert.Contains("cannot patch resource \"configmaps\"", r.Err);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
        Assert.Equal(original, Config);
    }

    [Theory]
    [InlineData("kkp", "strictArp: true")]
    [InlineData("kubeone", "strictARP: true")]
    [InlineData("rke2", "kube-proxy-arg+:\n  - ipvs-strict-arp=true")]
    [InlineData("rancher-rke2", "machineGlobalConfig:")]
    [InlineData("k3s", "/etc/rancher/k3s/config.yaml.d/")]
    [InlineData("k0s", "strictARP: true")]
    [InlineData("talos", "ipvs-strict-arp: \"true\"")]
    [InlineData("microk8s", "--ipvs-strict-arp=true")]
    [InlineData("kubespray", "kube_proxy_strict_arp: true")]
    public async Task Emit_prints_the_platform_fragment_without_a_cluster(string platform, string expected)
    {
        var r = await CliRun.RunAsync(["fix", "--emit", platform]);
        r.AssertExit(0);
        Assert.Contains(expected, r.Out);
        // Where a platform owns the proxy mode, the fragment adds strictARP only and never forces a mode.
        if (platform is "rke2" or "rancher-rke2" or "k3s" or "talos" or "microk8s") Assert.DoesNotContain("proxy-mode", r.Out);
    }

    [Theory]
    [InlineData(new[] { "--timeout", "soon" }, "arpdoctor: fix: --timeout 'soon' is not a duration")]
    [InlineData(new[] { "--verify", "203.0.113.10" }, "arpdoctor: fix: --verify needs -i INTERFACE")]
    [InlineData(new[] { "--verify", "2001:db8::1", "-i", "eth0" }, "arpdoctor: fix: --verify: 2001:db8::1 is an IPv6 address")]
    [InlineData(new[] { "--emit", "openshift" }, "arpdoctor: fix: ")]
    public async Task Bad_input_is_one_line_and_exit_2(string[] extra, string expected)
    {
        var r = await CliRun.RunAsync(["fix", .. extra]);
        r.AssertExit(2);
        Assert.StartsWith(expected, r.Err);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("{\"kind\":\"Secret\"}")]
    [InlineData("[1,2]")]
    [InlineData("{\"kind\":5}")]
    public async Task A_rollback_file_that_is_not_a_backup_is_bad_input(string content)
    {
        var bogus = Path.Combine(_dir, "bogus.json");
        await File.WriteAllTextAsync(bogus, content);
        var r = await Fix("--rollback", bogus);
        r.AssertExit(2);
        Assert.StartsWith("arpdoctor: fix: --rollback:", r.Err);
    }
}
