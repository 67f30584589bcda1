using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Scanning;

namespace ArpDoctor.Cli.Scan;

/// <summary>The options of <c>arpdoctor scan</c>; execution is in <see cref="ScanCommand"/>.</summary>
public sealed class ScanCommandDefinition : Command
{
    public readonly Argument<string[]> Targets = new("TARGETS")
    {
        Description = "VIPs: addresses, ranges (203.0.113.10-203.0.113.40), CIDRs (198.51.100.0/24) or @file (one per line)",
        Arity = ArgumentArity.OneOrMore,
    };

    public readonly Option<string> Interface = SharedOptions.Interface("Interface on the VIPs' L2 segment");

    public readonly Option<int> Rate = SharedOptions.Rate("Probes per second, over all targets", ScanRequest.DefaultRate);

    public readonly Option<int> Retries = SharedOptions.Number("--retries", "Extra rounds that re-probe only the targets that stayed silent",
        ScanRequest.DefaultRetries, new NumberRange(0, 100, "extra rounds"));

    public readonly Option<Duration> Wait = SharedOptions.Duration("--wait", "Time to keep listening after the last probe of a round", "500ms", "-w");

    public readonly Option<Ipv4Address?> Source = SharedOptions.Source(
        "Sender IP in the probes (default: the interface's); 0.0.0.0 sends RFC 5227 address probes");

    public readonly Option<bool> AllowSilent = new("--allow-silent")
    {
        Description = "Do not count silent targets as a problem (exit 0 unless there is a conflict)",
    };

    public readonly Option<string> Format = SharedOptions.Output("text or json", "text", "json");

    public ScanCommandDefinition() : base("scan",
        "Probe many VIPs at once with broadcast ARP and list every MAC that answers each, conflicts first.\n" +
        "Exit 0: every VIP has exactly one MAC; 1: a conflict, or a silent VIP (unless --allow-silent); " +
        "2: bad input; 3: environment.")
    {
        Arguments.Add(Targets);
        Options.Add(Interface);
        Options.Add(Rate);
        Options.Add(Retries);
        Options.Add(Wait);
        Options.Add(Source);
        Options.Add(AllowSilent);
        Options.Add(Format);
    }
}
