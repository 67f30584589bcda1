using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Doctoring;
using ArpDoctor.Linux.Interfaces;

namespace ArpDoctor.Cli.Doctor;

/// <summary>
/// Reads the cluster as check does, probes every layer-2 VIP and every node InternalIP from an interface of this host in
/// one set of rounds, names the causes from the catalogue, renders, maps the report to an exit code.
/// </summary>
public static class DoctorCommand
{
    private const string Verb = "doctor";

    /// <summary>With more VIPs than this, each round says on stderr that it starts.</summary>
    private const int ProgressFrom = 10;

    public static async Task<int> RunAsync(DoctorCommandDefinition def, ParseResult parse, CliContext cli, CancellationToken ct)
    {
        var from = parse.GetValue(def.From) switch { "pod" => ProbeSource.Pod, "agent" => ProbeSource.Agent, _ => ProbeSource.Here };
        bool fromPod = from == ProbeSource.Pod;
        if (OptionNotUsed(def, parse, from) is { } unused)
            return cli.Fail(ExitCodes.Usage, Verb, unused);
        if (fromPod && parse.GetValue(def.Interface) is null)
            return cli.Fail(ExitCodes.Usage, Verb, "--from pod needs -i, the node's interface on the VIPs' layer-2 segment (as 'ip -br addr' on the node shows it)");
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
        var side = ClusterSide.Of(facts);
        var vips = DoctorDiagnosis.Vips(facts);
        var notDone = new List<string>();
        Hearing? hearing = null;
        string? vantage = null;
        if (vips.Count == 0)
            notDone.Add("no LoadBalancer Service has an IPv4 VIP: nothing to probe");
        else if (from == ProbeSource.Agent)
            (hearing, vantage) = await DoctorFromAgent.ReadAsync(cli, api, facts, vips, notDone, ct).ConfigureAwait(false);
        else
            hearing = fromPod ? await DoctorFromPod.ProbeAsync(def, parse, cli, api, facts, vips, notDone, ct).ConfigureAwait(false)
                : await ProbeHereAsync(def, parse, cli, facts, vips, notDone, ct).ConfigureAwait(false);
        var report = DoctorDiagnosis.Diagnose(facts, side, hearing, cli.Vendors.Value, from, api.Server, notDone, vantage);
        DoctorRenderer.Render(report, parse.GetValue(def.Format)!, cli.Output);
        return report.Problem ? ExitCodes.Problem
            : report.Healthy ? ExitCodes.Healthy
            : hearing is null && vips.Count > 0 ? ExitCodes.Environment
            : ExitCodes.CannotTell;
    }

    /// <summary>Why an option given on the command line does nothing with this <c>--from</c>; <c>null</c> when each given one is used.</summary>
    private static string? OptionNotUsed(DoctorCommandDefinition def, ParseResult parse, ProbeSource from)
    {
        bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
        if (from != ProbeSource.Pod)
            foreach (var podOnly in new Option[] { def.Node, def.Image, def.PodNamespace, def.PodTimeout })
                if (Given(podOnly)) return $"{podOnly.Name} applies only with --from pod";
        if (from != ProbeSource.Agent) return null;
        if (Given(def.Interface)) return "-i does not apply with --from agent: the agents probe from their own nodes' interfaces";
        foreach (var probing in new Option[] { def.Rounds, def.Wait })
            if (Given(probing)) return $"{probing.Name} does not apply with --from agent: it reads the agents' latest rounds";
        return null;
    }

    /// <summary>The answers heard on this host's interface; <c>null</c> with the reason in <paramref name="notDone"/> when it cannot probe.</summary>
    private static async Task<Hearing?> ProbeHereAsync(DoctorCommandDefinition def, ParseResult parse, CliContext cli, ClusterFacts facts,
        IReadOnlyList<LayerTwoVip> vips, List<string> notDone, CancellationToken ct)
    {
        var nodeIps = facts.Nodes.SelectMany(n => n.InternalIps).Distinct().ToList();
        var name = parse.GetValue(def.Interface) ?? SegmentInterface(nodeIps);
        if (name is null)
        {
            notDone.Add($"cannot probe from here: no interface of this host is on the nodes' network ({string.Join(", ", nodeIps.Take(3))}{(nodeIps.Count > 3 ? ", …" : "")}); run doctor on a machine of that segment, or name the interface with -i");
            return null;
        }
        var (link, error) = cli.OpenLink(name);
        if (link is null)
        {
            notDone.Add($"cannot probe from here on {name}: {error!.Message}");
            return null;
        }
        using (link)
        {
            int rounds = parse.GetValue(def.Rounds);
            var survey = new DoctorSurvey(link, cli.Time);
            Action<int, int>? progress = vips.Count < ProgressFrom ? null
                : (round, all) => cli.Error.WriteLine($"arpdoctor: doctor: probing {vips.Count} VIPs and {nodeIps.Count} node addresses on {link.Name}: round {round}/{all}");
            return await survey.RunAsync([.. vips.Select(v => v.Vip), .. nodeIps], SourceAddress.For(link), rounds, parse.GetValue(def.Wait), progress, ct)
                .ConfigureAwait(false);
        }
    }

    /// <summary>The interface of this host whose network holds a node's InternalIP (the first such node's, longest prefix).</summary>
    private static string? SegmentInterface(IReadOnlyList<Core.Packets.Ipv4Address> nodeIps)
    {
        var networks = InterfaceCatalog.Networks().Where(n => n.PrefixLength < 32 && n.Interface is not ("lo" or "kube-ipvs0")).ToList();
        return nodeIps.Select(ip => networks.Where(n => n.Contains(ip)).OrderByDescending(n => n.PrefixLength).Select(n => n.Interface).FirstOrDefault())
            .FirstOrDefault(n => n is not null);
    }
}
