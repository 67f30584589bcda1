using ArpDoctor.Cli;
using ArpDoctor.Cli.Common;

using var interrupts = new Interrupts();
return await CliApp.RunAsync(args, CliContext.ForConsole(), interrupts.Token);
