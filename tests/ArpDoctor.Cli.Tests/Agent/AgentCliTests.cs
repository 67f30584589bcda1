using Xunit;

namespace ArpDoctor.Cli.Tests.Agent;

/// <summary><c>arpdoctor agent</c>'s bad input: one line, exit 2, before any link or API connection is opened.</summary>
public class AgentCliTests
{
    [Theory]
    [InlineData(new[] { "agent", "-i", "eth0", "-i", "eth1", "--source", "192.0.2.11" }, "arpdoctor: agent: --source 192.0.2.11 needs exactly one --interface (got eth0, eth1)")]
    [InlineData(new[] { "agent", "-i", "eth0,eth1", "--source", "192.0.2.11" }, "arpdoctor: agent: --source 192.0.2.11 needs exactly one --interface (got eth0, eth1)")]
    [InlineData(new[] { "agent", "-i", "eth0", "--interval", "500ms" }, "arpdoctor: agent: --interval '500ms' is not a duration from 1s to 49d (e.g. 1.5s, 30s, 10m, 24h) (see 'arpdoctor agent --help')")]
    [InlineData(new[] { "agent", "-i", "eth0", "--interval", "10s", "--wait", "10s" }, "arpdoctor: agent: --wait 10s must be shorter than --interval 10s")]
    [InlineData(new[] { "agent", "-i", "eth0", "--wait", "50ms" }, "arpdoctor: agent: --wait '50ms' is not a duration from 100ms to 49d (e.g. 1.5s, 30s, 10m, 24h) (see 'arpdoctor agent --help')")]
    [InlineData(new[] { "agent", "-i", "eth0", "--rate", "0" }, "arpdoctor: agent: --rate '0' is not a whole number from 1 to 1000000 (probes per second) (see 'arpdoctor agent --help')")]
    public async Task Bad_input_is_one_line_and_exit_2(string[] args, string expected)
    {
        var cli = new CliHarness(_ => throw new InvalidOperationException("no link may be opened for bad input"));
        Assert.Equal(2, await cli.Run(args));
        Assert.Equal(expected, cli.Err.Trim());
    }
}
