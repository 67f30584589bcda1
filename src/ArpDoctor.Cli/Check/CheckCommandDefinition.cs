using System.CommandLine;
using ArpDoctor.Cli.Hosting;

namespace ArpDoctor.Cli.Check;

/// <summary>The options of <c>arpdoctor check</c>; execution is in <see cref="CheckCommand"/>.</summary>
public sealed class CheckCommandDefinition : Command
{
    public readonly ClusterOptions Cluster = new();

    public readonly Option<string> Format = SharedOptions.Output("text or json", "text", "json");

    public CheckCommandDefinition() : base("check",
        "Read kube-proxy's mode and strictARP, MetalLB's protocol, the LoadBalancer VIPs and who announces them, " +
        "and who manages kube-proxy; report findings with the remedy that lasts. " +
        "Exit 0: nothing must change; 1: something must; 5: cannot tell (a deciding fact is unknown); 2: bad input; 4: Kubernetes API failure.")
    {
        Cluster.AddTo(this);
        Options.Add(Format);
    }
}
