using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Cli.Probe;

/// <summary>Parses <c>probe</c>'s options, probes over a link, renders, maps the verdict to an exit code.</summary>
public static class ProbeCommand
{
    private const string Verb = "probe";

    public static async Task<int> RunAsync(ProbeCommandDefinition def, ParseResult parse, CliContext cli, CancellationToken ct)
    {
        var vip = parse.GetValue(def.Vip);
        int count = parse.GetValue(def.Count);
        TimeSpan interval = parse.GetValue(def.Interval);
        TimeSpan wait = parse.GetValue(def.Wait);
        var source = parse.GetValue(def.Source);
        var interfaceName = parse.GetValue(def.Interface)!;
        var format = parse.GetValue(def.Format)!;

        var (link, linkError) = cli.OpenLink(interfaceName);
        if (link is null)
            return cli.Fail(ExitCodes.Environment, Verb, linkError!.Message);
        using (link)
        {
            var sourceIp = SourceAddress.For(link, source);
            var request = new ProbeRequest(vip, sourceIp, link.Mac, count, interval, wait);
            var result = await new Prober(link, cli.Time).ProbeAsync(request, ct).ConfigureAwait(false);
            ProbeRenderer.Render(result, format, cli.Output, cli.Vendors);
            return result.Verdict == Verdict.Healthy ? ExitCodes.Healthy : ExitCodes.Problem;
        }
    }
}
