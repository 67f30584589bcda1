using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using ArpDoctor.Agent;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Kubernetes;
using ArpDoctor.Linux.Interfaces;
using ArpDoctor.Linux.Sysctl;
using Microsoft.Extensions.Logging;

namespace ArpDoctor.Cli.Agent;

/// <summary>Parses <c>agent</c>'s options and composes the agent: libpcap links that reopen, /proc, the API client, JSON logs.</summary>
public static class AgentCommand
{
    private const string Verb = "agent";

    public static async Task<int> RunAsync(AgentCommandDefinition def, ParseResult parse, CliContext cli, CancellationToken ct)
    {
        TimeSpan interval = parse.GetValue(def.Interval), wait = parse.GetValue(def.Wait), eventInterval = parse.GetValue(def.EventInterval);
        if (wait >= interval)
            return cli.Fail(ExitCodes.Usage, Verb, $"--wait {parse.GetValue(def.Wait)} must be shorter than --interval {parse.GetValue(def.Interval)}");
        int rate = parse.GetValue(def.Rate);
        if (!Watch.WatchCommand.TryEndpoint("--listen", parse.GetValue(def.Listen)!, out var listen, out var error))
            return cli.Fail(ExitCodes.Usage, Verb, error);
        var source = parse.GetValue(def.Source);
        var node = parse.GetValue(def.Node);
        if (string.IsNullOrEmpty(node)) node = Environment.GetEnvironmentVariable("NODE_NAME");
        if (string.IsNullOrEmpty(node)) node = Dns.GetHostName();

        var interfaces = (parse.GetValue(def.Interface) ?? [])
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (interfaces.Count == 0 && parse.GetValue(def.Interface) is { Length: > 0 } given)
            return cli.Fail(ExitCodes.Usage, Verb, $"--interface '{string.Join(",", given)}' names no interface");
        if (interfaces.Count == 0 && InterfaceCatalog.DefaultRouteInterface() is { } defaultInterface)
            interfaces.Add(defaultInterface);
        if (interfaces.Count == 0)
            return cli.Fail(ExitCodes.Environment, Verb, "no --interface given and no default route to take it from");
        if (source is not null && interfaces.Count > 1)
            return cli.Fail(ExitCodes.Usage, Verb, $"--source {source} needs exactly one --interface (got {string.Join(", ", interfaces)})");

        var (cluster, connectError) = KubernetesAgentCluster.Connect(parse.GetValue(def.Cluster.Kubeconfig), parse.GetValue(def.Cluster.Context),
            requestTimeout: def.Cluster.Deadline(parse), select: def.Cluster.Selection(parse), ct: ct);
        if (cluster is null)
            return cli.Fail(ClusterOptions.ExitCode(connectError!.Kind), Verb, connectError.Message);

        var links = new List<AgentLink>();
        using var closeLinks = new LinkSet(links);
        foreach (var name in interfaces)
        {
            var link = cli.OpenLinkSource(name);
            links.Add(new AgentLink(link, source));
            // Absent, down or without carrier is a state the agent waits out (a bond or veth that comes up after the pod);
            // no permission, no libpcap or no Ethernet address does not pass by waiting.
            if (link.Acquire().Status is { State: LinkState.Refused } refused)
                return cli.Fail(ExitCodes.Environment, Verb, refused.Reason);
        }
        var options = new AgentOptions(node, source ?? Ipv4Address.Any, MacAddress.Zero, interval, wait, rate, 0.1, eventInterval);

        using var loggers = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Information)
            .AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                // As the CLI's JSON: a quote or an apostrophe in a message is written as itself, not \u0027.
                o.JsonWriterOptions = JsonText.Options(indented: false);
            }));
        var logger = loggers.CreateLogger("arpdoctor.agent");

        // SIGTERM (the kubelet stopping the pod) cancels ct, through the one interrupt path (Interrupts).
        var runner = new AgentRunner(links, new ProcNodeNetwork(), cluster, options, new AgentMetrics(node, CliRunner.Version, cli.Time), cli.Time, logger);
        string? runError;
        try
        {
            runError = await runner.RunAsync(listen!, ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            return cli.Fail(ExitCodes.Environment, Verb, e.Message);
        }
        if (runError is not null) return cli.Fail(ExitCodes.Environment, Verb, runError);
        return ExitCodes.Healthy;
    }

    /// <summary>Closes the links opened so far, also when a later one fails to open.</summary>
    private sealed class LinkSet(List<AgentLink> links) : IDisposable
    {
        public void Dispose()
        {
            foreach (var l in links) l.Source.Dispose();
        }
    }
}
