using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Findings;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Platforms;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>Judges <see cref="ClusterFacts"/>: is kube-proxy making every node answer ARP for MetalLB's VIPs, and what lasts as a fix.</summary>
public static class ClusterCheck
{
    /// <summary>kube-proxy's IPVS mode is deprecated from this Kubernetes minor version on.</summary>
    public static readonly Version IpvsDeprecatedFrom = new(1, 35);

    public static CheckReport Diagnose(ClusterFacts facts)
    {
        var findings = new List<Finding>();
        var platform = Platform(facts);
        var (metalLbMode, metalLbEvidence) = MetalLbFacts.Mode(facts.MetalLbSpeaker, facts.MetalLb);
        findings.AddRange(MetalLb(facts, metalLbMode, metalLbEvidence));
        var others = Announcers.Others(facts.DaemonSets, facts.OtherAnnouncers);
        foreach (var a in others)
            findings.Add(new Finding($"announcer-{a.Id}", Severity.Info, a.Mode switch
            {
                AnnounceMode.Layer2 => $"{a.Name} announces VIPs in layer 2 (ARP)",
                AnnounceMode.RoutedOnly => $"{a.Name} announces VIPs by routing (BGP) only: ARP is not relevant",
                _ => $"{a.Name} is installed but announces no VIPs in layer 2",
            }, a.Evidence, null));
        var layer2 = (metalLbMode is MetalLbMode.Layer2 or MetalLbMode.NoAdvertisements or MetalLbMode.Unknown ? ["MetalLB"] : new List<string>())
            .Concat(others.Where(a => a.Mode == AnnounceMode.Layer2).Select(a => a.Name)).ToList();
        var routedOnly = layer2.Count == 0 && (metalLbMode == MetalLbMode.BgpOnly || others.Any(a => a.Mode == AnnounceMode.RoutedOnly));
        var announcers = new AnnouncerSummary(layer2, routedOnly);

        if (platform.Info.Fate == PatchFate.Cloud)
            findings.Add(new Finding("cloud-platform", layer2.Count > 0 ? Severity.Warning : Severity.Info,
                $"{platform.Name}: layer-2 announcement of VIPs does not apply{(layer2.Count > 0 ? $", yet {string.Join(" and ", layer2)} is set up for it" : "")}",
                platform.Evidence, platform.Info.Advice));

        if (MixedCloudNodes(facts, layer2) is { } cloudNodes) findings.Add(cloudNodes);

        var announcing = AnnouncingNodes.Of(facts, metalLbMode is MetalLbMode.Layer2 or MetalLbMode.NoAdvertisements, others);
        var settings = KubeProxy(facts, platform, announcers, announcing, findings);
        if (settings.Any(s => s.Mode == ProxyMode.Ipvs) && NewestKubernetes(facts.Nodes) is { } version && version >= IpvsDeprecatedFrom)
            findings.Add(new Finding("ipvs-deprecated", Severity.Warning,
                $"kube-proxy's IPVS mode is deprecated from Kubernetes {IpvsDeprecatedFrom.Major}.{IpvsDeprecatedFrom.Minor}; this cluster runs {version.Major}.{version.Minor}",
                [$"nodes' kubeletVersion up to v{version.Major}.{version.Minor}"],
                "Plan a move to mode: nftables (no kube-ipvs0 interface, so no ARP answers for VIPs and no strictARP to keep)."));

        if (facts.KubeProxy is { Unused: false } || (facts.KubeProxy is null && platform.Manager != KubeProxyManager.Kubeadm))
            findings.Add(new Finding("kube-proxy-manager", Severity.Info, $"kube-proxy is managed by {platform.Name}",
                platform.Evidence,
                // Where a reconciler owns the configuration, say so even when strictARP is right today: the next hand edit would not last.
                platform.Info.Fate is not (PatchFate.Lasts or PatchFate.Cloud or PatchFate.NotApplicable) && (settings.Count == 0 || settings.Any(s => s.Mode == ProxyMode.Ipvs))
                    ? platform.Info.Advice : null));

        foreach (var unread in facts.Unread)
            findings.Add(new Finding($"unread-{Slug(unread.What)}", Severity.Info, unread.Note, [unread.Detail],
                unread.Permission is null ? null : $"Grant it (deploy/rbac/arpdoctor-cli.yaml has what check needs); '{unread.Permission}' says whether you may."));

        var services = facts.Services
            .Select(s => new ServiceAnnouncement(s.Namespace, s.Name, s.Vips,
                Announcers.NodeOf(s, facts.L2Statuses, facts.Announcements, facts.DaemonSets, facts.OtherAnnouncers)))
            .OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return CheckReport.Of(findings, services);
    }

