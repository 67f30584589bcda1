using System.Net;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.TestKit.Fakes;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ArpDoctor.Agent.Tests;

/// <summary>
/// An interface that cannot carry probes, at start or later, is a state the agent waits out, not an exit. The agent runs
/// on n1 (192.0.2.11, 02:00:00:00:01:01) on interface eth0; n2 (02:00:00:00:01:02) and n3 (02:00:00:00:01:03) answer
/// for VIP 203.0.113.10 of Service shop/web on a timed fake segment, rounds every 30 s on a fake clock.
/// </summary>
public sealed class InterfaceStateTests : IDisposable
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress N1 = MacAddress.Parse("02:00:00:00:01:01");
    private static readonly MacAddress N2 = MacAddress.Parse("02:00:00:00:01:02");
    private static readonly MacAddress N3 = MacAddress.Parse("02:00:00:00:01:03");
    private const string Responders = "arpdoctor_vip_responders{lb_service=\"shop/web\",ip=\"203.0.113.10\"}";
    private const string InterfaceUp = "arpdoctor_agent_interface_up{interface=\"eth0\"}";
    private static readonly LinkStatus NoCarrier = new(LinkState.NoCarrier,
        "interface eth0 is up but has no carrier (no cable, or its veth peer is down), so no frame reaches the segment");

    private readonly ManualClock _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryAgentCluster _cluster = new();
    private readonly FixedNodeNetwork _node = new(new NodeArpState("n1", "eth0", new ArpSysctls(1, 2), new HashSet<Ipv4Address>(), new HashSet<Ipv4Address>()));
    private readonly AgentMetrics _metrics = new();
    private readonly ServiceCatalog _catalog = new();
    private readonly RecordingLogger _log = new();
    private readonly FakeLinkSource _eth0;
    private readonly List<TimedFakeArpLink> _opened = [];
    private readonly AgentOptions _options = new("n1", Ipv4Address.Parse("192.0.2.11"), N1, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), 50, 0.1, TimeSpan.FromMinutes(10));
    private MacAddress _nextMac = N1;

    public InterfaceStateTests()
    {
        _cluster.Services.Add(new ServiceSnapshot("shop", "web", ["203.0.113.10"]));
        _catalog.Replace(new ServiceListing([.. _cluster.Services], "1"));
        // Each capture opened is a new link on the same segment, with the interface's MAC of the moment.
        _eth0 = new FakeLinkSource("eth0", () =>
        {
            var link = TimedFakeArpLink.Segment("eth0", _nextMac, _time, new Dictionary<MacAddress, Ipv4Address[]> { [N2] = [Vip], [N3] = [Vip] });
            _opened.Add(link);
            return link;
        }) { Ipv4 = Ipv4Address.Parse("192.0.2.11") };
    }

    public void Dispose() => _eth0.Dispose();

    private ProbeLoop NewLoop() =>
        new(_eth0, _node, _cluster, _catalog, new ServiceSync(_cluster, _catalog, _options, _metrics, _time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance),
            _options, _metrics, _time, _log, new Random(1));

    private async Task AdvanceUntil(Func<bool> done, TimeSpan limit, int stepMs = 50)
    {
        var end = _time.GetUtcNow() + limit;
        while (!done() && _time.GetUtcNow() < end)
        {
            _time.Advance(TimeSpan.FromMilliseconds(stepMs));
            await Task.Delay(1);
        }
    }

    private async Task<string> Metric(string series)
    {
        var line = (await _metrics.ExportAsync()).Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line?[(series.Length + 1)..] ?? "(none)";
    }

    [Fact]
    public async Task Without_carrier_at_start_the_loop_waits_alive_says_why_once_and_probes_within_a_round_of_the_carrier()
    {
        _eth0.Status = NoCarrier;
        var loop = NewLoop();
        using var stop = new CancellationTokenSource();
        var running = loop.RunAsync(stop.Token);

        await AdvanceUntil(() => false, TimeSpan.FromMinutes(3), stepMs: 250); // six intervals without carrier
        Assert.False(running.IsCompleted);
        Assert.Empty(_opened);                                   // nothing sent into the void
        Assert.Equal(0, loop.Rounds);
        Assert.Equal(NoCarrier, loop.Status);
        Assert.True(loop.Alive);
        Assert.Equal("0", await Metric(InterfaceUp));
        Assert.Equal("(none)", await Metric(Responders));        // unknown, not "nobody answers"
        var said = Assert.Single(_log.Lines);                    // once, not once a second
        Assert.Equal("interface eth0 cannot carry probes (no-carrier): " + NoCarrier.Reason + "; its VIPs are not probed until it can", said);

        _eth0.Status = LinkStatus.Up;
        var back = _time.GetUtcNow();
        await AdvanceUntil(() => loop.Rounds == 1, TimeSpan.FromMinutes(1));
        Assert.Equal(1, loop.Rounds);
        Assert.True(_time.GetUtcNow() - back <= ProbeLoop.Recheck + _options.Wait + TimeSpan.FromMilliseconds(100),
            $"first round {(_time.GetUtcNow() - back).TotalSeconds}s after the carrier came back");
        Assert.Equal("2", await Metric(Responders));
        Assert.Equal("1", await Metric(InterfaceUp));
        Assert.Equal("interface eth0 is up with carrier again; probing resumes", _log.Lines[^1]);

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Carrier_lost_mid_run_stops_the_rounds_and_takes_the_VIP_series_away_until_it_returns()
    {
        var loop = NewLoop();
        using var stop = new CancellationTokenSource();
        var running = loop.RunAsync(stop.Token);
        await AdvanceUntil(() => loop.Rounds == 1, TimeSpan.FromMinutes(1));
        Assert.Equal("2", await Metric(Responders));

        _eth0.Status = NoCarrier;
        await AdvanceUntil(() => loop.Status is { IsUp: false }, TimeSpan.FromMinutes(1));
        int rounds = loop.Rounds;
        int sent = _opened[0].Sent;
        await AdvanceUntil(() => false, TimeSpan.FromMinutes(2), stepMs: 250);
        Assert.Equal(rounds, loop.Rounds);
        Assert.Equal(sent, _opened[0].Sent);
        Assert.True(loop.Alive);
        Assert.Equal("0", await Metric(InterfaceUp));
        Assert.Equal("(none)", await Metric(Responders));

        _eth0.Status = LinkStatus.Up;
        await AdvanceUntil(() => loop.Rounds == rounds + 1, ProbeLoop.Recheck + TimeSpan.FromSeconds(2));
        Assert.Equal(rounds + 1, loop.Rounds);
        Assert.Equal("2", await Metric(Responders));
        Assert.Equal("1", await Metric(InterfaceUp));

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task An_interface_that_goes_away_and_comes_back_with_another_MAC_is_probed_on_its_new_capture()
    {
        var loop = NewLoop();
        using var stop = new CancellationTokenSource();
        var running = loop.RunAsync(stop.Token);
        await AdvanceUntil(() => loop.Rounds == 1, TimeSpan.FromMinutes(1));

        // Deleted: the capture ends under the loop (as libpcap's does), and the catalogue has no such interface.
        _eth0.Status = new LinkStatus(LinkState.Absent, "no such interface: eth0 (interfaces here: lo); pick one with -i");
        _opened[0].Dispose();
        await AdvanceUntil(() => false, TimeSpan.FromMinutes(1), stepMs: 250);
        Assert.False(running.IsCompleted);
        Assert.Equal(LinkState.Absent, loop.Status?.State);

        // Made again (a new veth has a new MAC).
        var again = MacAddress.Parse("02:00:00:00:01:99");
        _nextMac = again;
        _eth0.Status = LinkStatus.Up;
        int rounds = loop.Rounds;
        await AdvanceUntil(() => loop.Rounds == rounds + 1, ProbeLoop.Recheck + TimeSpan.FromSeconds(2));
        Assert.Equal(rounds + 1, loop.Rounds);
        Assert.Equal(2, _eth0.Opened);
        Assert.Equal(again, _opened[1].Mac);
        Assert.Equal("2", await Metric(Responders));             // n2 and n3 answered the probes from the new MAC

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_round_whose_carrier_went_while_it_listened_reports_nothing()
    {
        var loop = NewLoop();
        var round = loop.RoundAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _eth0.Status = NoCarrier;                                 // gone before the round's wait is over
        await AdvanceUntil(() => round.IsCompleted, TimeSpan.FromSeconds(5));
        Assert.False(await round);
        Assert.Equal(0, loop.Rounds);
        Assert.Equal("(none)", await Metric(Responders));
        Assert.Equal("0", await Metric(InterfaceUp));
    }

    [Fact]
    public async Task Readyz_is_503_naming_the_interface_and_why_while_the_agent_keeps_running()
    {
        _eth0.Status = NoCarrier;
        var runner = new AgentRunner([new AgentLink(_eth0)], _node, _cluster, _options, _metrics, _time, _log, new Random(1));
        int port = FreePort();
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(new IPEndPoint(IPAddress.Loopback, port), stop.Token);
        await AdvanceUntil(() => runner.Catalog.Synced, TimeSpan.FromSeconds(10));
        await AdvanceUntil(() => false, TimeSpan.FromSeconds(5));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var ready = await http.GetAsync($"http://127.0.0.1:{port}/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("interface eth0 no-carrier: " + NoCarrier.Reason + "\n", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode);
        Assert.False(running.IsCompleted);

        _eth0.Status = LinkStatus.Up;
        await AdvanceUntil(() => runner.Ready, TimeSpan.FromMinutes(1));
        Assert.Equal("ok\n", await http.GetStringAsync($"http://127.0.0.1:{port}/readyz"));

        await stop.CancelAsync();
        Assert.Null(await running);
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The agent's log lines as formatted, warnings and information.</summary>
    private sealed class RecordingLogger : ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get { lock (_lines) return [.. _lines]; }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = formatter(state, exception);
            if (line.StartsWith("interface ", StringComparison.Ordinal)) lock (_lines) _lines.Add(line);
        }
    }
}
