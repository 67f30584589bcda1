using System.Net;
using System.Net.Sockets;
using ArpDoctor.Core.Packets;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Cli.Tests.Watch;

/// <summary><c>arpdoctor watch</c> in-process over a fake link. Plan: us 02:00:00:00:00:01, nodes 02:00:00:00:00:1N, VIP 203.0.113.10.</summary>
public class WatchCliTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static MacAddress Node(int n) => new(0x02_00_00_00_00_10UL + (uint)n);

    [Theory]
    [InlineData(new[] { "watch", "203.0.113.10", "-i", "fake0", "--resume" }, "arpdoctor: watch: --resume needs --log FILE (the events to carry on from)")]
    [InlineData(new[] { "watch", "203.0.113.10", "-i", "fake0", "--tcp", "203.0.113.99:443" }, "arpdoctor: watch: --tcp 203.0.113.99:443: the host must be one of the watched VIPs")]
    [InlineData(new[] { "watch", "203.0.113.10", "-i", "fake0", "--tcp", "203.0.113.10" }, "arpdoctor: watch: --tcp '203.0.113.10' is not ADDR:PORT (e.g. 203.0.113.10:443)")]
    [InlineData(new[] { "watch", "203.0.113.10", "-i", "fake0", "--metrics", "localhost:99999" }, "arpdoctor: watch: --metrics 'localhost:99999' is not ADDR:PORT (e.g. 203.0.113.10:443)")]
    [InlineData(new[] { "watch", "203.0.113.10", "-i", "fake0", "--interval", "1s", "--wait", "2s" }, "arpdoctor: watch: --wait 2s must be shorter than --interval 1s")]
    [InlineData(new[] { "watch", "0.0.0.0", "-i", "fake0" }, "arpdoctor: watch: 0.0.0.0 cannot be a LoadBalancer VIP: it is the unspecified address 0.0.0.0 (see 'arpdoctor watch --help')")]
    [InlineData(new[] { "watch", "255.255.255.255", "-i", "fake0" }, "arpdoctor: watch: 255.255.255.255 cannot be a LoadBalancer VIP: it is the broadcast address (see 'arpdoctor watch --help')")]
    [InlineData(new[] { "watch", "224.0.0.251", "-i", "fake0" }, "arpdoctor: watch: 224.0.0.251 cannot be a LoadBalancer VIP: it is a multicast address (see 'arpdoctor watch --help')")]
    [InlineData(new[] { "watch", "127.0.0.1", "-i", "fake0" }, "arpdoctor: watch: 127.0.0.1 cannot be a LoadBalancer VIP: it is a loopback address (see 'arpdoctor watch --help')")]
    [InlineData(new[] { "watch", "2001:db8::1", "-i", "fake0" }, "arpdoctor: watch: 2001:db8::1 is an IPv6 address; ARP is IPv4 only (IPv6 uses NDP, which arpdoctor does not cover yet) (see 'arpdoctor watch --help')")]
    public async Task Bad_input_is_one_line_and_exit_2(string[] args, string expected)
    {
        var cli = new CliHarness(_ => throw new InvalidOperationException("no link may be opened for bad input"));
        Assert.Equal(2, await cli.Run(args));
        Assert.Equal(expected, cli.Err.Trim());
    }

    [Fact]
    public async Task Stable_watch_prints_one_event_and_a_stable_summary()
    {
        using var link = new TimedFakeArpLink(TimeProvider.System);
        link.Answer(Vip, Node(1));
        var cli = new CliHarness(CliHarness.Fake(link));

        int exit = await cli.Run("watch", "203.0.113.10", "-i", "fake0", "--interval", "50ms", "--wait", "10ms", "--duration", "500ms");

        Assert.Equal(0, exit);
        var lines = cli.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith($"203.0.113.10 first-seen {Node(1)}", lines[0]);
        Assert.Contains("0 winner changes (0 flaps, 0 failovers)", cli.Out);
        Assert.Contains("Verdict: healthy", cli.Out);
        Assert.DoesNotContain("\u001b", cli.Out); // no status line when not a terminal
    }

    [Fact]
    public async Task A_watch_that_made_no_resolution_proves_nothing_and_says_so()
    {
        // --duration 0 used to report "healthy", exit 0, without a single probe.
        using var link = new TimedFakeArpLink(TimeProvider.System);
        link.Answer(Vip, Node(1));
        var cli = new CliHarness(CliHarness.Fake(link));

        int exit = await cli.Run("watch", "203.0.113.10", "-i", "fake0", "--duration", "0");

        Assert.Equal(1, exit);
        Assert.Contains("Verdict: no-evidence", cli.Out);
        Assert.DoesNotContain("Verdict: healthy", cli.Out);
    }

    [Fact]
    public async Task Metrics_are_served_while_watching()
    {
        using var link = new TimedFakeArpLink(TimeProvider.System);
        link.Answer(Vip, Node(1)).Answer(Vip, Node(2), () => TimeSpan.FromMilliseconds(2));
        var cli = new CliHarness(CliHarness.Fake(link));
        int port = FreePort();

        var watch = cli.Run("watch", "203.0.113.10", "-i", "fake0", "--interval", "100ms", "--wait", "20ms", "--duration", "3s",
            "--metrics", $"127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string text = "";
        for (int i = 0; i < 40 && !text.Contains("arpdoctor_watch_responders{ip=\"203.0.113.10\"} 2", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            try
            {
                text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }
        int exit = await watch;

        Assert.Equal(1, exit); // two responders: unstable
        Assert.Contains("arpdoctor_watch_responders{ip=\"203.0.113.10\"} 2", text);
        Assert.Matches(@"arpdoctor_watch_probes_total\{ip=""203\.0\.113\.10""\} [1-9]", text);
        Assert.Contains("arpdoctor_watch_winner_changes_total{ip=\"203.0.113.10\",cause=\"flap\"} 0", text);
        Assert.Contains("arpdoctor_watch_events_total{event=\"conflict\"} 1", text);
    }

    [Fact]
    public async Task A_port_in_use_is_an_environment_error()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        int port = ((IPEndPoint)busy.LocalEndpoint).Port;
        using var link = new TimedFakeArpLink(TimeProvider.System);
        var cli = new CliHarness(CliHarness.Fake(link));

        Assert.Equal(3, await cli.Run("watch", "203.0.113.10", "-i", "fake0", "--duration", "1s", "--metrics", $"127.0.0.1:{port}"));
        Assert.StartsWith($"arpdoctor: watch: cannot serve metrics on 127.0.0.1:{port}:", cli.Err.Trim());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