    /// <summary><c>configmap kube-system/kubeadm-config</c> → <c>configmap-kubeadm-config</c>; <c>eips.network.kubesphere.io</c> → <c>eips</c>.</summary>
    private static string Slug(string what)
    {
        var words = what.Replace("'s", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Contains('/', StringComparison.Ordinal) ? w[(w.IndexOf('/', StringComparison.Ordinal) + 1)..] : w.Split('.')[0]);
        return string.Join('-', words).ToLowerInvariant();
    }

    /// <summary>
    /// A cluster with nodes in a cloud's network and nodes on a layer-2 one (EC2 and EKS hybrid nodes) gets both
    /// judgements: this one for the cloud nodes, kube-proxy's for the others.
    /// </summary>
    private static Finding? MixedCloudNodes(ClusterFacts facts, IReadOnlyList<string> layer2)
    {
        var cloud = NodePlatforms.CloudNodesOfMixed(facts.Nodes);
        if (cloud.Count == 0) return null;
        var platforms = cloud.Select(n => n.Platform).Distinct().ToList();
        var advice = cloud.Select(n => CloudManager(n.Platform)).Distinct().Select(m => PlatformCatalog.Of(m).Advice).First();
        return new Finding("cloud-nodes", Severity.Info,
            $"{Words.Count(cloud.Count, "node")} in a cloud network ({string.Join(", ", platforms)}: {string.Join(", ", cloud.Select(n => n.Node))}): layer-2 announcement does not apply there{(layer2.Count > 0 ? $"; {string.Join(" and ", layer2)} must announce from the other nodes, which the findings on kube-proxy are about" : "")}",
            cloud.Select(n => n.Evidence).ToList(), advice);
    }

    private static KubeProxyManager CloudManager(string platform) => platform switch
    {
        NodePlatforms.Aks or NodePlatforms.AzureVm => KubeProxyManager.Aks,
        NodePlatforms.Gke or NodePlatforms.Gce => KubeProxyManager.Gke,
        _ => KubeProxyManager.Eks,
    };

    /// <summary>Who manages kube-proxy in the cluster <paramref name="facts"/> describe.</summary>
    public static PlatformDetection Platform(ClusterFacts facts) => facts.Proxy.Platform();

    /// <summary>The layer-2 announcers found (by name), and whether the only ones found route instead.</summary>
    private sealed record AnnouncerSummary(IReadOnlyList<string> Layer2, bool RoutedOnly);

