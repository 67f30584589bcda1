using ArpDoctor.Cli;
using ArpDoctor.Cli.Common;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C ends the run cleanly (results and summaries still print); a second one kills.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
return await CliApp.RunAsync(args, CliContext.ForConsole(), cancel.Token);
