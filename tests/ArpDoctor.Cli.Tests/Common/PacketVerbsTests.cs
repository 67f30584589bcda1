using Xunit;

namespace ArpDoctor.Cli.Tests.Common;

/// <summary>Which command lines the fast front runs itself (the rest go to the full tool).</summary>
public class PacketVerbsTests
{
    [Theory]
    [InlineData(true, "scan", "203.0.113.0/24", "-i", "eth0")]
    [InlineData(true, "probe", "203.0.113.10")]
    [InlineData(true, "--debug", "scan", "203.0.113.10")]
    [InlineData(false, "check")]
    [InlineData(false, "watch", "203.0.113.10")]
    [InlineData(false, "lab", "scan")]
    [InlineData(false, "--help")]
    [InlineData(false, "--version")]
    [InlineData(false)]
    [InlineData(false, "Scan")]
    public void The_verb_decides(bool handled, params string[] args) =>
        Assert.Equal(handled, PacketVerbs.Handles(args));

    [Fact]
    public void The_names_are_the_verbs_it_adds()
    {
        var root = CliRunner.NewRoot();
        PacketVerbs.AddTo(root, new CliHarness().Context);
        Assert.Equal(PacketVerbs.Names, root.Subcommands.Select(c => c.Name).ToList());
    }
}