    /// <summary>
    /// Judges every kube-proxy wherever the platform runs it: each DaemonSet (file or flags) and static pod, each on the
    /// nodes it covers, or per node from k3s'/RKE2's node-args. Returns the effective settings found (one per kube-proxy,
    /// or per group of nodes that run alike).
    /// </summary>
    private static List<KubeProxySettings> KubeProxy(ClusterFacts facts, PlatformDetection platform, AnnouncerSummary announcers, AnnouncingNodes announcing, List<Finding> findings)
    {
        var result = new List<KubeProxySettings>();
        var embeddedNodes = EmbeddedKubeProxy(facts, platform).Select(n => n.Node).ToHashSet(StringComparer.Ordinal);
        // Where node-args say how kube-proxy runs (RKE2's static pods), they are read instead of the mirror pods.
        var all = facts.KubeProxies.Where(k => k.MirrorPod is null || !embeddedNodes.Contains(k.MirrorPod.NodeName)).ToList();
        foreach (var k in all.Where(k => k.Unused)) findings.Add(Leftover(k, facts));
        foreach (var k in all.Where(k => k.WindowsOnly))
            findings.Add(new Finding("kube-proxy-windows", Severity.Info,
                $"{k.Source} runs on Windows nodes only ({AnnouncingNodes.Names(k.Nodes)}): Windows has no kube-ipvs0 and its kube-proxy modes do not make Linux nodes answer ARP, so it is not judged",
                [$"{k.Source} runs on {AnnouncingNodes.Names(k.Nodes)} ({k.NodesFrom})"], null));
        // Static pods that run alike (same flags, same file) are judged together, like node-args.
        var judged = all.Where(k => !k.Unused && !k.WindowsOnly)
            .GroupBy(k => k.MirrorPod is null ? k.Source : $"static {string.Join(" ", k.Flags.Evidence)} {k.Origin}")
            .Select(g => g.Count() == 1 ? g.First() : g.First() with
            {
                Source = $"static pods {string.Join(", ", g.Select(k => $"{k.MirrorPod!.Namespace}/{k.MirrorPod.Name}"))}",
                Nodes = g.SelectMany(k => k.Nodes).ToList(),
                Pods = g.SelectMany(k => k.Pods).ToList(),
            })
            .ToList();
        var linux = facts.Nodes.Where(n => n.Os != "windows").Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var cloud = NodesAnswering.CloudNodes(facts.Nodes);
        foreach (var kp in judged)
        {
            var nodes = kp.DaemonSet is null && kp.MirrorPod is null ? linux.Order(StringComparer.Ordinal).ToList() : kp.Nodes.Where(linux.Contains).ToList();
            var every = judged.Count == 1 && nodes.Count == linux.Count;
            var scope = judged.Count == 1 ? "" : $" ({kp.Source})";
            var coverage = kp.DaemonSet is null && kp.MirrorPod is null ? null
                : $"{kp.Source} runs on {AnnouncingNodes.Names(nodes)} ({kp.NodesFrom}); layer-2 announcers can answer from {AnnouncingNodes.Names(announcing.Nodes)}";
            if (kp.Flags.Refused is { } refused)
            {
                findings.Add(new Finding("kube-proxy-config-invalid", Severity.Critical,
                    $"kube-proxy refuses its command line in {kp.Source}: {refused}", [$"{kp.Source} flags {string.Join(" ", kp.Flags.Evidence)}"],
                    "Write boolean flags with '=' (--ipvs-strict-arp=true), and restart kube-proxy."));
                continue;
            }
            if (!TryRead(kp, out var settings, out var evidence, out var unreadable))
            {
                var matters = announcers.Layer2.Count > 0 && nodes.Count > 0;
                findings.Add(unreadable! with
                {
                    Summary = $"{unreadable.Summary}{(every ? "" : $" on {AnnouncingNodes.Names(nodes)}")}",
                    Evidence = coverage is null ? unreadable.Evidence : [.. unreadable.Evidence, coverage],
                    // A file kube-proxy cannot decode is known to be broken (critical); only one not visible leaves the verdict unknown.
                    Unknown = matters && unreadable.Severity != Severity.Critical,
                });
                continue;
            }
            if (coverage is not null) evidence.Add(coverage);
            if (coverage is not null && announcing.Selection is { } selection) evidence.Add(selection);
            if (settings.File.Ambiguities.Count > 0)
                findings.Add(new Finding("kube-proxy-config-ambiguous", Severity.Warning,
                    $"{kp.ConfigWhere} reads differently to a person and to kube-proxy: {string.Join("; ", settings.File.Ambiguities)}",
                    [.. settings.File.Ambiguities.Select(a => $"{kp.ConfigWhere}: {a}")],
                    "Make it one YAML document with each key once, so what is written is what kube-proxy runs with; 'fix' refuses to edit it until then."));
            if (settings.IgnoredFlags.Count > 0)
                findings.Add(new Finding("kube-proxy-flags-ignored", Severity.Warning,
                    $"{kp.Source} passes {string.Join(" ", settings.IgnoredFlags)}, which kube-proxy ignores because --config is given",
                    [$"{kp.Source} flags {string.Join(" ", kp.Flags.Evidence)}", "kube-proxy --help: \"This parameter is ignored if a config file is specified by --config\""],
                    $"Set the value in {kp.ConfigWhere} instead, and remove the flag so nobody is misled by it."));
            var flagRemediation = settings.StrictArpFromFlag || kp.MirrorPod is not null
                ? kp.MirrorPod is not null
                    ? $"Add --ipvs-strict-arp=true to kube-proxy's command in the static pod manifest on {AnnouncingNodes.Names(nodes)} (the kubelet's manifest directory, e.g. /etc/kubernetes/manifests); the kubelet restarts it. The API's mirror pod cannot be edited."
                    : $"Remove --ipvs-strict-arp=false from {kp.Source} (or set it to true)."
                : null;
            Judge(settings, evidence, scope, NodesAnswering.Of(nodes, every, cloud), flagRemediation, platform, announcers, findings);
            if (RestartPending.Check(kp, podsListed: facts.Pods is not null) is { } pending) findings.Add(pending);
            result.Add(settings);
        }
        if (judged.Count > 0 || all.Any(k => k.Unused)) return result;

        var perNode = EmbeddedKubeProxy(facts, platform);
        var program = ProgramOf(platform);
        if (program is not null && perNode.Count > 0)
        {
            var running = perNode.Where(n => !n.Disabled).ToList();
            if (running.Count == 0)
            {
                findings.Add(new Finding("kube-proxy-absent", Severity.Info,
                    $"{platform.Name} runs without kube-proxy (--disable-kube-proxy on every node): not affected", perNode.Select(n => n.Evidence).ToList(), null));
                return result;
            }
            // Nodes that run kube-proxy alike are judged together; a node that differs is named on its own.
            foreach (var group in running.GroupBy(n => (n.Settings.Mode, n.Settings.StrictArp, Config: n.Flags.ConfigPath)))
            {
                var nodes = group.Select(n => n.Node).ToList();
                var scope = running.Count == group.Count() ? "" : $" on {string.Join(", ", nodes)}";
                if (group.Key.Config is { } config)
                {
                    findings.Add(new Finding("kube-proxy-config-unreadable", Severity.Warning,
                        $"kube-proxy{scope} reads --config={config} on the node, which the API does not show, so its mode and strictARP are unknown",
                        group.Select(n => n.Evidence).ToList(), "Look at the file on a node, or probe a VIP with 'arpdoctor probe' to see whether several MACs answer.")
                    {
                        Unknown = announcers.Layer2.Count > 0,
                    });
                    continue;
                }
                var settings = group.First().Settings;
                var evidence = group.Select(n => n.Evidence).ToList();
                evidence.Add($"kube-proxy runs inside {program}, on the flags given by --kube-proxy-arg and kube-proxy's defaults (mode \"\" is iptables, strictARP false)");
                Judge(settings, evidence, scope, NodesAnswering.Of(nodes, true, NodesAnswering.CloudNodes(facts.Nodes)), null, platform, announcers, findings);
                result.Add(settings);
            }
            return result;
        }

        if (K8sSnapNodes(facts.Nodes) is { Count: > 0 } snap)
        {
            findings.Add(new Finding("kube-proxy-config-unreadable", announcers.Layer2.Count > 0 ? Severity.Warning : Severity.Info,
                $"Canonical Kubernetes (k8s-snap) runs kube-proxy as a host service on {AnnouncingNodes.Names(snap)}, with arguments the API does not show: its mode and strictARP are unknown",
                [.. snap.Select(n => $"node {n} label {K8sSnapRole}"), "no DaemonSet and no pod runs kube-proxy (k8s-snap before 1.36 runs it as the snap service k8s.kube-proxy)"],
                $"On each node: 'sudo cat {K8sSnapKubeProxyArgs}' (no --proxy-mode means iptables; with --proxy-mode=ipvs add --ipvs-strict-arp=true and 'sudo snap restart k8s.kube-proxy'), or probe a VIP with 'arpdoctor probe' to see whether several MACs answer.")
            {
                Unknown = announcers.Layer2.Count > 0,
            });
            return result;
        }
        var (id, severity, summary, remediation) = platform.Info.Fate switch
        {
            PatchFate.NotApplicable => ("kube-proxy-absent", Severity.Info, $"{platform.Name} has no kube-proxy in IPVS mode: not affected", (string?)null),
            PatchFate.Cloud => ("kube-proxy-absent", Severity.Info, $"no kube-proxy DaemonSet: {platform.Name} runs kube-proxy in its own way, and layer-2 announcement does not apply there", (string?)null),
            PatchFate.NoConfigMap => ("kube-proxy-config-unreadable", announcers.Layer2.Count > 0 ? Severity.Warning : Severity.Info,
                $"{platform.Name} runs kube-proxy from settings on each node that the API does not show, so its mode and strictARP are unknown",
                $"Probe a VIP with 'arpdoctor probe' to see whether several MACs answer. {platform.Info.Advice}"),
            _ => ("kube-proxy-absent", Severity.Info,
                "kube-proxy is not installed (no kube-proxy DaemonSet, no kube-system/kube-proxy ConfigMap), e.g. replaced by Cilium: not affected", null),
        };
        findings.Add(new Finding(id, severity, summary,
            id == "kube-proxy-absent" && platform.Info.Fate is not (PatchFate.NotApplicable or PatchFate.Cloud)
                ? ["no DaemonSet runs kube-proxy", facts.Pods is null ? "pods may not be listed" : "no pod runs kube-proxy", "configmap kube-system/kube-proxy: not found"]
                : platform.Evidence,
            remediation)
        {
            Unknown = id == "kube-proxy-config-unreadable" && announcers.Layer2.Count > 0,
        });
        return [];
    }

