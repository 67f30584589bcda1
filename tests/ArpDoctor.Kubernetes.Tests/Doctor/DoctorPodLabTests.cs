using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArpDoctor.Kubernetes.Tests.Fakes;
using ArpDoctor.Linux.Lab;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Doctor;

/// <summary>
/// <c>doctor --from pod</c> against real kernels: the fake API server with <see cref="LabKubelet"/> runs the probe Pod's
/// command in the lab node its <c>nodeName</c> names, with the Pod's capabilities, and serves its log. The lab is
/// <see cref="DoctorLabTests"/>'s (node1..3 = n1..n3, MetalLB's announcer n2, VIP 203.0.113.10).
/// </summary>
[Collection("lab")]
public sealed class DoctorPodLabTests : IAsyncLifetime
{
    private const string Image = "registry.example/arpdoctor:0.1.0";
    private FakeKubeApi _api = null!;
    private LabNetwork? _lab;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-doctor-pod-").FullName;

    public async Task InitializeAsync() => _api = await FakeKubeApi.StartAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _lab?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private LabNetwork Lab(LabMode mode, int vips = 1)
    {
        _lab = Labs.Create(4, mode, vips, speakerNode: 2);
        foreach (var vip in _lab.Plan.Vips) CommandRunner.RunChecked("ip", "-n", _lab.Plan.NodeNamespace(4), "addr", "del", $"{vip}/32", "dev", "kube-ipvs0");
        _api.Kubelet = LabKubelet.For(node => node.Length == 2 && node[0] == 'n' && node[1] is >= '1' and <= '4' ? _lab.Plan.NodeNamespace(node[1] - '0') : null);
        return _lab;
    }

    private string[] PodArgs(params string[] more) =>
        ["doctor", "--from", "pod", "-i", "eth0", "--image", Image, "--kubeconfig", _api.WriteKubeconfig(_dir), .. more];

    private static (string[] Causes, string[] Nodes, Dictionary<string, string> Roles, string Source) Read(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        var causes = root.GetProperty("causes").EnumerateArray().ToList();
        var roles = root.GetProperty("vips")[0].GetProperty("responders").EnumerateArray()
            .ToDictionary(r => r.GetProperty("mac").GetString()!, r => r.GetProperty("role").GetString()!);
        return (causes.Select(c => c.GetProperty("id").GetString()!).ToArray(),
            causes.Count == 0 ? [] : causes[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!).ToArray(), roles,
            root.GetProperty("from").GetString()!);
    }

