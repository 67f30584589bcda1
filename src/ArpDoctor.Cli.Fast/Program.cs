using ArpDoctor.Cli;
using ArpDoctor.Cli.Common;
using ArpDoctor.Linux.Processes;

// Anything but probe and scan is the full tool's: hand the process over before touching the console.
if (!PacketVerbs.Handles(args))
{
    var full = FullTool.Path;
    var why = ProcessImage.Replace(full, args);
    var verb = args.FirstOrDefault(a => !a.StartsWith('-')) ?? "usage";
    Console.Error.WriteLine($"arpdoctor: {verb}: cannot start the full arpdoctor at {full}: {why} " +
        $"(this build runs only {string.Join(" and ", PacketVerbs.Names)} itself; reinstall, or set {FullTool.Variable})");
    return ExitCodes.Environment;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C ends the run cleanly (results still print); a second one kills.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
var cli = CliContext.ForConsole();
var root = CliRunner.NewRoot();
PacketVerbs.AddTo(root, cli);
return await CliRunner.RunAsync(root, args, cli, cancel.Token);

/// <summary>Where the full tool is: <c>full/arpdoctor</c> beside this executable, or <c>$ARPDOCTOR_FULL</c>.</summary>
internal static class FullTool
{
    public const string Variable = "ARPDOCTOR_FULL";

    public static string Path => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given
        ? given
        : System.IO.Path.Combine(AppContext.BaseDirectory, "full", "arpdoctor");
}
