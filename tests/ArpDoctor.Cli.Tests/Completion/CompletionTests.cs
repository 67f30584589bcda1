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
    [InlineData(new[] { "" }, new[] { "agent", "analyze", "check", "completion", "doctor", "fix", "lab", "locate", "probe", "scan", "watch" })]
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

    [Fact]
    public async Task The_man_page_is_made_from_the_help_and_renders_in_man_without_a_warning()
    {
        Requirements.Tool("groff");
        var cli = new CliHarness();
        Assert.Equal(0, await cli.Run("man-page"));
        var page = Path.Combine(_dir, "arpdoctor.1");
        File.WriteAllText(page, cli.Out);

        // -ww: every warning; -z: no output, only the diagnostics.
        var check = CommandRunner.Run("groff", ["-man", "-Tutf8", "-ww", "-z", page], TimeSpan.FromSeconds(30));
        Assert.True(check.ExitCode == 0 && check.StandardError.Length == 0, check.StandardError);
        var shown = CommandRunner.Run("man", ["-l", page], TimeSpan.FromSeconds(30)) is var r && r.ExitCode == 0
            ? r.StandardOutput
            : throw new Xunit.Sdk.XunitException(r.StandardError);
        var text = string.Join(' ', shown.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));   // unwrapped
        Assert.Contains("ARPDOCTOR(1)", text);
        Assert.Contains("arpdoctor probe VIP", text);
        Assert.Contains("arpdoctor lab up", text);
        Assert.Contains("-i, --interface", text);
        Assert.Contains("Print the shell completion script for bash, zsh or fish", text);
        Assert.Contains("130 Interrupted by Ctrl-C before a result.", text);
        Assert.DoesNotContain("man-page", text);                 // hidden
        // Every exit code is on the page.
        Assert.Equal(typeof(ArpDoctor.Cli.Hosting.ExitCodes).GetFields().Where(f => f.IsLiteral).Select(f => (int)f.GetValue(null)!).Order(),
            ArpDoctor.Cli.Hosting.ExitCodes.All.Select(c => c.Code).Order());
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