    [SkippableFact]
    public async Task The_seed_from_a_probe_Pod_names_the_same_cause_as_from_here_and_the_Pod_is_gone()
    {
        var lab = Lab(LabMode.Loose);
        ClusterFixtures.Load(_api, "kubeadm-ipvs-broken");
        var here = await CliRun.RunAsync(["doctor", "-i", "eth0", "--kubeconfig", _api.WriteKubeconfig(_dir), "-o", "json"],
            name => NamespaceLinks.Open(lab.Plan.ClientNamespace, name), time: TimeProvider.System);
        here.AssertExit(1);
        _api.GrantOnly(CliRoles.Together("arpdoctor-check", "arpdoctor-doctor-pod"));
        var pod = await CliRun.RunAsync(PodArgs("-o", "json"), time: TimeProvider.System);
        pod.AssertExit(1);

        var (fromHere, fromPod) = (Read(here.Out), Read(pod.Out));
        Assert.Equal(["ipvs-without-strict-arp"], fromPod.Causes);
        Assert.Equal(fromHere.Causes, fromPod.Causes);
        Assert.Equal(fromHere.Nodes, fromPod.Nodes);
        Assert.Equal(fromHere.Roles, fromPod.Roles);
        Assert.Equal("pod", fromPod.Source);
        Assert.Contains("probing from pod default/arpdoctor-probe-", pod.Err);

        // Two Pods, shaped as kubectl debug node shapes its own: on the announcer's node and the first other Ready node
        // (each hears what the other cannot: its own answers); deleted afterwards.
        Assert.Equal(["n1", "n2"], _api.PodsCreated.Select(p => p["spec"]!["nodeName"]!.GetValue<string>()).Order());
        var spec = _api.PodsCreated[0]["spec"]!;
        Assert.True(spec["hostNetwork"]!.GetValue<bool>());
        Assert.Equal("Never", spec["restartPolicy"]!.GetValue<string>());
        Assert.Equal(120, spec["activeDeadlineSeconds"]!.GetValue<int>());
        Assert.Equal("Exists", spec["tolerations"]![0]!["operator"]!.GetValue<string>());
        var container = spec["containers"]![0]!;
        Assert.Equal(Image, container["image"]!.GetValue<string>());
        Assert.Equal("-all,+net_raw", LabKubelet.Capabilities(container.AsObject()));
        Assert.False(container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.Equal(["arpdoctor", "scan", "-i", "eth0"], container["command"]!.AsArray().Take(4).Select(c => c!.GetValue<string>()));
        Assert.Empty(_api.Pods());
        // Exactly the RBAC documented: nothing refused, nothing used beyond it.
        Assert.Subset(CliRoles.Granted(CliRoles.Together("arpdoctor-check", "arpdoctor-doctor-pod")), new SortedSet<string>(_api.Used, StringComparer.Ordinal));
        Assert.Contains("/pods/log:get", _api.Used);
        Assert.Contains("/pods:delete", _api.Used);
    }

    [SkippableFact]
    public async Task Only_the_announcer_answering_heard_from_two_nodes_is_healthy_from_one_it_cannot_tell()
    {
        var lab = Lab(LabMode.Speaker);
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        var both = await CliRun.RunAsync(PodArgs("-o", "json"), time: TimeProvider.System);
        both.AssertExit(0);
        Assert.Equal(new Dictionary<string, string> { [lab.NodeMacs()[2].ToString()] = "announcer" }, Read(both.Out).Roles);

        // From the announcer's node alone its own answer is not heard: no VIP answers, and doctor says why.
        var one = await CliRun.RunAsync(PodArgs("--node", "n2", "-o", "json"), time: TimeProvider.System);
        Assert.NotEqual(0, one.Exit);
        var root = JsonDocument.Parse(one.Out).RootElement;
        Assert.NotEqual("healthy", root.GetProperty("verdict").GetString());
        Assert.Contains(root.GetProperty("notDone").EnumerateArray(), n => n.GetString()!.StartsWith("heard from one node only (n2)", StringComparison.Ordinal));
        Assert.Empty(_api.Pods());
    }

    [SkippableFact]
    public async Task A_probe_Pod_stripped_of_NET_RAW_fails_inside_and_doctor_says_so_not_healthy()
    {
        Lab(LabMode.Speaker);   // a healthy network: only the announcer answers
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        // A mutating policy removes the added capability, as an admission webhook enforcing "drop ALL" would.
        _api.AdmitPod = pod => pod["spec"]!["containers"]![0]!["securityContext"]!["capabilities"]!["add"] = new JsonArray();
        var r = await CliRun.RunAsync(PodArgs("-o", "json"), time: TimeProvider.System);
        r.AssertExit(3);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("cannot-tell", root.GetProperty("verdict").GetString());
        var notDone = root.GetProperty("notDone").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal(2, notDone.Count);
        Assert.All(notDone, n =>
        {
            Assert.StartsWith("cannot probe from a pod: pod default/arpdoctor-probe-", n);
            Assert.Contains("ended Failed (exit 3", n);
            Assert.Contains("the probe wrote no scan document", n);
        });
        Assert.Empty(_api.Pods());

        var text = await CliRun.RunAsync(PodArgs(), time: TimeProvider.System);
        text.AssertExit(3);
        Assert.DoesNotContain("Healthy", text.Out);
        Assert.Contains("cannot probe from a pod", text.Out);
    }

    [SkippableFact]
    public async Task A_probe_Pod_that_does_not_end_in_time_is_given_up_and_deleted()
    {
        Lab(LabMode.Speaker);
        ClusterFixtures.Load(_api, "kubeadm-ipvs-strict");
        var kubelet = _api.Kubelet!;
        _api.Kubelet = async (pod, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);   // an image that never arrives
            return await kubelet(pod, ct);
        };
        var r = await CliRun.RunAsync(PodArgs("--pod-timeout", "2s", "-o", "json"), time: TimeProvider.System);
        r.AssertExit(3);
        var notDone = JsonDocument.Parse(r.Out).RootElement.GetProperty("notDone").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal(2, notDone.Count);
        Assert.All(notDone, n => Assert.Contains("did not finish within 2s (--pod-timeout)", n));
        Assert.Equal(2, _api.PodsCreated[0]["spec"]!["activeDeadlineSeconds"]!.GetValue<int>());
        Assert.Empty(_api.Pods());
        await _api.KubeletIdleAsync();   // the deletion stopped the run, as a kubelet kills the container
    }

