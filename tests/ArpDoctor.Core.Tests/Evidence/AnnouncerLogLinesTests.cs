using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// MetalLB speaker and kube-vip logs: which node claimed a VIP and when (announcements by node, not replies), read from
/// real pastes (sources in their headers) and from the log calls in metallb speaker/main.go and kube-vip.
/// </summary>
public sealed class AnnouncerLogLinesTests
{
    private static List<(int Number, AnnouncerLogLine Line)> MetalLb(string file) =>
        RealPasteFiles.Lines(file).Select(l => (l.Number, Ok: MetalLbSpeakerLines.TryParse(l.Text, out var line, out _), line))
            .Where(x => x.Ok).Select(x => (x.Number, x.line)).ToList();

    private static List<AnnouncerLogLine> KubeVip(string file)
    {
        var result = new List<AnnouncerLogLine>();
        DateTimeOffset? previous = null;
        foreach (var (_, text) in RealPasteFiles.Lines(file))
        {
            if (!KubeVipLogLines.TryParse(text, previous, out var line, out var problem))
            {
                Assert.Null(problem);
                continue;
            }
            result.Add(line);
            previous = line.Time ?? previous;
        }
        return result;
    }

    [Fact]
    public void MetalLB_claims_carry_the_VIP_the_time_and_the_speaker_pod()
    {
        var claims = MetalLb("09-metallb-reannounced-same-speaker.txt").Select(c => c.Line).ToList();
        Assert.Equal(3, claims.Count);
        Assert.All(claims, c => Assert.Equal((AnnouncerEvent.Claimed, "speaker-9xm69", Ipv4Address.Parse("10.10.10.58")), (c.Event, c.Pod, Assert.Single(c.Vips))));
        Assert.Equal(new DateTimeOffset(2023, 6, 20, 14, 26, 19, TimeSpan.Zero), claims[2].Time);
    }

    [Fact]
    public void MetalLB_answers_are_replies_with_the_speaker_s_MAC()
    {
        var answers = MetalLb("10-metallb-answers-one-speaker.txt").Select(c => c.Line).ToList();
        Assert.Equal(5, answers.Count);
        Assert.All(answers, a => Assert.Equal((AnnouncerEvent.Answered, MacAddress.Parse("00:50:56:8a:d3:04"), Ipv4Address.Parse("10.0.6.161")), (a.Event, a.Mac!.Value, Assert.Single(a.Vips))));
    }

    [Fact]
    public void The_MetalLB_walkthrough_reads_allocation_node_claim_and_answer()
    {
        var lines = MetalLb("11-metallb-walkthrough-2019.txt");
        var vip = Ipv4Address.Parse("10.0.0.101");
        const string paste = "11-metallb-walkthrough-2019.txt";
        Assert.Equal(
            [
                (RealPasteFiles.LineOf(paste, "IPAllocated"), AnnouncerEvent.Allocated, (string?)null),
                (RealPasteFiles.LineOf(paste, "nodeAssigned"), AnnouncerEvent.Claimed, "node-2"),
                (RealPasteFiles.LineOf(paste, "serviceAnnounced"), AnnouncerEvent.Claimed, null),
                (RealPasteFiles.LineOf(paste, "sending response"), AnnouncerEvent.Answered, null),
            ], lines.Select(l => (l.Number, l.Line.Event, l.Line.Node)));
        Assert.Equal([vip], lines[0].Line.Vips);
        Assert.Empty(lines[1].Line.Vips);   // the Event names the node; the service's address is on the IPAllocated line
        Assert.Equal(("default/nginx", vip), (lines[2].Line.Service, Assert.Single(lines[2].Line.Vips)));
        // The answer's JSON is broken as posted; the answer still reads.
        Assert.Equal(MacAddress.Parse("6a:13:5a:d2:65:cb"), lines[3].Line.Mac);
    }

    [Theory]
    // speaker/main.go: serviceWithdrawn with "ip" (a list, null when the service is gone); BGP announcements are not layer 2 claims.
    [InlineData("{\"caller\":\"main.go:438\",\"event\":\"serviceWithdrawn\",\"ip\":[\"203.0.113.10\"],\"level\":\"info\",\"msg\":\"withdrawing service announcement\",\"reason\":\"notOwner\",\"ts\":\"2026-11-30T12:00:00Z\"}", true, AnnouncerEvent.Released, 1)]
    [InlineData("{\"caller\":\"main.go:438\",\"event\":\"serviceWithdrawn\",\"ip\":null,\"level\":\"info\",\"msg\":\"withdrawing service announcement\",\"reason\":\"serviceDeleted\",\"service\":\"default/nginx\",\"ts\":\"2026-11-30T12:00:00Z\"}", true, AnnouncerEvent.Released, 0)]
    [InlineData("[pod/speaker-x7k2p/speaker] {\"caller\":\"main.go:420\",\"event\":\"serviceAnnounced\",\"ips\":[\"203.0.113.10\",\"2001:db8::10\"],\"level\":\"info\",\"msg\":\"service has IP, announcing\",\"pool\":\"default\",\"protocol\":\"layer2\",\"ts\":\"2026-11-30T12:00:00Z\"}", true, AnnouncerEvent.Claimed, 1)]
    [InlineData("{\"caller\":\"main.go:420\",\"event\":\"serviceAnnounced\",\"ips\":[\"203.0.113.10\"],\"level\":\"info\",\"msg\":\"service has IP, announcing\",\"pool\":\"default\",\"protocol\":\"bgp\",\"ts\":\"2026-11-30T12:00:00Z\"}", false, default(AnnouncerEvent), 0)]
    [InlineData("{\"caller\":\"announcer.go:126\",\"event\":\"createARPResponder\",\"interface\":\"ens192\",\"level\":\"info\",\"msg\":\"created ARP responder for interface\",\"ts\":\"2023-05-17T08:18:49.67162314Z\"}", false, default(AnnouncerEvent), 0)]
    public void MetalLB_log_calls(string line, bool read, AnnouncerEvent kind, int vips)
    {
        Assert.Equal(read, MetalLbSpeakerLines.TryParse(line, out var parsed, out _));
        if (!read) return;
        Assert.Equal((kind, vips), (parsed.Event, parsed.Vips.Count));
    }

