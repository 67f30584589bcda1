using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Probe;

/// <summary>The options of <c>arpdoctor probe</c>; execution is in <see cref="ProbeCommand"/>.</summary>
public sealed class ProbeCommandDefinition : Command
{
    public readonly Argument<Ipv4Address> Vip = SharedOptions.Vip("The IPv4 address to resolve, e.g. a LoadBalancer VIP");

    public readonly Option<string> Interface = SharedOptions.Interface("Interface on the VIP's L2 segment");

    /// <summary>Every reply is kept for the summary and the JSON; this bounds both (and a broadcast flood from one typo).</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The probes <c>--count</c> takes, in probe and locate.</summary>
    public static readonly NumberRange Counts = new(1, MaxCount, "probes");

    public readonly Option<int> Count = SharedOptions.Number("--count", "Probes to send", ProbeRequest.DefaultCount, Counts, "-c");

    public readonly Option<Duration> Interval = SharedOptions.Duration("--interval", "Time between probes", Durations.Format(ProbeRequest.DefaultInterval));

    public readonly Option<Duration> Wait = SharedOptions.Duration("--wait",
        "Time to keep listening after the last probe (a LAN answers in milliseconds)", Durations.Format(ProbeRequest.DefaultWait), "-w");

    public readonly Option<Ipv4Address?> Source = SharedOptions.Source(
        "Sender IP in the probes (default: the interface's); 0.0.0.0 sends RFC 5227 address probes");

    public readonly Option<string> Format = SharedOptions.Output(
        "text, json, or arping (iputils arping's lines, for existing scripts)", "text", "json", "arping");

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
    }
}
