using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Cli.Watch;

/// <summary>The options of <c>arpdoctor watch</c>; execution is in <see cref="WatchCommand"/>.</summary>
public sealed class WatchCommandDefinition : Command
{
    public readonly Argument<Ipv4Address[]> Vips = SharedOptions.Vips("The VIPs to watch");

    public readonly Option<string> Interface = SharedOptions.Interface("Interface on the VIPs' L2 segment");

    public readonly Option<Duration> Interval = SharedOptions.Duration("--interval",
        "Time between rounds (30s is a typical firewall's hard ARP timeout)", "30s", minimum: TimeSpan.FromMilliseconds(10));

    public readonly Option<Duration> Wait = SharedOptions.Duration("--wait", "How long each round listens for replies", "500ms", "-w");

    public readonly Option<int> Rate = SharedOptions.Rate("Probes per second when many VIPs are re-resolved at once", Core.Scanning.ScanRequest.DefaultRate);

    public readonly Option<Duration?> Duration = SharedOptions.OptionalDuration("--duration", "How long to watch, e.g. 24h (default: until Ctrl-C)", "-d");

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

    public readonly Option<Ipv4Address?> Source = SharedOptions.Source("Sender IP in the probes (default: the interface's)");

    public readonly Option<string> Format = SharedOptions.Output("text or json (events and the summary as JSON lines)", "text", "json");

    public WatchCommandDefinition() : base("watch",
        "Re-resolve VIPs every interval, as a firewall with a hard ARP timeout does, and log when the winning MAC " +
        "changes: a failover (announced by the new MAC) or a flap. Listens to every ARP frame in between.\n" +
        "Exit 0: healthy; 1: unstable (a flap, several responders, no answer or a dropped connection); " +
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
    }
}
