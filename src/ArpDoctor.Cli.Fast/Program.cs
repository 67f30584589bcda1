using ArpDoctor.Cli;
using ArpDoctor.Cli.Common;
using ArpDoctor.Cli.Fast;

// Anything but probe and scan is the full tool's: hand the process over before the console is set up.
if (!PacketVerbs.Handles(args))
    return FullTool.HandOver(args, Console.Error);

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
