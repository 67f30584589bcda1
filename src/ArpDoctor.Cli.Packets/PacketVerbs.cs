using System.CommandLine;
using ArpDoctor.Cli.Common;
using ArpDoctor.Cli.Probe;
using ArpDoctor.Cli.Scan;

namespace ArpDoctor.Cli;

/// <summary>
/// The verbs that need nothing but a link: <c>probe</c> and <c>scan</c>. The full CLI and the fast front
/// add the same definitions, so both executables parse and answer them alike.
/// </summary>
public static class PacketVerbs
{
    /// <summary>The verb names, as typed.</summary>
    public static readonly IReadOnlyList<string> Names = ["probe", "scan"];

    public static void AddTo(RootCommand root, CliContext cli)
    {
        var probe = new ProbeCommandDefinition();
        probe.SetAction((parse, ct) => ProbeCommand.RunAsync(probe, parse, cli, ct));
        root.Subcommands.Add(probe);

        var scan = new ScanCommandDefinition();
        scan.SetAction((parse, ct) => ScanCommand.RunAsync(scan, parse, cli, ct));
        root.Subcommands.Add(scan);
    }

    /// <summary>
    /// Whether a command line runs one of these verbs: its verb is the first argument that is not an
    /// option (the root's only options, <c>--debug</c>, <c>--help</c> and <c>--version</c>, take no value).
    /// A line without a verb (<c>--help</c>, <c>--version</c>) is not one: the full tool lists every verb.
    /// </summary>
    public static bool Handles(IReadOnlyList<string> args)
    {
        foreach (var arg in args)
        {
            if (arg.StartsWith('-')) continue;
            return Names.Contains(arg, StringComparer.Ordinal);
        }
        return false;
    }
}
