using System.CommandLine;

namespace ArpDoctor.Cli.Watch;

/// <summary>The options of <c>arpdoctor watch</c>; execution is in <see cref="WatchCommand"/>.</summary>
public sealed class WatchCommandDefinition : Command
{
    public readonly Argument<string[]> Vips = new("VIP")
    {
        Description = "The VIPs to watch",
        Arity = ArgumentArity.OneOrMore,
    };

    public readonly Option<string> Interface = new("--interface", "-i")
    {
        Description = "Interface on the VIPs' L2 segment",
        Required = true,
    };

    public readonly Option<string> Interval = new("--interval")
    {
        Description = "Time between re-resolutions (30s is a typical firewall's hard ARP timeout)",
        DefaultValueFactory = _ => "30s",
    };

    public readonly Option<string> Wait = new("--wait", "-w")
    {
        Description = "How long each re-resolution listens for replies",
        DefaultValueFactory = _ => "500ms",
    };

    public readonly Option<int> Rate = new("--rate", "-r")
    {
        Description = "Probes per second when many VIPs are re-resolved at once",
        DefaultValueFactory = _ => Core.Scanning.ScanRequest.DefaultRate,
    };

    public readonly Option<string?> Duration = new("--duration", "-d")
    {
        Description = "How long to watch, e.g. 24h (default: until Ctrl-C)",
    };

    public readonly Option<string?> Log = new("--log")
    {
        Description = "Append one JSON line per event to FILE (fsynced per event, never truncated)",
    };

    public readonly Option<bool> Resume = new("--resume")
    {
        Description = "Carry on from the events already in --log: no new first-seen, and the summary includes them",
    };

    public readonly Option<string?> Tcp = new("--tcp")
    {
        Description = "Hold a TCP connection to VIP:PORT and log connection-dropped when it breaks",
    };

    public readonly Option<string?> MetricsEndpoint = new("--metrics")
    {
        Description = "Serve Prometheus metrics on ADDR:PORT/metrics while watching",
    };

    public readonly Option<string?> Source = new("--source", "-s")
    {
        Description = "Sender IP in the probes (default: the interface's)",
    };

    public readonly Option<string> Format = new("--output", "-o")
    {
        Description = "text or json (events and the summary as JSON lines)",
        DefaultValueFactory = _ => "text",
    };

    public WatchCommandDefinition() : base("watch",
        "Re-resolve VIPs every interval, as a firewall with a hard ARP timeout does, and log when the winning MAC " +
        "changes: a failover (announced by gratuitous ARP) or a flap. Listens to every ARP frame in between.\n" +
        "Exit 0: stable; 1: unstable (a flap, several responders, no answer or a dropped connection); " +
        "2: bad input; 3: environment (interface, log file, port).")
    {
        Arguments.Add(Vips);
        Options.Add(Interface);
        Options.Add(Interval);
        Options.Add(Wait);
        Options.Add(Rate);
        Options.Add(Duration);
        Options.Add(Log);
        Options.Add(Resume);
        Options.Add(Tcp);
        Options.Add(MetricsEndpoint);
        Options.Add(Source);
        Options.Add(Format);
        Format.AcceptOnlyFromAmong("text", "json");
    }
}
