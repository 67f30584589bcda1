using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Locating;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Cli.Locate;

/// <summary>The outcome of <c>locate</c>, for the renderer.</summary>
public sealed record LocateResult(
    Ipv4Address Vip, string Interface, string? Service, string? Announcer,
    ProbeResult Probe, IReadOnlyList<LocatedResponder> Responders, IReadOnlyList<NodeMac> Nodes)
{
    /// <summary>Exactly one MAC answers, and it is the announcer's (or a node's, when MetalLB names no announcer).</summary>
    public bool Healthy => Responders.Count == 1 && Responders[0].Role is ResponderRole.Announcer or ResponderRole.Node;
}

/// <summary>Reads nodes and announcers from the API, probes over one link, maps MACs to nodes, renders.</summary>
public static class LocateCommand
{
    private const string Verb = "locate";

    public static async Task<int> RunAsync(LocateCommandDefinition def, ParseResult parse, CliContext cli, CancellationToken ct)
    {
        var vip = parse.GetValue(def.Vip);
        int count = parse.GetValue(def.Count);
        TimeSpan wait = parse.GetValue(def.Wait);

        var api = def.Cluster.Connect(parse, cli, Verb, out var exit, ct);
        if (api is null) return exit;
        LocateFacts facts;
        try
        {
            facts = await LocateFacts.ReadAsync(api, vip, ct).ConfigureAwait(false);
        }
        catch (ClusterApiException e)
        {
            return cli.Fail(e.Local ? ExitCodes.Internal : ExitCodes.KubernetesApi, Verb, e.Message);
        }
        var (nodes, service, announcer) = (facts.Nodes, facts.Service, facts.Announcer);

        // What could not be read only leaves a label unknown: said on stderr, so JSON on stdout stays whole.
        foreach (var unread in facts.Unread)
            cli.Error.WriteLine(CliContext.Printable($"arpdoctor: {Verb}: note: {unread.Note}{(unread.Permission is null ? "" : $" ('{unread.Permission}')")}"));
        var (link, linkError) = cli.OpenLink(parse.GetValue(def.Interface)!);
        if (link is null) return cli.Fail(ExitCodes.Environment, Verb, linkError!.Message);
        LocateResult result;
        using (link)
        {
            var prober = new Prober(link, cli.Time);
            var source = SourceAddress.For(link);
            var probe = await prober.ProbeAsync(new ProbeRequest(vip, source, link.Mac, count, ProbeRequest.DefaultInterval, wait), ct).ConfigureAwait(false);
            var owners = await new NeighbourResolver(link, cli.Time)
                .ResolveAsync(nodes.SelectMany(n => n.InternalIps).ToList(), source, wait, ct).ConfigureAwait(false);
            var nodeMacs = nodes.SelectMany(n => n.InternalIps.Select(ip => new NodeMac(n.Name, ip, owners[ip]))).ToList();
            var located = ResponderMap.Map(probe.Responders.Select(r => (r.Mac, r.Replies, r.Wins)), nodeMacs, announcer);
            result = new LocateResult(vip, link.Name, service is null ? null : $"{service.Namespace}/{service.Name}", announcer, probe, located, nodeMacs);
        }
        LocateRenderer.Render(result, parse.GetValue(def.Format)!, cli.Output, cli.Vendors);
        return result.Healthy ? ExitCodes.Healthy : ExitCodes.Problem;
    }
}