    [SkippableFact]
    public async Task Ctrl_C_while_the_probe_Pod_runs_deletes_it_and_exits_130()
    {
        Lab(LabMode.Loose);
        ClusterFixtures.Load(_api, "kubeadm-ipvs-broken");
        var kubelet = _api.Kubelet!;
        _api.Kubelet = async (pod, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return await kubelet(pod, ct);
        };
        using var doctor = BackgroundArpdoctor.StartHere(PodArgs());
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (_api.Pods().Count < 2 && DateTime.UtcNow < until && !doctor.HasExited) await Task.Delay(20);
        Assert.Equal(2, _api.Pods().Count);
        doctor.Signal("INT");
        Assert.Equal(130, doctor.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Empty(_api.Pods());
        Assert.DoesNotContain("could not delete", doctor.Error);
        Assert.DoesNotContain("   at ", doctor.Error);
    }

    /// <summary>
    /// DoctorLabTests' 50-VIP case from probe Pods: 203.0.113.10–59 on every node's kube-ipvs0, strictARP off, MetalLB's
    /// announcer n2 for all. One command; both Pods scan the 50 VIPs and 3 node addresses. The time it takes is printed;
    /// bench/doctor/run.sh measures it against the 30 s target (bench/doctor/README.md).
    /// </summary>
    [SkippableFact]
    public async Task Fifty_VIPs_are_diagnosed_from_probe_Pods_in_one_command_well_within_thirty_seconds()
    {
        var lab = Lab(LabMode.Loose, vips: 50);
        ClusterFixtures.Load(_api, "kubeadm-ipvs-broken");
        _api.DeleteService("shop", "web");
        for (int i = 0; i < lab.Plan.Vips.Count; i++)
        {
            _api.Add(Manifests.LoadBalancer("shop", $"web{i:00}", lab.Plan.Vips[i].ToString()));
            _api.Add(Manifests.ServiceL2Status($"l2-{i:00}", "shop", $"web{i:00}", "n2", "2026-01-02T09:00:00Z"));
        }
        var clock = Stopwatch.StartNew();
        var r = await CliRun.RunAsync(PodArgs("-o", "json"), time: TimeProvider.System);
        clock.Stop();
        r.AssertExit(1);
        Assert.Equal(2, r.Err.Split("probing from pod default/arpdoctor-probe-").Length - 1);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("pod", root.GetProperty("from").GetString());
        Assert.Empty(root.GetProperty("notDone").EnumerateArray());
        var vips = root.GetProperty("vips").EnumerateArray().ToList();
        Assert.Equal(lab.Plan.Vips.Select(v => v.ToString()).Order(), vips.Select(v => v.GetProperty("vip").GetString()!).Order());
        var macs = lab.NodeMacs();
        Assert.All(vips, v =>
        {
            Assert.Equal("cause-found", v.GetProperty("verdict").GetString());
            // Every node's kernel answers: n2 heard from n1's Pod, n1 and n3 from n2's.
            Assert.Equal(new Dictionary<string, string>
                {
                    [macs[1].ToString()] = "kernel (kube-ipvs0)", [macs[2].ToString()] = "announcer", [macs[3].ToString()] = "kernel (kube-ipvs0)",
                },
                v.GetProperty("responders").EnumerateArray().ToDictionary(x => x.GetProperty("mac").GetString()!, x => x.GetProperty("role").GetString()!));
        });
        var cause = Assert.Single(root.GetProperty("causes").EnumerateArray());
        Assert.Equal("ipvs-without-strict-arp", cause.GetProperty("id").GetString());
        Assert.Equal(50, cause.GetProperty("vips").GetArrayLength());
        Assert.Equal(["n1", "n3"], cause.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!));
        Assert.Empty(_api.Pods());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Console.WriteLine($"doctor --from pod, 50 VIPs and 3 nodes, 2 probe Pods: {clock.Elapsed.TotalSeconds:F2} s");
    }
}
