using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;

namespace ArpDoctor.Cli.Check;

/// <summary>Connects, reads the cluster's facts once, judges them, renders, maps to an exit code.</summary>
public static class CheckCommand
{
    private const string Verb = "check";

    public static async Task<int> RunAsync(CheckCommandDefinition def, ParseResult parse, CliContext cli, CancellationToken ct)
    {
        var api = def.Cluster.Connect(parse, cli, Verb, out var exit, ct);
        if (api is null) return exit;
        ClusterFacts facts;
        try
        {
            facts = await ClusterFacts.ReadAsync(api, ct).ConfigureAwait(false);
        }
        catch (ClusterApiException e)
        {
            return cli.Fail(e.Local ? ExitCodes.Internal : ExitCodes.KubernetesApi, Verb, e.Message);
        }
        var report = ClusterCheck.Diagnose(facts);
        CheckRenderer.Render(report, parse.GetValue(def.Format)!, api.Server, cli.Output);
        return report.MustChange ? ExitCodes.Problem : report.CannotTell ? ExitCodes.CannotTell : ExitCodes.Healthy;
    }
}
