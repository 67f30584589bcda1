using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Cli.Locate;

/// <summary>The options of <c>arpdoctor locate</c>; execution is in <see cref="LocateCommand"/>.</summary>
public sealed class LocateCommandDefinition : Command
{
    public readonly ClusterOptions Cluster = new();

    public readonly Argument<Ipv4Address> Vip = SharedOptions.Vip("The LoadBalancer VIP to locate");

    public readonly Option<string> Interface = SharedOptions.Interface("Interface on the VIP's and the nodes' L2 segment");

    public readonly Option<int> Count = SharedOptions.Number("--count", "Probes to send for the VIP", ProbeRequest.DefaultCount,
        Probe.ProbeCommandDefinition.Counts, "-c");

    public readonly Option<Duration> Wait = SharedOptions.Duration("--wait",
        "Time to listen after the last probe, for the VIP and for each node", "300ms", "-w");

    public readonly Option<string> Format = SharedOptions.Output("text or json", "text", "json");

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
    }
}
