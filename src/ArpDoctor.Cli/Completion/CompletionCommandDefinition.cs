using System.CommandLine;

namespace ArpDoctor.Cli.Completion;

/// <summary>The arguments of <c>arpdoctor completion</c>; the scripts are in <see cref="CompletionScripts"/>.</summary>
public sealed class CompletionCommandDefinition : Command
{
    public readonly Argument<string> Shell = new("shell")
    {
        Description = "bash, zsh or fish",
    };

    public CompletionCommandDefinition() : base("completion",
        "Print the shell completion script for bash, zsh or fish: 'source <(arpdoctor completion bash)' in ~/.bashrc, " +
        "'source <(arpdoctor completion zsh)' in ~/.zshrc (after compinit), " +
        "'arpdoctor completion fish > ~/.config/fish/completions/arpdoctor.fish'. " +
        "The script asks arpdoctor itself for the verbs, options and values at each TAB; nothing else to install.")
    {
        Shell.AcceptOnlyFromAmong(CompletionScripts.Shells);
        Arguments.Add(Shell);
    }
}
