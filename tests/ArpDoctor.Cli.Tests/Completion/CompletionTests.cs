using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Cli.Tests.Completion;

/// <summary>
/// <c>arpdoctor completion SHELL</c>. The bash script is sourced in a real bash, its completion function called as bash's
/// programmable completion calls it (COMP_WORDS and COMP_CWORD set), and it runs the built arpdoctor (an <c>arpdoctor</c>
/// on PATH that starts it) to complete verbs, options and their values.
/// </summary>
public sealed class CompletionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-completion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("bash", "complete -o default -F _arpdoctor arpdoctor")]
    [InlineData("zsh", "compdef _arpdoctor arpdoctor")]
    [InlineData("fish", "complete -c arpdoctor -f -a '(__arpdoctor_complete)'")]
    public async Task Each_shell_gets_a_script_that_registers_itself_for_arpdoctor(string shell, string registration)
    {
        var cli = new CliHarness();
        Assert.Equal(0, await cli.Run("completion", shell));
        Assert.Contains(registration + "\n", cli.Out);
        Assert.Contains("[suggest:", cli.Out);
        Assert.Equal("", cli.Err);
    }

    [Fact]
    public async Task An_unknown_shell_is_one_line_and_exit_2()
    {
        var cli = new CliHarness();
        Assert.Equal(2, await cli.Run("completion", "tcsh"));
        Assert.StartsWith("arpdoctor: completion: Argument 'tcsh' not recognized. Must be one of:", cli.Err);
        Assert.Single(cli.Err.Trim().Split('\n'));
    }

    [Theory]
    [InlineData(new[] { "" }, new[] { "agent", "analyze", "check", "completion", "fix", "lab", "locate", "probe", "scan", "watch" })]
    [InlineData(new[] { "pr" }, new[] { "probe" })]
    [InlineData(new[] { "probe", "--w" }, new[] { "--wait" })]
    [InlineData(new[] { "probe", "203.0.113.10", "--i" }, new[] { "--interface", "--interval" })]
    [InlineData(new[] { "check", "-o", "" }, new[] { "json", "text" })]
    [InlineData(new[] { "completion", "" }, new[] { "bash", "fish", "zsh" })]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "l" }, new[] { "lo" })]
    [InlineData(new[] { "agent", "--event-" }, new[] { "--event-interval" })]
    public async Task Sourced_in_bash_it_completes_verbs_options_and_their_values(string[] typed, string[] expected)
    {
        Requirements.Tool("bash");
        var cli = new CliHarness();
        Assert.Equal(0, await cli.Run("completion", "bash"));
        var script = Path.Combine(_dir, "arpdoctor.bash");
        File.WriteAllText(script, cli.Out);
        // What a user has: arpdoctor on PATH.
        var program = Path.Combine(_dir, "arpdoctor");
        File.WriteAllText(program, "#!/bin/sh\nexec " + string.Join(' ', Arpdoctor.CommandPrefix().Select(Quote)) + " \"$@\"\n");
        CommandRunner.RunChecked("chmod", "+x", program);

        var words = string.Join(' ', new[] { "arpdoctor" }.Concat(typed).Select(Quote));
        var result = CommandRunner.Run("bash", ["--norc", "--noprofile", "-c",
            $"PATH={Quote(_dir)}:\"$PATH\"; source {Quote(script)} && COMP_WORDS=({words}) && COMP_CWORD={typed.Length} && _arpdoctor && printf '%s\\n' \"${{COMPREPLY[@]}}\""],
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(expected, result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