    /// <summary>k8s-snap's node label (canonical/k8s-snap src/k8s/pkg/k8sd/setup/kubelet.go: k8sd.io/role=control-plane|worker).</summary>
    private const string K8sSnapRole = "k8sd.io/role";

    /// <summary>kube-proxy's arguments file of the k8s snap (src/k8s/pkg/k8sd/setup/kube_proxy.go writes the service arguments there).</summary>
    public const string K8sSnapKubeProxyArgs = "/var/snap/k8s/common/args/kube-proxy";

    /// <summary>The nodes k8s-snap labelled as its own.</summary>
    public static List<string> K8sSnapNodes(IReadOnlyList<NodeSnapshot> nodes) =>
        nodes.Where(n => n.Labels.ContainsKey(K8sSnapRole)).Select(n => n.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>A kube-proxy ConfigMap that nothing runs: not a risk now, but kubeadm installs kube-proxy from it on upgrade.</summary>
    private static Finding Leftover(KubeProxyDeployment kp, ClusterFacts facts)
    {
        var replaced = facts.OtherAnnouncers.CiliumConfig?.Get("kube-proxy-replacement") is { } kpr ? $" (Cilium's kube-proxy-replacement: {kpr})" : "";
        return new Finding("kube-proxy-unused", Severity.Warning,
            $"{kp.ConfigWhere} is unused: no DaemonSet and no pod runs kube-proxy{replaced}; kubeadm upgrade would install kube-proxy again from it",
            ["no DaemonSet runs kube-proxy", "no pod runs kube-proxy", $"{kp.ConfigWhere} exists"],
            "When upgrading with kubeadm, skip the addon: 'kubeadm upgrade apply --skip-phases=addon/kube-proxy' (or skipPhases: [addon/kube-proxy] in its UpgradeConfiguration); " +
            "or delete the leftover ConfigMap once nothing needs it. 'arpdoctor fix' does not edit it.");
    }

    /// <summary>kube-proxy's flags per node where it runs inside k3s or as RKE2's static pod, from their node-args; empty elsewhere.</summary>
    public static IReadOnlyList<NodeKubeProxy> EmbeddedKubeProxy(ClusterFacts facts, PlatformDetection platform) => facts.Proxy.Embedded(platform);

    internal static string? ProgramOf(PlatformDetection platform) => platform.Manager switch
    {
        KubeProxyManager.K3s => "k3s",
        KubeProxyManager.Rke2 or KubeProxyManager.RancherRke2 => "rke2",
        _ => null,
    };

    /// <summary>The mode, and whether strictARP is what the announcers need, for one set of kube-proxy settings.</summary>
    /// <param name="answering">Who answers ARP when strictARP is off.</param>
    private static void Judge(KubeProxySettings settings, List<string> evidence, string scope, NodesAnswering answering, string? flagRemediation,
        PlatformDetection platform, AnnouncerSummary announcers, List<Finding> findings)
    {
        if (settings.Mode == ProxyMode.Other)
        {
            var word = settings.ModeFromFlag ? settings.Flags.ProxyMode : settings.File.ModeWord;
            findings.Add(new Finding("kube-proxy-config-invalid", Severity.Critical,
                $"kube-proxy{scope} refuses proxy mode \"{word}\" (it knows iptables, ipvs and nftables, written in lower case), so its pods do not start",
                evidence, $"Write the mode in lower case (e.g. mode: {(word ?? "").ToLowerInvariant()}) and restart kube-proxy."));
            return;
        }
        findings.Add(new Finding("kube-proxy-mode", Severity.Info,
            $"kube-proxy{scope} runs in {settings.Mode.ToWord()} mode{(settings.ModeFromFlag ? " (set by the --proxy-mode flag)" : "")}",
            evidence, null));
        if (settings.Mode != ProxyMode.Ipvs) return;
        if (settings.StrictArp)
        {
            findings.Add(new Finding("strict-arp-on", Severity.Info,
                $"strictARP is on{scope}: nodes do not answer ARP for VIPs on kube-ipvs0", evidence, null));
            return;
        }
        var (severity, consequence) = platform.Info.Fate == PatchFate.Cloud
            ? (Severity.Info, $"{platform.Name}'s network does not carry layer-2 announcements, so the nodes' ARP answers do not move traffic")
            : answering.OnlyInCloud
                ? (Severity.Info, $"its nodes ({AnnouncingNodes.Names(answering.InCloud)}) are in a cloud network, which does not carry layer-2 announcements, so their ARP answers do not move traffic")
            : announcers.Layer2.Count > 0
                // Every node on the VIPs' layer-2 segment answers, speaker or not: these nodes count wherever an announcer runs.
                ? (Severity.Critical, $"{answering.Phrase} ARP for every {string.Join(" and ", announcers.Layer2)} VIP, so clients' traffic flaps between nodes")
                : announcers.RoutedOnly
                    ? (Severity.Info, "the VIPs are announced by BGP only, so ARP is not involved")
                    : (Severity.Warning, "no layer-2 announcer (MetalLB, kube-vip, OpenELB, Cilium) is installed; once one announces VIPs, every node will answer ARP for them");
        List<string> offEvidence = answering.InCloud.Count == 0 || answering.OnlyInCloud ? evidence
            : [.. evidence, $"not counted: {AnnouncingNodes.Names(answering.InCloud)}, in a cloud network, where ARP answers move no traffic"];
        findings.Add(new Finding("strict-arp-off", severity,
            $"kube-proxy{scope} is in IPVS mode with strictARP off: {consequence}", offEvidence, flagRemediation ?? platform.Info.Advice));
    }

    /// <summary>
    /// kube-proxy's effective settings as it works them out itself, with where each value came from; <c>false</c> with
    /// a finding when the file it reads is not visible (a warning) or kube-proxy cannot decode it (critical).
    /// </summary>
    public static bool TryRead(KubeProxyDeployment kp, out KubeProxySettings settings, out List<string> evidence, out Finding? unreadable)
    {
        settings = new KubeProxySettings(KubeProxyConfig.Defaults, kp.Flags);
        evidence = [];
        unreadable = null;
        if (kp.Origin is { } origin) evidence.Add(origin);
        var text = kp.ConfigText;
        if (kp.Flags.ConfigPath is not null || (kp.DaemonSet is null && kp.ConfigMap is not null))
        {
            if (text is null)
            {
                unreadable = new Finding("kube-proxy-config-unreadable", Severity.Warning,
                    $"the file kube-proxy reads (--config={kp.Flags.ConfigPath}) is not visible through the API, so its mode and strictARP are unknown",
                    evidence, "Look at the file on a node, or probe a VIP with 'arpdoctor probe' to see whether several MACs answer.");
                return false;
            }
            if (!KubeProxyConfig.TryParse(text, out var file, out var error))
            {
                // Whatever this reader refuses, kube-proxy's decoder refuses too (not YAML, not a mapping, a string or a number
                // where it wants a boolean): running pods keep their old settings, restarted ones exit and crash-loop.
                unreadable = new Finding("kube-proxy-config-invalid", Severity.Critical,
                    $"kube-proxy cannot decode {kp.ConfigWhere}: {error}; its pods crash-loop when they restart",
                    evidence, "Fix the file by hand (e.g. strictARP: true, a boolean without quotes), then restart kube-proxy.");
                return false;
            }
            settings = new KubeProxySettings(file, kp.Flags);
            foreach (var ambiguity in file.Ambiguities) evidence.Add($"{kp.ConfigWhere}: {ambiguity}");
            evidence.Add($"{kp.ConfigWhere} mode: \"{file.ModeWord}\"{(file.ModeWord.Length == 0 ? " (empty means iptables on Linux)" : "")}");
            evidence.Add(file.StrictArpText is null
                ? $"{kp.ConfigWhere} ipvs.strictARP: not set (default false)"
                : file.StrictArp is null
                    ? $"{kp.ConfigWhere} ipvs.strictARP: {file.StrictArpText} (null: kube-proxy reads it as false)"
                    : $"{kp.ConfigWhere} ipvs.strictARP: {file.StrictArpText}");
            foreach (var ignored in settings.IgnoredFlags) evidence.Add($"{kp.Source} flag {ignored}: ignored, --config is given");
            return true;
        }
        // No --config: flags, else kube-proxy's defaults.
        evidence.Add($"{kp.Source} has no --config: kube-proxy runs on its flags and defaults");
        evidence.Add(kp.Flags.ProxyMode is { } m ? $"{kp.Source} flag --proxy-mode={m}" : "--proxy-mode not given: default \"\" (iptables on Linux)");
        evidence.Add(kp.Flags.StrictArp is { } s ? $"{kp.Source} flag --ipvs-strict-arp={(s ? "true" : "false")}" : "--ipvs-strict-arp not given: default false");
        return true;
    }

    private static IEnumerable<Finding> MetalLb(ClusterFacts facts, MetalLbMode mode, List<string> evidence)
    {
        var speaker = facts.MetalLbSpeaker;
        if (speaker is not null)
            evidence.Insert(0, $"daemonset {speaker.Namespace}/{speaker.Name} image {string.Join(", ", speaker.Containers.Select(c => c.Image))}");
        var version = speaker is null ? null : MetalLbFacts.Version(speaker);
        var installed = version is null ? "MetalLB is installed" : $"MetalLB {version} is installed";
        yield return mode switch
        {
            MetalLbMode.NotInstalled => new Finding("metallb-absent", Severity.Info, "MetalLB is not installed (no speaker DaemonSet)", ["no DaemonSet runs MetalLB's speaker (its METALLB_* env, or a *speaker named metallb)"], null),
            MetalLbMode.Layer2 => new Finding("metallb-layer2", Severity.Info, $"{installed} and announces in layer 2 (ARP)", evidence, null),
            MetalLbMode.Unknown => new Finding("metallb-unknown", Severity.Info, $"{installed}; its advertisements could not be read, so it is taken to announce in layer 2 (ARP)", evidence, null),
            MetalLbMode.BgpOnly => new Finding("metallb-bgp-only", Severity.Info, $"{installed} and announces by BGP only: ARP is not relevant", evidence, null),
            _ => new Finding("metallb-no-advertisements", Severity.Info, $"{installed}, without L2Advertisement or BGPAdvertisement resources", evidence, null),
        };
    }

    /// <summary>The newest <c>major.minor</c> among the nodes' kubelet versions (<c>v1.35.1+rke2r1</c> → 1.35).</summary>
    public static Version? NewestKubernetes(IReadOnlyList<NodeSnapshot> nodes) =>
        nodes.Select(n => ParseMinor(n.KubeletVersion)).Where(v => v is not null).Max();

    private static Version? ParseMinor(string text)
    {
        var parts = text.TrimStart('v').Split('.', '+', '-');
        return parts.Length >= 2 && int.TryParse(parts[0], out var major) && int.TryParse(parts[1], out var minor) ? new Version(major, minor) : null;
    }
}
