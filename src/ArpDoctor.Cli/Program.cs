using ArpDoctor.Cli;
using ArpDoctor.Cli.Hosting;

using var interrupts = new Interrupts();
return await CliApp.RunAsync(args, CliContext.ForConsole(), interrupts.Token);
