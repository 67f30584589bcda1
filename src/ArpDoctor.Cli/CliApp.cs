using System.CommandLine;
using ArpDoctor.Cli.Agent;
using ArpDoctor.Cli.Analyze;
using ArpDoctor.Cli.Check;
using ArpDoctor.Cli.Common;
using ArpDoctor.Cli.Fix;
using ArpDoctor.Cli.Lab;
using ArpDoctor.Cli.Locate;
using ArpDoctor.Cli.Probe;
using ArpDoctor.Cli.Scan;
using ArpDoctor.Cli.Watch;

namespace ArpDoctor.Cli;

/// <summary>Builds the command tree and runs one command line; the only place verbs are wired up.</summary>
public static class CliApp
{
    public static readonly Option<bool> Debug = new("--debug")
    {
        Description = "Show stack traces of unexpected errors",
        Recursive = true,
    };

    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand("ArpDoctor finds, proves and fixes ARP flapping of Kubernetes LoadBalancer VIPs announced by MetalLB in layer-2 mode.");
        root.Options.Add(Debug);

        var probe = new ProbeCommandDefinition();
        probe.SetAction((parse, ct) => ProbeCommand.RunAsync(probe, parse, cli, ct));
        root.Subcommands.Add(probe);

        var analyze = new AnalyzeCommandDefinition();
        analyze.SetAction((parse, ct) => AnalyzeCommand.RunAsync(analyze, parse, cli, ct));
        root.Subcommands.Add(analyze);

        var check = new CheckCommandDefinition();
        check.SetAction((parse, ct) => CheckCommand.RunAsync(check, parse, cli, ct));
        root.Subcommands.Add(check);

        var fix = new FixCommandDefinition();
        fix.SetAction((parse, ct) => FixCommand.RunAsync(fix, parse, cli, ct));
        root.Subcommands.Add(fix);

        var locate = new LocateCommandDefinition();
        locate.SetAction((parse, ct) => LocateCommand.RunAsync(locate, parse, cli, ct));
        root.Subcommands.Add(locate);
        var scan = new ScanCommandDefinition();
        scan.SetAction((parse, ct) => ScanCommand.RunAsync(scan, parse, cli, ct));
        root.Subcommands.Add(scan);

        var watch = new WatchCommandDefinition();
        watch.SetAction((parse, ct) => WatchCommand.RunAsync(watch, parse, cli, ct));
        root.Subcommands.Add(watch);

        var agent = new AgentCommandDefinition();
        agent.SetAction((parse, ct) => AgentCommand.RunAsync(agent, parse, cli, ct));
        root.Subcommands.Add(agent);

        var lab = LabCommands.Build(cli);
        LabHelperCommands.AddTo(lab, cli);
        root.Subcommands.Add(lab);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext cli, CancellationToken ct = default)
    {
        var root = Build(cli);
        // @file is scan's target-file syntax, not a response file.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && !IsHelpRequest(args))
        {
            var verb = parse.CommandResult.Command == root ? "usage" : parse.CommandResult.Command.Name;
            // Unrecognised tokens first: "Required command was not provided" says less than "'launch' not recognized".
            var message = string.Join("; ", parse.Errors
                .OrderBy(e => e.Message.Contains("Unrecognized", StringComparison.Ordinal) ? 0 : 1)
                .Select(e => OneLine(e.Message)).Distinct());
            return cli.Fail(ExitCodes.Usage, verb, $"{message} (see 'arpdoctor {(verb == "usage" ? "" : verb + " ")}--help')");
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = cli.Output.Profile.Out.Writer,
                Error = cli.Error,
                EnableDefaultExceptionHandler = false,
            }, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C before a result. Verbs that owe a result on Ctrl-C (watch's summary, fix's account of
            // what was written) catch it themselves; every other verb ends here, the same way.
            return cli.Fail(ExitCodes.Interrupted, parse.CommandResult.Command.Name, "interrupted");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var verb = parse.CommandResult.Command.Name;
            if (parse.GetValue(Debug)) cli.Error.WriteLine(e);
            return e is Linux.Processes.CommandFailedException
                ? cli.Fail(ExitCodes.Environment, verb, e.Message)
                : cli.Fail(ExitCodes.Environment, verb, $"unexpected error: {e.Message} (run with --debug for details)");
        }
    }

    // System.CommandLine lists allowed values on lines of their own; an error stays one line.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));

    private static bool IsHelpRequest(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");
}
