using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Findings;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Platforms;

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

        var settings = KubeProxy(facts, platform, announcers, findings);
        if (settings.Any(s => s.Mode == ProxyMode.Ipvs) && NewestKubernetes(facts.Nodes) is { } version && version >= IpvsDeprecatedFrom)
            findings.Add(new Finding("ipvs-deprecated", Severity.Warning,
                $"kube-proxy's IPVS mode is deprecated from Kubernetes {IpvsDeprecatedFrom.Major}.{IpvsDeprecatedFrom.Minor}; this cluster runs {version.Major}.{version.Minor}",
                [$"nodes' kubeletVersion up to v{version.Major}.{version.Minor}"],
                "Plan a move to mode: nftables (no kube-ipvs0 interface, so no ARP answers for VIPs and no strictARP to keep)."));

        if (facts.KubeProxy is not null || platform.Manager != KubeProxyManager.Kubeadm)
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
        return new CheckReport(findings.OrderBy(f => f.Severity).ToList(), services);
    }

    /// <summary><c>configmap kube-system/kubeadm-config</c> → <c>configmap-kubeadm-config</c>; <c>eips.network.kubesphere.io</c> → <c>eips</c>.</summary>
    private static string Slug(string what)
    {
        var words = what.Replace("'s", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Contains('/', StringComparison.Ordinal) ? w[(w.IndexOf('/', StringComparison.Ordinal) + 1)..] : w.Split('.')[0]);
        return string.Join('-', words).ToLowerInvariant();
    }

    /// <summary>Who manages kube-proxy in the cluster <paramref name="facts"/> describe.</summary>
    public static PlatformDetection Platform(ClusterFacts facts) =>
        PlatformDetector.Detect(new PlatformInputs(facts.KubeProxy?.ConfigMap, facts.KubeProxy?.DaemonSet, facts.Nodes, facts.KubeadmConfig));

    /// <summary>The layer-2 announcers found (by name), and whether the only ones found route instead.</summary>
    private sealed record AnnouncerSummary(IReadOnlyList<string> Layer2, bool RoutedOnly);

    /// <summary>
    /// Judges kube-proxy wherever the platform runs it: a DaemonSet (file or flags), or per node from k3s'/RKE2's
    /// node-args. Returns the effective settings found (one per group of nodes that run alike).
    /// </summary>
    private static List<KubeProxySettings> KubeProxy(ClusterFacts facts, PlatformDetection platform, AnnouncerSummary announcers, List<Finding> findings)
    {
        var kp = facts.KubeProxy;
        if (kp is not null)
        {
            if (kp.Flags.Refused is { } refused)
            {
                findings.Add(new Finding("kube-proxy-config-invalid", Severity.Critical,
                    $"kube-proxy refuses its command line in {kp.Source}: {refused}", [$"{kp.Source} flags {string.Join(" ", kp.Flags.Evidence)}"],
                    "Write boolean flags with '=' (--ipvs-strict-arp=true), and restart kube-proxy."));
                return [];
            }
            if (!TryRead(kp, out var settings, out var evidence, out var unreadable))
            {
                findings.Add(unreadable!);
                return [];
            }
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
            Judge(settings, evidence, "", settings.StrictArpFromFlag ? $"Remove --ipvs-strict-arp=false from {kp.Source} (or set it to true)." : null,
                platform, announcers, findings);
            return [settings];
        }

        var perNode = EmbeddedKubeProxy(facts, platform);
        var program = ProgramOf(platform);
        if (program is not null && perNode.Count > 0)
        {
            var result = new List<KubeProxySettings>();
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
                        group.Select(n => n.Evidence).ToList(), "Look at the file on a node, or probe a VIP with 'arpdoctor probe' to see whether several MACs answer."));
                    continue;
                }
                var settings = group.First().Settings;
                var evidence = group.Select(n => n.Evidence).ToList();
                evidence.Add($"kube-proxy runs inside {program}, on the flags given by --kube-proxy-arg and kube-proxy's defaults (mode \"\" is iptables, strictARP false)");
                Judge(settings, evidence, scope, null, platform, announcers, findings);
                result.Add(settings);
            }
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
            id == "kube-proxy-absent" && platform.Info.Fate is not (PatchFate.NotApplicable or PatchFate.Cloud) ? ["no DaemonSet runs kube-proxy", "configmap kube-system/kube-proxy: not found"] : platform.Evidence,
            remediation));
        return [];
    }

    /// <summary>kube-proxy's flags per node where it runs inside k3s or as RKE2's static pod, from their node-args; empty elsewhere.</summary>
    public static IReadOnlyList<NodeKubeProxy> EmbeddedKubeProxy(ClusterFacts facts, PlatformDetection platform) =>
        facts.KubeProxy is null && ProgramOf(platform) is { } program ? NodeArgs.Read(facts.Nodes, program) : [];

    private static string? ProgramOf(PlatformDetection platform) => platform.Manager switch
    {
        KubeProxyManager.K3s => "k3s",
        KubeProxyManager.Rke2 or KubeProxyManager.RancherRke2 => "rke2",
        _ => null,
    };

    /// <summary>The mode, and whether strictARP is what the announcers need, for one set of kube-proxy settings.</summary>
    private static void Judge(KubeProxySettings settings, List<string> evidence, string scope, string? flagRemediation,
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
            : announcers.Layer2.Count > 0
                ? (Severity.Critical, $"every node answers ARP for every {string.Join(" and ", announcers.Layer2)} VIP, so clients' traffic flaps between nodes")
                : announcers.RoutedOnly
                    ? (Severity.Info, "the VIPs are announced by BGP only, so ARP is not involved")
                    : (Severity.Warning, "no layer-2 announcer (MetalLB, kube-vip, OpenELB, Cilium) is installed; once one announces VIPs, every node will answer ARP for them");
        findings.Add(new Finding("strict-arp-off", severity,
            $"kube-proxy{scope} is in IPVS mode with strictARP off: {consequence}", evidence, flagRemediation ?? platform.Info.Advice));
    }

    /// <summary>
    /// kube-proxy's effective settings as it works them out itself, with where each value came from; <c>false</c> with
    /// a finding when the file it reads is not visible or does not parse.
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
                unreadable = new Finding("kube-proxy-config-unreadable", Severity.Warning,
                    $"{kp.ConfigWhere} does not parse: {error}",
                    evidence, "Fix the YAML by hand (kube-proxy cannot start with it either).");
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
            MetalLbMode.NotInstalled => new Finding("metallb-absent", Severity.Info, "MetalLB is not installed (no speaker DaemonSet)", ["no DaemonSet named *speaker with a metallb image"], null),
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
