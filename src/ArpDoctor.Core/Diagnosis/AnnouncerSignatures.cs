using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>
/// Recognises each announcer by what its container runs — the subcommand, flags and environment its own code reads —
/// not by the image's path: platforms ship them under other names (Harvester's
/// <c>rancher/mirrored-kube-vip-kube-vip-iptables</c>) and many teams mirror images into their own registry. An
/// image named after the announcer is said beside the match, never needed for it. Sources in docs/kubernetes.md.
/// </summary>
public static class AnnouncerSignatures
{
    /// <summary>kube-vip's settings (pkg/kubevip/config_envvar.go); the chart, the manifest generator and Harvester's chart set them as env.</summary>
    private static readonly string[] KubeVipEnv =
        ["vip_arp", "svc_enable", "vip_leaderelection", "cp_enable", "bgp_enable", "vip_interface", "vip_address", "svc_election", "vip_nodename", "lb_enable"];

    /// <summary>What MetalLB's speaker reads (speaker/main.go, its memberlist): no other component sets these.</summary>
    private static readonly string[] MetalLbSpeakerEnv = ["METALLB_NODE_NAME", "METALLB_HOST", "METALLB_ML_BIND_ADDR", "METALLB_ML_BIND_PORT", "METALLB_ML_LABELS"];

    /// <summary>OpenELB's speaker (deploy/openelb.yaml): its memberlist env and its layer-2/API flags.</summary>
    private static readonly string[] OpenElbSpeakerEnv = ["OPENELB_DSNAME", "MEMBER_LIST_SECRET"];

    /// <summary>
    /// kube-vip: it runs <c>manager</c> (<c>start</c> before 0.4) with its settings in env. Returns the container and a
    /// line of evidence; <c>null</c> for any other container.
    /// </summary>
    public static (ContainerSnapshot Container, string Evidence)? KubeVip(string owner, IReadOnlyList<ContainerSnapshot> containers)
    {
        foreach (var c in containers)
        {
            var settings = KubeVipEnv.Where(c.HasEnv).ToList();
            var subcommand = c.CommandLine.FirstOrDefault(a => a is "manager" or "start");
            bool image = ImageSays(c, "kube-vip");
            if (settings.Count == 0 || (subcommand is null && !image)) continue;
            var runs = subcommand is null ? "runs kube-vip" : $"runs kube-vip's '{subcommand}'";
            return (c, $"{owner}: {runs} with env {string.Join(", ", settings)} (image {c.Image}{(image ? "" : ", named otherwise")})");
        }
        return null;
    }

    /// <summary>MetalLB's speaker: a container that reads the speaker's own env (its node name, its memberlist).</summary>
    public static bool IsMetalLbSpeaker(ContainerSnapshot c) => MetalLbSpeakerEnv.Any(c.HasEnv);

    /// <summary>OpenELB's speaker: its memberlist env, or its <c>--enable-layer2</c>/<c>--api-hosts</c> flags.</summary>
    public static bool IsOpenElbSpeaker(ContainerSnapshot c) =>
        OpenElbSpeakerEnv.Any(c.HasEnv) || c.CommandLine.Any(a => a.StartsWith("--enable-layer2", StringComparison.Ordinal) || a.StartsWith("--api-hosts", StringComparison.Ordinal));

    /// <summary>Cilium's agent: the <c>cilium-agent</c> program, or the namespace env it reads its ConfigMap from.</summary>
    public static bool IsCiliumAgent(ContainerSnapshot c) =>
        c.Command.Any(a => a == "cilium-agent" || a.EndsWith("/cilium-agent", StringComparison.Ordinal)) || c.HasEnv("CILIUM_K8S_NAMESPACE") && c.Args.Any(a => a.StartsWith("--config-dir", StringComparison.Ordinal));

    /// <summary>The namespace Cilium runs in (its agent DaemonSet's), where <c>cilium-config</c> is; <c>kube-system</c> when no agent is seen.</summary>
    public static string CiliumNamespace(IReadOnlyList<DaemonSetSnapshot> daemonSets) =>
        daemonSets.FirstOrDefault(d => d.Containers.Any(IsCiliumAgent))?.Namespace ?? "kube-system";

    private static bool ImageSays(ContainerSnapshot c, string name) => c.Image.Split('@')[0].Contains(name, StringComparison.OrdinalIgnoreCase);
}
