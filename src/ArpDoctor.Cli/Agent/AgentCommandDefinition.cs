using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.LiveCapture;

namespace ArpDoctor.Cli.Agent;

/// <summary>The options of <c>arpdoctor agent</c>; execution is in <see cref="AgentCommand"/>.</summary>
public sealed class AgentCommandDefinition : Command
{
    public readonly Option<string[]> Interface = SharedOptions.CompletesInterfaces(SharedOptions.Name(new Option<string[]>("--interface", "-i")
    {
        Description = "Interface the VIPs' ARP requests arrive on; repeat it (or give a comma list) for several: each VIP is probed on the one whose network holds it, the first takes the rest (default: the interface of the default route)",
    }));

    public readonly Option<string?> Node = SharedOptions.Name(new Option<string?>("--node")
    {
        Description = "This node's name (default: NODE_NAME, then the host name)",
    });

    public readonly Option<Duration> Interval = SharedOptions.Duration("--interval",
        "Time between probe rounds; each round is moved by up to ±10% so agents do not probe in step", "30s", minimum: TimeSpan.FromSeconds(1));

    /// <summary>At least two of the capture's hand-over batches, so a round can hear a reply at all.</summary>
    public readonly Option<Duration> Wait = SharedOptions.Duration("--wait", "How long each round listens for replies after its last probe", "1s", "-w",
        minimum: 2 * ReopeningLink.Batch);

    public readonly Option<int> Rate = SharedOptions.Rate("Probes per second at most (the rate budget)", 50);

    public readonly Option<string> Listen = new("--listen")
    {
        Description = "ADDR:PORT for /metrics, /healthz and /readyz (:PORT means every address)",
        DefaultValueFactory = _ => ":9464",
    };

    public readonly Option<Duration> EventInterval = SharedOptions.Duration("--event-interval",
        "The same finding updates its Warning Event at most this often", "10m", minimum: TimeSpan.FromSeconds(1));

    public readonly Option<Ipv4Address?> Source = SharedOptions.Source(
        "Sender IP of the probes (default: the interface's address; only with one interface)", shortAlias: false);

    public readonly ClusterOptions Cluster = new();

    public AgentCommandDefinition() : base("agent", "Run on every node (DaemonSet): probe every LoadBalancer VIP, serve Prometheus metrics, post Warning Events")
    {
        Options.Add(Interface);
        Options.Add(Node);
        Options.Add(Interval);
        Options.Add(Wait);
        Options.Add(Rate);
        Options.Add(Listen);
        Options.Add(EventInterval);
        Options.Add(Source);
        Cluster.AddTo(this);
    }
}
