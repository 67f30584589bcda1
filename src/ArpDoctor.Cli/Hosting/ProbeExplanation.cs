using ArpDoctor.Core.Probing;

namespace ArpDoctor.Cli.Hosting;

/// <summary>A probe's verdict in words, shared by the verbs that probe (probe, fix --verify).</summary>
public static class ProbeExplanation
{
    /// <summary>What the verdict means and the next step, in one or two sentences.</summary>
    public static IEnumerable<string> Lines(ProbeResult r) => r.Verdict switch
    {
        Verdict.Healthy => [$"Healthy: only {r.Responders[0].Mac} answers for {r.Vip}, so every client resolves it to the same node."],
        Verdict.Conflict =>
        [
            $"Conflict: {r.Responders.Count} MACs answer for {r.Vip}; a client that re-resolves takes the first reply, so its traffic can move to another node and long-lived connections drop.",
            "Next: kube-proxy in IPVS mode without strictARP is the usual cause (every node answers for VIPs on kube-ipvs0); 'arpdoctor check' will say.",
        ],
        _ =>
        [
            $"No answer: nobody answered for {r.Vip} on {r.Interface} within {Core.Text.Durations.Format(TimeSpan.Zero + (r.Elapsed))}.",
            "Next: check that the VIP is assigned (kubectl get svc -A), that MetalLB's speaker runs, and that this interface is on the VIP's L2 segment.",
        ],
    };
}
