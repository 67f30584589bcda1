using System.CommandLine;
using ArpDoctor.Cli.Hosting;

namespace ArpDoctor.Cli.Hosting;

/// <summary>
/// Runs one command line against a command tree: the same usage errors, Ctrl-C handling and one-line
/// failures for every verb, whichever executable carries it.
/// </summary>
public static class CliRunner
{
    public static readonly Option<bool> Debug = new("--debug")
    {
        Description = "Show stack traces of unexpected errors",
        Recursive = true,
    };

    /// <summary>The version <c>--version</c> prints (the assembly's informational version, without a source hash).</summary>
    public static string Version =>
        (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(CliRunner).Assembly)?.InformationalVersion ?? "0")
        .Split('+')[0];

    public const string Description =
        "ArpDoctor finds, proves and fixes ARP flapping of Kubernetes LoadBalancer VIPs announced by MetalLB in layer-2 mode.";

    /// <summary>A root command with the options every verb shares; the caller adds the verbs.</summary>
    public static RootCommand NewRoot()
    {
        var root = new RootCommand(Description);
        root.Options.Add(Debug);
        return root;
    }

    public static async Task<int> RunAsync(RootCommand root, string[] args, CliContext cli, CancellationToken ct = default)
    {
        // @file is scan's target-file syntax, not a response file.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && !IsHelpRequest(args))
        {
            var verb = parse.CommandResult.Command == root ? "usage" : CommandPath(parse.CommandResult);
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
                // Signals are Interrupts' alone: a second handler cancelling its own token raced ours (an OperationCanceledException
                // that was not yet "ours" escaped as an unhandled exception, exit 134).
                ProcessTerminationTimeout = null,
            }, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C before a result. Verbs that owe a result on Ctrl-C (watch's summary, fix's account of
            // what was written) catch it themselves; every other verb ends here, the same way.
            return cli.Fail(ExitCodes.Interrupted, parse.CommandResult.Command.Name, "interrupted");
        }
        catch (Core.Links.CaptureEndedException e)
        {
            return cli.Fail(ExitCodes.Environment, parse.CommandResult.Command.Name, $"{e.Message} (was the interface removed or taken down?)");
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

    /// <summary>The words after <c>arpdoctor</c> that name the command: <c>lab up</c>, not <c>up</c>.</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r is not null && r.Parent is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }

    // System.CommandLine lists allowed values on lines of their own; an error stays one line.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));

    private static bool IsHelpRequest(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");
}
