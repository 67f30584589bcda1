using Xunit;

namespace ArpDoctor.Cli.Tests.Probe;

/// <summary>Bad input: one line on stderr, the documented exit code, never a stack trace.</summary>
public class ProbeInputTests
{
    [Theory]
    [InlineData(new[] { "probe", "not-an-ip", "-i", "eth0" }, 2, "'not-an-ip' is not an IPv4 address")]
    [InlineData(new[] { "probe", "2001:db8::1", "-i", "eth0" }, 2, "IPv6 uses NDP")]
    [InlineData(new[] { "probe", "203.0.113.300", "-i", "eth0" }, 2, "is not an IPv4 address")]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "eth0", "-c", "-1" }, 2, "--count '-1' is not a whole number from 1 to 1000000 (probes)")]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "eth0", "-c", "2147483647" }, 2, "--count '2147483647' is not a whole number from 1 to 1000000 (probes)")]
    [InlineData(new[] { "probe", "0.0.0.0", "-i", "eth0" }, 2, "0.0.0.0 cannot be a LoadBalancer VIP")]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "eth0", "-c", "0" }, 2, "--count '0' is not a whole number from 1 to 1000000 (probes)")]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "eth0", "-c", "many" }, 2, "--count 'many' is not a whole number from 1 to 1000000 (probes)")]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "eth0", "--wait", "soon" }, 2, "--wait 'soon' is not a duration")]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "eth0", "--source", "me" }, 2, "--source 'me' is not an IPv4 address")]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "eth0", "-o", "xml" }, 2, "xml")]
    [InlineData(new[] { "probe", "203.0.113.10" }, 2, "--interface")]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "eth0", "--frobnicate" }, 2, "--frobnicate")]
    [InlineData(new[] { "launch" }, 2, "launch")]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "no-such-if0" }, 3, "no such interface: no-such-if0")]
    public async Task Bad_input_is_one_line_and_an_exit_code(string[] args, int exitCode, string message)
    {
        var cli = new CliHarness();
        Assert.Equal(exitCode, await cli.Run(args));
        var line = Assert.Single(cli.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("arpdoctor: ", line);
        Assert.Contains(message, line);
        Assert.DoesNotContain("   at ", cli.Err);
        Assert.Equal("", cli.Out);
    }

    [Fact]
    public async Task Help_says_every_probe_is_broadcast_and_why()
    {
        var cli = new CliHarness();
        Assert.Equal(0, await cli.Run("probe", "--help"));
        Assert.Contains("Every probe is broadcast", cli.Out);
        Assert.Contains("unicast after the first reply", cli.Out);
        Assert.Contains("--interval", cli.Out);
    }

    [Fact]
    public void Left_out_the_interval_and_wait_are_the_probe_requests_defaults_and_help_shows_them_as_typed()
    {
        var definition = new ArpDoctor.Cli.Probe.ProbeCommandDefinition();
        var parsed = definition.Parse(["203.0.113.10", "-i", "eth0"]);
        Assert.Equal(Core.Probing.ProbeRequest.DefaultInterval, parsed.GetValue(definition.Interval).Value);
        Assert.Equal(Core.Probing.ProbeRequest.DefaultWait, parsed.GetValue(definition.Wait).Value);
        Assert.Equal(["100ms", "300ms"], new[] { parsed.GetValue(definition.Interval).ToString(), parsed.GetValue(definition.Wait).ToString() });
    }
}
