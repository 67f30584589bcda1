using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Cli.Locate;

/// <summary>The options of <c>arpdoctor locate</c>; execution is in <see cref="LocateCommand"/>.</summary>
public sealed class LocateCommandDefinition : Command
{
    public readonly ClusterOptions Cluster = new();

    public readonly Argument<string> Vip = new("VIP") { Description = "The LoadBalancer VIP to locate" };

    public readonly Option<string> Interface = new("--interface", "-i")
    {
        Description = "Interface on the VIP's and the nodes' L2 segment",
        Required = true,
    };

    public readonly Option<int> Count = new("--count", "-c")
    {
        Description = "Probes to send for the VIP",
        DefaultValueFactory = _ => ProbeRequest.DefaultCount,
    };

    public readonly Option<string> Wait = new("--wait", "-w")
    {
        Description = "Time to listen after the last probe, for the VIP and for each node",
        DefaultValueFactory = _ => "300ms",
    };

    public readonly Option<string> Format = new("--output", "-o")
    {
        Description = "text or json",
        DefaultValueFactory = _ => "text",
    };

    public LocateCommandDefinition() : base("locate",
        "Which node answers for VIP: probe it, resolve every node's InternalIP on the same interface, map each answering MAC " +
        "to its node (or 'unknown device'), and compare with the node MetalLB says announces it. " +
        "Exit 0: only the announcer answers; 1: another node or device answers too, or nobody; 2: bad input; 3: environment; 4: Kubernetes API failure.")
    {
        Arguments.Add(Vip);
        Cluster.AddTo(this);
        Options.Add(Interface);
        Options.Add(Count);
        Options.Add(Wait);
        Options.Add(Format);
        Format.AcceptOnlyFromAmong("text", "json");
    }
}
