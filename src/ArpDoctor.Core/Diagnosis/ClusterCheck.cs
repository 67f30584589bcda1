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
        var platform = PlatformDetector.Detect(facts.KubeProxyConfigMap, facts.KubeProxyDaemonSet, facts.Nodes);
        var (metalLbMode, metalLbEvidence) = MetalLbFacts.Mode(facts.MetalLbSpeaker, facts.MetalLb);
        findings.AddRange(MetalLb(facts, metalLbMode, metalLbEvidence));

        var settings = KubeProxy(facts, platform, metalLbMode, findings);
        if (settings?.Mode == ProxyMode.Ipvs && NewestKubernetes(facts.Nodes) is { } version && version >= IpvsDeprecatedFrom)
            findings.Add(new Finding("ipvs-deprecated", Severity.Warning,
                $"kube-proxy's IPVS mode is deprecated from Kubernetes {IpvsDeprecatedFrom.Major}.{IpvsDeprecatedFrom.Minor}; this cluster runs {version.Major}.{version.Minor}",
                [$"nodes' kubeletVersion up to v{version.Major}.{version.Minor}"],
                "Plan a move to mode: nftables (no kube-ipvs0 interface, so no ARP answers for VIPs and no strictARP to keep)."));

        if (facts.KubeProxyConfigMap is not null || facts.KubeProxyDaemonSet is not null || platform.Manager == KubeProxyManager.Rke2)
            findings.Add(new Finding("kube-proxy-manager", Severity.Info, $"kube-proxy is managed by {platform.Name}",
                platform.Evidence,
                // Where a reconciler owns the configuration, say so even when strictARP is right today: the next hand edit would not last.
                platform.Manager != KubeProxyManager.Kubeadm && (settings is null || settings.Mode == ProxyMode.Ipvs) ? DurableFix.Advice(platform.Manager) : null));

        var services = facts.Services
            .Select(s => new ServiceAnnouncement(s.Namespace, s.Name, s.Vips, MetalLbFacts.Announcer(s.Namespace, s.Name, facts.L2Statuses, facts.Announcements)))
            .OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return new CheckReport(findings.OrderBy(f => f.Severity).ToList(), services);
    }

    private static KubeProxySettings? KubeProxy(ClusterFacts facts, PlatformDetection platform, MetalLbMode metalLb, List<Finding> findings)
    {
        var cm = facts.KubeProxyConfigMap;
        var ds = facts.KubeProxyDaemonSet;
        if (cm is null && ds is null)
        {
            if (platform.Manager == KubeProxyManager.Rke2)
                findings.Add(new Finding("kube-proxy-flags-unreadable", Severity.Warning,
                    "RKE2 runs kube-proxy as a static pod configured by flags, which the API does not show",
                    platform.Evidence,
                    $"Check that kube-proxy-arg has ipvs-strict-arp=true on every node, or probe a VIP with 'arpdoctor probe'. {DurableFix.Advice(KubeProxyManager.Rke2)}"));
            else
                findings.Add(new Finding("kube-proxy-absent", Severity.Info,
                    "kube-proxy is not installed (no kube-system/kube-proxy ConfigMap or DaemonSet), e.g. replaced by Cilium: not affected",
                    ["configmap kube-system/kube-proxy: not found", "daemonset kube-system/kube-proxy: not found"], null));
            return null;
        }

        var flags = ds is null ? KubeProxyFlags.None : FlagsOf(ds);
        var text = cm?.Get(ClusterFacts.ConfigKey);
        KubeProxyConfig file = new("", null, null, false);
        var fileEvidence = new List<string>();
        if (cm is null)
            fileEvidence.Add("configmap kube-system/kube-proxy: not found (kube-proxy runs on flags and defaults)");
        else if (text is null)
            fileEvidence.Add($"configmap kube-system/kube-proxy has no {ClusterFacts.ConfigKey} key");
        else if (!KubeProxyConfig.TryParse(text, out file, out var error))
        {
            findings.Add(new Finding("kube-proxy-config-unreadable", Severity.Warning,
                $"kube-system/kube-proxy {ClusterFacts.ConfigKey} does not parse: {error}",
                [$"configmap kube-system/kube-proxy {ClusterFacts.ConfigKey}"], "Fix the YAML by hand (kube-proxy cannot start with it either)."));
            return null;
        }
        else
        {
            fileEvidence.Add($"{ClusterFacts.ConfigKey} mode: \"{file.ModeWord}\"{(file.ModeWord.Length == 0 ? " (empty means iptables on Linux)" : "")}");
            fileEvidence.Add(file.StrictArpText is null
                ? $"{ClusterFacts.ConfigKey} ipvs.strictARP: not set (default false)"
                : $"{ClusterFacts.ConfigKey} ipvs.strictARP: {file.StrictArpText}");
        }
        var settings = new KubeProxySettings(file, flags);
        var evidence = fileEvidence.Concat(flags.Evidence.Select(f => $"daemonset kube-system/kube-proxy flag {f} (overrides {ClusterFacts.ConfigKey})")).ToList();

        findings.Add(new Finding("kube-proxy-mode", Severity.Info,
            $"kube-proxy runs in {settings.Mode.ToWord()} mode{(settings.ModeFromFlag ? " (set by the --proxy-mode flag)" : "")}",
            evidence, null));

        if (settings.Mode != ProxyMode.Ipvs) return settings;
        if (settings.StrictArp)
        {
            findings.Add(new Finding("strict-arp-on", Severity.Info,
                "strictARP is on: nodes do not answer ARP for VIPs on kube-ipvs0", evidence, null));
            return settings;
        }

        var remediation = settings.StrictArpFromFlag
            ? "Remove --ipvs-strict-arp=false from the kube-proxy DaemonSet (or set it to true); the flag overrides config.conf."
            : DurableFix.Advice(platform.Manager);
        var (severity, consequence) = metalLb switch
        {
            MetalLbMode.Layer2 or MetalLbMode.NoAdvertisements => (Severity.Critical,
                "every node answers ARP for every MetalLB VIP, so clients' traffic flaps between nodes"),
            MetalLbMode.BgpOnly => (Severity.Info, "MetalLB announces by BGP only, so ARP is not involved"),
            _ => (Severity.Warning, "MetalLB is not installed; once it announces VIPs in layer 2, every node will answer ARP for them"),
        };
        findings.Add(new Finding("strict-arp-off", severity,
            $"kube-proxy is in IPVS mode with strictARP off: {consequence}", evidence, remediation));
        return settings;
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
            MetalLbMode.BgpOnly => new Finding("metallb-bgp-only", Severity.Info, $"{installed} and announces by BGP only: ARP is not relevant", evidence, null),
            _ => new Finding("metallb-no-advertisements", Severity.Info, $"{installed}, without L2Advertisement or BGPAdvertisement resources", evidence, null),
        };
    }

    public static KubeProxyFlags FlagsOf(DaemonSetSnapshot ds)
    {
        var container = ds.Containers.FirstOrDefault(c => c.Name == "kube-proxy") ?? ds.Containers.FirstOrDefault();
        return container is null ? KubeProxyFlags.None : KubeProxyFlags.Parse(container.Command.Concat(container.Args));
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
