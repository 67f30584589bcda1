using ArpDoctor.Cli.Check;
using ArpDoctor.Cli.Locate;
using ArpDoctor.Cli.Probe;
using ArpDoctor.Cli.Scan;
using ArpDoctor.Cli.Watch;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Findings;
using ArpDoctor.Core.Locating;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Scanning;
using ArpDoctor.Core.Watching;
using Xunit;

namespace ArpDoctor.Cli.Tests.Json;

/// <summary>
/// The JSON of probe, scan, check, locate and watch, byte for byte. The golden files under TestData/json are what the
/// earlier serializer-based renderers wrote (camelCase; check writes nulls, locate and watch leave them out),
/// so scripts reading these documents see no change from the writer-based renderers. Since then each responder has a
/// <c>vendor</c> after its <c>mac</c> (null here: the MACs are locally administered).
/// </summary>
public class JsonShapeTests
{
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:01"), B = MacAddress.Parse("02:00:00:00:00:02");

    private static readonly Core.Vendors.MacVendors Vendors = TestKit.IeeeFixture.Vendors;

    private static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "json", name));

    [Fact]
    public void Check_writes_every_key_nulls_included_and_leaves_what_JSON_does_not_require_unescaped()
    {
        var report = new CheckReport(
            [new Finding("a-id", Severity.Critical, "sum <&> 'q' \"dq\" é", ["ev1", "ev2"], null),
             new Finding("b", Severity.Info, "s", [], "do x")],
            [new ServiceAnnouncement("ns", "svc", ["192.0.2.1", "192.0.2.2"], null), new ServiceAnnouncement("n2", "s2", [], "node-1")]);
        Assert.Equal(Golden("check1.json"), CheckRenderer.ToJson(report));
        Assert.Equal(Golden("check2.json"), CheckRenderer.ToJson(new CheckReport([], [])));
    }

    [Fact]
    public void Probe_writes_replies_and_responders_in_the_documented_order()
    {
        var vip = Ipv4Address.Parse("192.0.2.10");
        var conflict = new ProbeResult(vip, "eth0", A, Ipv4Address.Parse("192.0.2.1"), 2,
            [new ProbeReply(1, A, vip, TimeSpan.FromMilliseconds(0.1234), DateTimeOffset.UnixEpoch),
             new ProbeReply(1, B, vip, TimeSpan.FromMilliseconds(12.3456), DateTimeOffset.UnixEpoch),
             new ProbeReply(2, A, vip, TimeSpan.FromMilliseconds(1.5), DateTimeOffset.UnixEpoch),
             new ProbeReply(2, B, vip, TimeSpan.FromMilliseconds(2), DateTimeOffset.UnixEpoch)],
            [new ResponderSummary(A, 2, 2), new ResponderSummary(B, 2, 0)], TimeSpan.FromSeconds(1));
        var silent = conflict with { Replies = [], Responders = [] };
        Assert.Equal(Golden("probe1.json"), ProbeRenderer.ToJson(conflict, Vendors));
        Assert.Equal(Golden("probe2.json"), ProbeRenderer.ToJson(silent, Vendors));
    }

    [Fact]
    public void Scan_writes_results_then_the_totals()
    {
        var conflict = new ScanTargetResult(Ipv4Address.Parse("192.0.2.10"), [new ScanResponder(A, 2), new ScanResponder(B, 1)], A, 2);
        var silent = new ScanTargetResult(Ipv4Address.Parse("192.0.2.11"), [], null, 2);
        var result = new ScanResult("eth0", [conflict, silent], ProbesSent: 4, SendGaps: 3, TimeSpan.FromMilliseconds(3), TimeSpan.FromSeconds(0.51234));
        Assert.Equal(Golden("scan1.json"), ScanRenderer.ToJson(result, Vendors));
    }

    [Fact]
    public void Locate_leaves_out_unknown_service_announcer_node_and_mac()
    {
        var probe = new ProbeResult(Ipv4Address.Parse("192.0.2.10"), "eth0", A, Ipv4Address.Parse("192.0.2.1"), 3,
            [new ProbeReply(1, A, Ipv4Address.Parse("192.0.2.10"), TimeSpan.FromMilliseconds(1.5), DateTimeOffset.UnixEpoch)],
            [new ResponderSummary(A, 1, 1), new ResponderSummary(B, 2, 0)], TimeSpan.FromSeconds(1));
        var located = new LocateResult(Ipv4Address.Parse("192.0.2.10"), "eth0", "ns/svc", null, probe,
            [new LocatedResponder(A, "node-1", ResponderRole.Announcer, 1, 1), new LocatedResponder(B, null, ResponderRole.UnknownDevice, 2, 0)],
            [new NodeMac("node-1", Ipv4Address.Parse("192.0.2.5"), A), new NodeMac("node-2", Ipv4Address.Parse("192.0.2.6"), null)]);
        Assert.Equal(Golden("locate1.json"), LocateRenderer.ToJson(located, Vendors));
        Assert.Equal(Golden("locate2.json"), LocateRenderer.ToJson(located with { Service = null, Announcer = "node-1", Responders = [], Nodes = [] }, Vendors));
    }

    [Fact]
    public void Watch_summary_is_one_compact_line()
    {
        var unstable = new WatchSummary(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(90.1234), 12345678901, 2, 1, 3, 4, 5, 6,
            TimeSpan.FromSeconds(12.34567), Ipv4Address.Parse("192.0.2.10"), [A], 7);
        var stable = unstable with { LongestStableVip = null, Responders = [], Flaps = 0, Conflict = 0, NoAnswers = 0, ConnectionDrops = 0 };
        foreach (var (name, summary) in new[] { ("watch1.json", unstable), ("watch2.json", stable) })
        {
            var output = new StringWriter { NewLine = "\n" };
            WatchRenderer.Render(summary, json: true, output, Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(output) }));
            Assert.Equal(Golden(name), output.ToString());
        }
    }

    [Fact]
    public void Every_responder_names_its_vendor_where_the_registry_has_one()
    {
        // 00:50:56 is VMware's in the fixture registry (real ieee-data records); B is locally administered.
        var vmware = MacAddress.Parse("00:50:56:ac:dc:88");
        var vip = Ipv4Address.Parse("192.0.2.10");
        var probe = new ProbeResult(vip, "eth0", A, Ipv4Address.Parse("192.0.2.1"), 1,
            [new ProbeReply(1, vmware, vip, TimeSpan.FromMilliseconds(1), DateTimeOffset.UnixEpoch), new ProbeReply(1, B, vip, TimeSpan.FromMilliseconds(2), DateTimeOffset.UnixEpoch)],
            [new ResponderSummary(vmware, 1, 1), new ResponderSummary(B, 1, 0)], TimeSpan.FromSeconds(1));
        var scan = new ScanResult("eth0", [new ScanTargetResult(vip, [new ScanResponder(vmware, 1), new ScanResponder(B, 1)], vmware, 1)], 1, 0, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var locate = new LocateResult(vip, "eth0", null, null, probe,
            [new LocatedResponder(vmware, null, ResponderRole.UnknownDevice, 1, 1), new LocatedResponder(B, "node-2", ResponderRole.Node, 1, 0)], []);
        foreach (var (verb, json, responders) in new[]
        {
            ("probe", ProbeRenderer.ToJson(probe, Vendors), "responders"),
            ("scan", ScanRenderer.ToJson(scan, Vendors), "results"),
            ("locate", LocateRenderer.ToJson(locate, Vendors), "responders"),
        })
        {
            var root = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty(responders);
            if (verb == "scan") root = root[0].GetProperty("responders");
            var vendors = root.EnumerateArray().Select(r => (r.GetProperty("mac").GetString(), r.GetProperty("vendor").ValueKind == System.Text.Json.JsonValueKind.Null ? null : r.GetProperty("vendor").GetString())).ToList();
            Assert.Equal([("00:50:56:ac:dc:88", "VMware"), ("02:00:00:00:00:02", null)], vendors);
        }
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(ProbeRenderer.ToJson(probe, Core.Vendors.MacVendors.Empty)).RootElement
            .GetProperty("responders").EnumerateArray().Count(r => r.GetProperty("vendor").ValueKind == System.Text.Json.JsonValueKind.Null));
    }
}
