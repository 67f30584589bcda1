using ArpDoctor.Cli;
using ArpDoctor.Cli.Common;
using ArpDoctor.Cli.Fast;

// Anything but probe and scan is the full tool's: hand the process over before the console is set up.
if (!PacketVerbs.Handles(args))
    return FullTool.HandOver(args, Console.Error);

using var interrupts = new Interrupts();
var cli = CliContext.ForConsole();
var root = CliRunner.NewRoot();
PacketVerbs.AddTo(root, cli);
return await CliRunner.RunAsync(root, args, cli, interrupts.Token);
