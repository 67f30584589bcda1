using Xunit;

namespace ArpDoctor.Cli.Tests.Lab;

/// <summary>lab's bad input is refused before any namespace is made, naming the command as typed.</summary>
public sealed class LabInputTests
{
    [Theory]
    // A prefix with a space made namespaces 'lab down' could not find.
    [InlineData(new[] { "lab", "up", "--prefix", "a b" }, "arpdoctor: lab up: --prefix 'a b': lower-case letters, digits and '-' only, 1 to 16 characters, not starting with '-' (see 'arpdoctor lab up --help')")]
    [InlineData(new[] { "lab", "down", "--prefix", "-x" }, "arpdoctor: lab down: --prefix '-x': lower-case letters, digits and '-' only, 1 to 16 characters, not starting with '-' (see 'arpdoctor lab down --help')")]
    [InlineData(new[] { "lab", "up", "--nodes", "x" }, "arpdoctor: lab up: --nodes 'x' is not a whole number from 1 to 240 (nodes) (see 'arpdoctor lab up --help')")]
    public async Task Bad_input_is_exit_2_naming_the_whole_command(string[] args, string expected)
    {
        var cli = new CliHarness(_ => throw new InvalidOperationException("no link may be opened for bad input"));
        Assert.Equal(2, await cli.Run(args));
        Assert.Equal(expected, cli.Err.Trim());
    }
}
