using Spectre.Console;
using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Linux.Lab;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Lab;

/// <summary>
/// <c>arpdoctor lab up|mode|failover|down</c>: the test network of namespaces, for trying ArpDoctor
/// (and arping) against real kernels answering ARP the way cluster nodes do. Needs root.
/// </summary>
public static class LabCommands
{
    private const string Verb = "lab";

    public static Command Build(CliContext cli)
    {
        var prefix = new Option<string>("--prefix") { Description = "Namespace name prefix: lower-case letters, digits and '-', at most 16", DefaultValueFactory = _ => LabPlan.DefaultPrefix, Recursive = true };
        // Namespaces are named PREFIX-br, PREFIX-nodeN: a prefix with a space made labs that 'lab down' could not find.
        prefix.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>() ?? "";
            if (value.Length is 0 or > 16 || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || value[0] == '-')
                result.AddError($"--prefix '{value}': lower-case letters, digits and '-' only, 1 to 16 characters, not starting with '-'");
        });
        var lab = new Command("lab", "A test network in network namespaces: a bridge, a client and N nodes holding VIPs on kube-ipvs0 as kube-proxy IPVS does (root only)");
        lab.Options.Add(prefix);

        var nodeNumbers = new NumberRange(1, LabPlan.MaxNodes, "a node of the lab");
        var nodes = SharedOptions.Number("--nodes", "Nodes", 4, new NumberRange(1, LabPlan.MaxNodes, "nodes"), "-n");
        var vips = SharedOptions.Number("--vips", "VIPs (203.0.113.10 and up)", 1, new NumberRange(1, 499, "VIPs"));
        var mode = new Option<string>("--mode", "-m") { Description = "loose (strictARP off), strict, or speaker", DefaultValueFactory = _ => "loose" };
        mode.AcceptOnlyFromAmong("loose", "strict", "speaker");
        var speaker = SharedOptions.Number("--speaker", "Node that answers in speaker mode", 1, nodeNumbers);

        var up = new Command("up", "Create the lab (replacing one with the same prefix)") { nodes, vips, mode, speaker };
        up.SetAction(parse =>
        {
            int n = parse.GetValue(nodes), v = parse.GetValue(vips);
            if (parse.GetValue(speaker) is var s && s > n) return cli.Fail(ExitCodes.Usage, Verb, $"--speaker {s}: 1 to {n} (the lab's nodes)");
            var plan = new LabPlan(parse.GetValue(prefix)!, n, LabPlan.DefaultVips(v));
            var network = LabNetwork.Create(plan, ParseMode(parse.GetValue(mode)!), parse.GetValue(speaker));
            Describe(network, cli);
            return ExitCodes.Healthy;
        });

        var modeArg = new Argument<string>("MODE") { Description = "loose, strict or speaker" };
        modeArg.AcceptOnlyFromAmong("loose", "strict", "speaker");
        var set = new Command("mode", "Switch every node's ARP behaviour") { modeArg, speaker };
        set.SetAction(parse => WithLab(cli, parse.GetValue(prefix)!, network =>
        {
            network.SetMode(ParseMode(parse.GetValue(modeArg)!), parse.GetValue(speaker));
            Describe(network, cli);
        }));

        var nodeArg = SharedOptions.NumberArgument("NODE", "Node that takes over the VIPs", nodeNumbers);
        var failover = new Command("failover", "Move the VIPs to another node and announce them with gratuitous ARP, as MetalLB does") { nodeArg };
        failover.SetAction(parse => WithLab(cli, parse.GetValue(prefix)!, network =>
        {
            network.FailOverTo(parse.GetValue(nodeArg));
            Describe(network, cli);
        }));

        var down = new Command("down", "Remove the lab");
        down.SetAction(parse =>
        {
            var network = LabNetwork.Open(parse.GetValue(prefix)!);
            if (network is null) return cli.Fail(ExitCodes.Usage, Verb, $"no lab with prefix '{parse.GetValue(prefix)}' is up");
            network.Dispose();
            cli.Output.WriteLine($"lab '{network.Plan.Prefix}' removed");
            return ExitCodes.Healthy;
        });

        lab.Subcommands.Add(up);
        lab.Subcommands.Add(set);
        lab.Subcommands.Add(failover);
        lab.Subcommands.Add(down);
        return lab;
    }

    private static int WithLab(CliContext cli, string prefix, Action<LabNetwork> action)
    {
        var network = LabNetwork.Open(prefix);
        if (network is null) return cli.Fail(ExitCodes.Usage, Verb, $"no lab with prefix '{prefix}' is up; create one with 'arpdoctor lab up'");
        try
        {
            action(network);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return cli.Fail(ExitCodes.Usage, Verb, e.Message.Split('\n')[0]);
        }
        return ExitCodes.Healthy;
    }

    private static LabMode ParseMode(string word) => word switch
    {
        "strict" => LabMode.Strict,
        "speaker" => LabMode.Speaker,
        _ => LabMode.Loose,
    };

    private static void Describe(LabNetwork network, CliContext cli)
    {
        var plan = network.Plan;
        var vips = string.Join(", ", plan.Vips.Take(3)) + (plan.Vips.Count > 3 ? $" … ({plan.Vips.Count})" : "");
        var mode = network.Mode.ToString().ToLowerInvariant() + (network.Mode == LabMode.Speaker ? $" (node {network.SpeakerNode} answers)" : "");
        cli.Output.WriteLine($"lab '{plan.Prefix}': {Words.Count(plan.Nodes, "node")}, {Words.Noun(plan.Vips.Count, "VIP")} {vips}, mode {mode}");
        cli.Output.WriteLine($"  try: ip netns exec {plan.ClientNamespace} arpdoctor probe {plan.Vips[0]} -i eth0");
    }
}
