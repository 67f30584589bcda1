using Xunit;

namespace ArpDoctor.Cli.Tests.Hosting;

/// <summary>The options several verbs share, declared once (Hosting/SharedOptions) and parsed by System.CommandLine.</summary>
public class SharedOptionsTests
{
    [Theory]
    [InlineData("probe", "--interval <duration>", "[default: 100ms]")]
    [InlineData("probe", "--wait <duration>", "[default: 300ms]")]
    [InlineData("watch", "--interval <duration>", "[default: 30s]")]
    [InlineData("agent", "--event-interval <duration>", "[default: 10m]")]
    [InlineData("fix", "--timeout <duration>", "[default: 5m]")]
    [InlineData("check", "--request-timeout <duration>", "[default: 30s]")]
    public async Task Help_shows_a_duration_as_it_is_typed(string verb, string option, string shown)
    {
        var cli = new CliHarness();
        Assert.Equal(0, await cli.Run(verb, "--help"));
        var line = Assert.Single(cli.Out.Split('\n'), l => l.Contains(option, StringComparison.Ordinal));
        Assert.Contains(shown, line);
    }

    [Theory]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "fake0", "--source", "nope" }, "arpdoctor: probe: --source 'nope' is not an IPv4 address (see 'arpdoctor probe --help')")]
    [InlineData(new[] { "scan", "203.0.113.10", "-i", "fake0", "--rate", "2000000" }, "arpdoctor: scan: --rate '2000000' is not a whole number from 1 to 1000000 (probes per second) (see 'arpdoctor scan --help')")]
    [InlineData(new[] { "watch", "203.0.113.10", "-i", "fake0", "--duration", "forever" }, "arpdoctor: watch: --duration 'forever' is not a duration of at most 49d (e.g. 100ms, 1.5s, 30s, 24h) (see 'arpdoctor watch --help')")]
    [InlineData(new[] { "analyze", "x.txt", "--vip", "10.0.0" }, "arpdoctor: analyze: --vip: '10.0.0' is not an IPv4 address (expected dotted quad, e.g. 203.0.113.10) (see 'arpdoctor analyze --help')")]
    [InlineData(new[] { "fix", "--verify", "127.0.0.1" }, "arpdoctor: fix: --verify: 127.0.0.1 cannot be a LoadBalancer VIP: it is a loopback address (see 'arpdoctor fix --help')")]
    [InlineData(new[] { "check", "--request-timeout", "NaN" }, "arpdoctor: check: --request-timeout 'NaN' is not a duration of at most 49d (e.g. 100ms, 1.5s, 30s, 24h) (see 'arpdoctor check --help')")]
    public async Task A_value_that_does_not_parse_is_exit_2_naming_the_option(string[] args, string expected)
    {
        var cli = new CliHarness(_ => throw new InvalidOperationException("no link may be opened for bad input"));
        Assert.Equal(2, await cli.Run(args));
        Assert.Equal(expected, cli.Err.Trim());
    }

    [Theory]
    // An empty name was read as "not given" (--context '' talked to the current context) or went on to fail far from its
    // cause (agent --node '' started an agent for a node with no name, exit 4 later).
    [InlineData(new[] { "agent", "--node", "" }, "arpdoctor: agent: --node '': a name is required, not an empty string (see 'arpdoctor agent --help')")]
    [InlineData(new[] { "agent", "-i", " " }, "arpdoctor: agent: --interface ' ': a name is required, not an empty string (see 'arpdoctor agent --help')")]
    [InlineData(new[] { "agent", "-i", "," }, "arpdoctor: agent: --interface ',' names no interface")]
    [InlineData(new[] { "check", "--context", "" }, "arpdoctor: check: --context '': a name is required, not an empty string (see 'arpdoctor check --help')")]
    [InlineData(new[] { "fix", "--kubeconfig", "" }, "arpdoctor: fix: --kubeconfig '': a name is required, not an empty string (see 'arpdoctor fix --help')")]
    [InlineData(new[] { "probe", "203.0.113.10", "-i", "" }, "arpdoctor: probe: --interface '': a name is required, not an empty string (see 'arpdoctor probe --help')")]
    [InlineData(new[] { "watch", "203.0.113.10", "-i", "" }, "arpdoctor: watch: --interface '': a name is required, not an empty string (see 'arpdoctor watch --help')")]
    // Zero where it means nothing: a finding's Event updated every round.
    [InlineData(new[] { "agent", "--event-interval", "0" }, "arpdoctor: agent: --event-interval '0' is not a duration from 1s to 49d (e.g. 1.5s, 30s, 10m, 24h) (see 'arpdoctor agent --help')")]
    public async Task An_empty_name_or_a_zero_that_means_nothing_is_exit_2(string[] args, string expected)
    {
        var cli = new CliHarness(_ => throw new InvalidOperationException("no link may be opened for bad input"));
        Assert.Equal(2, await cli.Run([.. args, .. args[0] is "agent" or "check" or "fix" && !args.Contains("--kubeconfig") ? new[] { "--kubeconfig", "/nonexistent/kubeconfig" } : []]));
        Assert.Equal(expected, cli.Err.Trim());
    }
}