    [Fact]
    public void Kube_vip_two_leaders_read_as_elections_then_this_node_s_claim_and_its_broadcasts()
    {
        var lines = KubeVip("04-kube-vip-two-leaders.txt");
        Assert.Equal(
            [
                (AnnouncerEvent.LeaderElected, "kubemaster1"), (AnnouncerEvent.LeaderElected, "kubemaster1"),
                (AnnouncerEvent.LeaseAcquired, null), (AnnouncerEvent.LeaseAcquired, null),
                (AnnouncerEvent.LeaderElected, "kubemaster3"),
                (AnnouncerEvent.Broadcast, null), (AnnouncerEvent.Broadcast, null),
            ], lines.Select(l => (l.Event, l.Node)));
        // The klog line has no year: it takes the line before's.
        Assert.Equal(new DateTimeOffset(2021, 9, 30, 13, 28, 30, TimeSpan.Zero).AddTicks(9_499_020), lines[2].Time);
        Assert.All(lines.Where(l => l.Event == AnnouncerEvent.Broadcast), b =>
            Assert.Equal((MacAddress.Parse("52:54:00:d4:04:50"), Ipv4Address.Parse("192.168.0.100")), (b.Mac!.Value, Assert.Single(b.Vips))));
    }

    [Theory]
    [InlineData("06-kube-vip-broadcasts-stern.txt", "00:50:56:b2:bc:ac", "192.168.1.140", 8)]
    [InlineData("18-kube-vip-dhcp-broadcasts.txt", "00:50:56:a5:4f:05", "192.168.0.40", 8)]
    public void Kube_vip_broadcasts_are_announcements_by_MAC(string file, string mac, string vip, int count)
    {
        var lines = KubeVip(file);
        Assert.Equal(count, lines.Count);
        Assert.All(lines, l => Assert.Equal((AnnouncerEvent.Broadcast, MacAddress.Parse(mac), Ipv4Address.Parse(vip)), (l.Event, l.Mac!.Value, Assert.Single(l.Vips))));
        Assert.Equal(TimeSpan.FromSeconds(3), lines[1].Time - lines[0].Time);
    }

    [Fact]
    public void Kube_vip_slog_reads_identity_election_lease_and_the_VIP_taken()
    {
        var lines = KubeVip("07-kube-vip-slog-lease-stolen.txt");
        Assert.Equal(
            [
                (AnnouncerEvent.Identity, "harv31"), (AnnouncerEvent.LeaderElected, "stolen-by-test"),
                (AnnouncerEvent.LeaseAcquired, null), (AnnouncerEvent.Claimed, null),
            ], lines.Select(l => (l.Event, l.Node)));
        Assert.Equal(Ipv4Address.Parse("192.168.122.127"), Assert.Single(lines[3].Vips));
        Assert.Equal(new DateTimeOffset(2026, 9, 4, 8, 38, 17, TimeSpan.Zero), lines[3].Time);
    }

    [Fact]
    public void Kube_vip_services_election_without_a_VIP()
    {
        var lines = KubeVip("08-kube-vip-svcs-election.txt");
        Assert.Equal([(AnnouncerEvent.LeaderElected, "workload-cluster-control-plane-8khx2"), (AnnouncerEvent.LeaseAcquired, null)], lines.Select(l => (l.Event, l.Node)));
        Assert.All(lines, l => Assert.Empty(l.Vips));
    }

    [Theory]
    // kube-vip's log calls (pkg/cluster, pkg/services, pkg/vip) in its slog and logrus formats.
    [InlineData("time=\"2024-03-11T20:28:45Z\" level=info msg=\"Gratuitous Arp broadcast will repeat every 3 seconds for [203.0.113.10]\"", AnnouncerEvent.Claimed, null)]
    [InlineData("2026/08/19 09:42:24 INFO new leader leader=harv22 service=lb1 uid=1f0c", AnnouncerEvent.LeaderElected, "harv22")]
    [InlineData("time=2026-08-19T09:42:24.123Z level=INFO msg=\"took over VIP as new leader\" IP=203.0.113.10 interface=eth0", AnnouncerEvent.Claimed, null)]
    [InlineData("2026/08/19 09:42:24 ERROR lost leadership, restarting kube-vip", AnnouncerEvent.Released, null)]
    public void Kube_vip_log_calls(string text, AnnouncerEvent kind, string? node)
    {
        Assert.True(KubeVipLogLines.TryParse(text, null, out var line, out _));
        Assert.Equal((kind, node), (line.Event, line.Node));
    }

    [Fact]
    public void A_hidden_MAC_in_a_kube_vip_broadcast_is_an_error()
    {
        Assert.False(KubeVipLogLines.TryParse("time=\"2021-11-22T22:06:19Z\" level=info msg=\"Broadcasting ARP update for 192.168.1.140 (xx:xx:xx:xx:xx:xx) via ens160\"", null, out _, out var problem));
        Assert.Contains("redacted", problem);
    }
}
