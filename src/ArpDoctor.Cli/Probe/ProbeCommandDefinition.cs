using System.CommandLine;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Cli.Probe;

/// <summary>The options of <c>arpdoctor probe</c>; execution is in <see cref="ProbeCommand"/>.</summary>
public sealed class ProbeCommandDefinition : Command
{
    public readonly Argument<string> Vip = new("VIP") { Description = "The IPv4 address to resolve, e.g. a LoadBalancer VIP" };

    public readonly Option<string> Interface = new("--interface", "-i")
    {
        Description = "Interface on the VIP's L2 segment",
        Required = true,
    };

    public readonly Option<int> Count = new("--count", "-c")
    {
        Description = "Probes to send",
        DefaultValueFactory = _ => ProbeRequest.DefaultCount,
    };

    public readonly Option<string> Interval = new("--interval")
    {
        Description = "Time between probes",
        DefaultValueFactory = _ => "100ms",
    };

    public readonly Option<string> Wait = new("--wait", "-w")
    {
        Description = "Time to keep listening after the last probe (a LAN answers in milliseconds)",
        DefaultValueFactory = _ => "300ms",
    };

    public readonly Option<string?> Source = new("--source", "-s")
    {
        Description = "Sender IP in the probes (default: the interface's); 0.0.0.0 sends RFC 5227 address probes",
    };

    public readonly Option<string> Format = new("--output", "-o")
    {
        Description = "text, json, or arping (iputils arping's lines, for existing scripts)",
        DefaultValueFactory = _ => "text",
    };

    public ProbeCommandDefinition() : base("probe",
        "Ask who has VIP with broadcast ARP and list every MAC that answers.\n" +
        "Every probe is broadcast: arping switches to unicast after the first reply and then only hears " +
        "that one host, so it misses the other responders. Exit 0: exactly one MAC (healthy); " +
        "1: several MACs (conflict) or none (no-answer); 2: bad input; 3: environment.")
    {
        Arguments.Add(Vip);
        Options.Add(Interface);
        Options.Add(Count);
        Options.Add(Interval);
        Options.Add(Wait);
        Options.Add(Source);
        Options.Add(Format);
        Format.AcceptOnlyFromAmong("text", "json", "arping");
    }
}
