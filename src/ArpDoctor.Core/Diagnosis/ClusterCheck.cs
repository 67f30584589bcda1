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
        var platform = PlatformDetector.Detect(facts.KubeProxy?.ConfigMap, facts.KubeProxy?.DaemonSet, facts.Nodes);
        var (metalLbMode, metalLbEvidence) = MetalLbFacts.Mode(facts.MetalLbSpeaker, facts.MetalLb);
        findings.AddRange(MetalLb(facts, metalLbMode, metalLbEvidence));

        var settings = KubeProxy(facts, platform, metalLbMode, findings);
        if (settings?.Mode == ProxyMode.Ipvs && NewestKubernetes(facts.Nodes) is { } version && version >= IpvsDeprecatedFrom)
            findings.Add(new Finding("ipvs-deprecated", Severity.Warning,
                $"kube-proxy's IPVS mode is deprecated from Kubernetes {IpvsDeprecatedFrom.Major}.{IpvsDeprecatedFrom.Minor}; this cluster runs {version.Major}.{version.Minor}",
                [$"nodes' kubeletVersion up to v{version.Major}.{version.Minor}"],
                "Plan a move to mode: nftables (no kube-ipvs0 interface, so no ARP answers for VIPs and no strictARP to keep)."));

        if (facts.KubeProxy is not null || platform.Manager == KubeProxyManager.Rke2)
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
        var kp = facts.KubeProxy;
        if (kp is null)
        {
            if (platform.Manager == KubeProxyManager.Rke2)
                findings.Add(new Finding("kube-proxy-flags-unreadable", Severity.Warning,
                    "RKE2 runs kube-proxy as a static pod configured by flags, which the API does not show",
                    platform.Evidence,
                    $"Check that kube-proxy-arg has ipvs-strict-arp=true on every node, or probe a VIP with 'arpdoctor probe'. {DurableFix.Advice(KubeProxyManager.Rke2)}"));
            else
                findings.Add(new Finding("kube-proxy-absent", Severity.Info,
                    "kube-proxy is not installed (no kube-proxy DaemonSet, no kube-system/kube-proxy ConfigMap), e.g. replaced by Cilium: not affected",
                    ["no DaemonSet runs kube-proxy", "configmap kube-system/kube-proxy: not found"], null));
            return null;
        }

        if (!TryRead(kp, out var settings, out var evidence, out var unreadable))
        {
            findings.Add(unreadable!);
            return null;
        }

        findings.Add(new Finding("kube-proxy-mode", Severity.Info,
            $"kube-proxy runs in {settings.Mode.ToWord()} mode{(settings.ModeFromFlag ? " (set by the --proxy-mode flag)" : "")}",
            evidence, null));
        if (settings.IgnoredFlags.Count > 0)
            findings.Add(new Finding("kube-proxy-flags-ignored", Severity.Warning,
                $"{kp.Source} passes {string.Join(" ", settings.IgnoredFlags)}, which kube-proxy ignores because --config is given",
                [$"{kp.Source} flags {string.Join(" ", kp.Flags.Evidence)}", "kube-proxy --help: \"This parameter is ignored if a config file is specified by --config\""],
                $"Set the value in {kp.ConfigWhere} instead, and remove the flag so nobody is misled by it."));

        if (settings.Mode != ProxyMode.Ipvs) return settings;
        if (settings.StrictArp)
        {
            findings.Add(new Finding("strict-arp-on", Severity.Info,
                "strictARP is on: nodes do not answer ARP for VIPs on kube-ipvs0", evidence, null));
            return settings;
        }

        var remediation = settings.StrictArpFromFlag
            ? $"Remove --ipvs-strict-arp=false from {kp.Source} (or set it to true)."
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
            evidence.Add($"{kp.ConfigWhere} mode: \"{file.ModeWord}\"{(file.ModeWord.Length == 0 ? " (empty means iptables on Linux)" : "")}");
            evidence.Add(file.StrictArpText is null
                ? $"{kp.ConfigWhere} ipvs.strictARP: not set (default false)"
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
