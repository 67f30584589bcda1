using System.CommandLine;
using ArpDoctor.Cli.Hosting;

namespace ArpDoctor.Cli.Analyze;

/// <summary>The options of <c>arpdoctor analyze</c>; execution is in <see cref="AnalyzeCommand"/>.</summary>
public sealed class AnalyzeCommandDefinition : Command
{
    public readonly Argument<string[]> Files = new("FILE")
    {
        Description = "Evidence: arping, arp-scan or tcpdump output, a pcap/pcapng capture, arpwatch or addrwatch logs, ip neigh/arp -a snapshots, a watch log, probe/scan JSON; '-' reads standard input",
        Arity = ArgumentArity.OneOrMore,
    };

    public readonly Option<string> Format = SharedOptions.Output(
        "text, json, or html (one self-contained report with the timeline plot)", "text", "json", "html");

    public readonly Option<Core.Packets.Ipv4Address?> Vip = SharedOptions.OptionalVip("--vip",
        "Analyse only this VIP (default: every address someone answered for)");

    public readonly Option<Duration> FirewallTimeout = SharedOptions.Duration("--firewall-timeout",
        "How often a client (a firewall's ARP cache) re-resolves the VIP, for the time-to-move estimate", "30s", minimum: TimeSpan.FromMilliseconds(1));

    public readonly Option<string?> Since = new("--since")
    {
        Description = "Only evidence from this time on (ISO 8601, or '2026-11-30 13:00:00' in UTC)",
        HelpName = "time",
    };

    public readonly Option<string?> Until = new("--until")
    {
        Description = "Only evidence up to this time",
        HelpName = "time",
    };

    public readonly Option<string?> Plot = new("--plot")
    {
        Description = "Also write the timeline plot (which MAC answered when) to FILE.png or FILE.svg",
    };

    public AnalyzeCommandDefinition() : base("analyze",
        "Read evidence (arping, arp-scan, tcpdump, captures, arpwatch, addrwatch, neighbour caches, watch logs, probe/scan JSON) and say which MACs answer for each VIP, how often " +
        "each wins, and how soon a client's traffic moves. The kind of each file is recognised from its content; several files are read in time order. " +
        "Each VIP's evidence is split into phases where the answering MACs change; its verdict is the latest phase's. " +
        "Exit 0: every VIP healthy; 1: conflict, unstable or no-answer; 2: unreadable or unrecognised input; 5: cannot tell (inconclusive, no-evidence).")
    {
        Arguments.Add(Files);
        Options.Add(Format);
        Options.Add(Vip);
        Options.Add(FirewallTimeout);
        Options.Add(Since);
        Options.Add(Until);
        Options.Add(Plot);
    }
}
