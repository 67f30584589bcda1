using System.CommandLine;
using ArpDoctor.Cli.Hosting;

namespace ArpDoctor.Cli.Completion;

/// <summary>Writes the completion script of the shell asked for.</summary>
public static class CompletionCommand
{
    public static int Run(CompletionCommandDefinition def, ParseResult parse, CliContext cli)
    {
        cli.Output.Profile.Out.Writer.Write(CompletionScripts.For(parse.GetValue(def.Shell)!));
        return ExitCodes.Healthy;
    }
}
