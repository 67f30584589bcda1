using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>Announcer logs through the registry: which node claimed which VIP and when (real pastes, sources in their headers).</summary>
public sealed class AnnouncerLogReaderTests
{
    private sealed class Warnings : IObservationSink
    {
        public readonly List<string> Said = [];
        public void Add(Observation observation) => throw new InvalidOperationException("readers yield observations");
        public void Warn(string warning, Ipv4Address? vip = null) => Said.Add(warning);
    }

    private static (EvidenceKind Kind, List<Observation> Observations, List<string> Warnings) Read(string text)
    {
        var (source, error) = TextEvidenceReader.Open(new StringReader(text), EvidenceOptions.Default);
        Assert.Null(error);
        var warnings = new Warnings();
        var observations = source!.Read(warnings).ToList();
        Assert.Null(source.Reading!.Error);
        return (source.Kind, observations, warnings.Said);
    }

    private static string Paste(string name) => File.ReadAllText(RealPasteFiles.Path(name));

    [Fact]
    public void A_MetalLB_speaker_re_announcing_is_one_node_s_claims()
    {
        var (kind, observations, warnings) = Read(Paste("09-metallb-reannounced-same-speaker.txt"));
        Assert.Equal(EvidenceKind.MetalLbLog, kind);
        var claims = observations.OfType<Claim>().ToList();
        Assert.Equal(3, claims.Count);
        Assert.All(claims, c => Assert.Equal(("speaker-9xm69", Ipv4Address.Parse("10.10.10.58"), false), (c.Node, c.Vip, c.Released)));
        Assert.Empty(warnings);
    }

    [Fact]
    public void The_nodeAssigned_Event_claims_the_address_allocated_before_it()
    {
        var (_, observations, _) = Read(Paste("11-metallb-walkthrough-2019.txt"));
        var vip = Ipv4Address.Parse("10.0.0.101");
        Assert.Contains(observations.OfType<Claim>(), c => c.Node == "node-2" && c.Vip == vip);
        Assert.Contains(observations.OfType<Announcement>(), a => a.Vip == vip && a.Mac == MacAddress.Parse("6a:13:5a:d2:65:cb"));
    }

    [Fact]
    public void Kube_vip_s_broadcasts_are_announcements_and_the_election_before_them_a_claim()
    {
        var (kind, observations, _) = Read(Paste("04-kube-vip-two-leaders.txt"));
        Assert.Equal(EvidenceKind.KubeVipLog, kind);
        var vip = Ipv4Address.Parse("192.168.0.100");
        Assert.Equal(2, observations.OfType<Announcement>().Count(a => a.Vip == vip && a.Mac == MacAddress.Parse("52:54:00:d4:04:50")));
        // Every election before the first VIP named applies to it, in order, each a lease changing hands.
        Assert.Equal(
            [
                ("kubemaster1", "06:21:56"), ("kubemaster1", "06:21:56"),
                (Claim.ThisAnnouncer, "13:28:30"), (Claim.ThisAnnouncer, "13:28:30"), ("kubemaster3", "13:28:30"),
            ],
            observations.OfType<Claim>().Select(c => (c.Node, c.Time!.Value.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.All(observations.OfType<Claim>(), c => Assert.True(c.Vip == vip && c.Lease && !c.Released));
    }

    [Fact]
    public void Two_nodes_claiming_one_VIP_without_a_release_are_two_announcers()
    {
        // Two speakers' lines of one VIP, as `kubectl logs --prefix -l component=speaker` interleaves them (speaker/main.go's format).
        var text = string.Join('\n',
            "[pod/speaker-a1/speaker] {\"caller\":\"main.go:420\",\"event\":\"serviceAnnounced\",\"ips\":[\"203.0.113.10\"],\"level\":\"info\",\"msg\":\"service has IP, announcing\",\"pool\":\"default\",\"protocol\":\"layer2\",\"ts\":\"2026-11-30T12:00:00Z\"}",
            "[pod/speaker-b2/speaker] {\"caller\":\"main.go:420\",\"event\":\"serviceAnnounced\",\"ips\":[\"203.0.113.10\"],\"level\":\"info\",\"msg\":\"service has IP, announcing\",\"pool\":\"default\",\"protocol\":\"layer2\",\"ts\":\"2026-11-30T12:00:05Z\"}");
        var (_, observations, warnings) = Read(text);
        Assert.Equal(["speaker-a1", "speaker-b2"], observations.OfType<Claim>().Select(c => c.Node));
        Assert.Contains(warnings, w => w.Contains("speaker-b2 claims 203.0.113.10 while speaker-a1 holds it", StringComparison.Ordinal));
    }

    [Fact]
    public void An_announcer_s_own_log_is_never_an_all_clear()
    {
        // One MAC broadcasting is what one announcer says of itself; it cannot show that nobody else answers.
        var (report, _, error) = TestSupport.Analyse(Paste("06-kube-vip-broadcasts-stern.txt"));
        Assert.Null(error);
        Assert.DoesNotContain(report.Vips, v => v.Verdict == Verdict.Healthy);
    }

    [Fact]
    public void A_VIP_seen_only_through_claims_is_inconclusive_not_without_evidence()
    {
        // A claim says a node took the VIP, not which MAC answers: evidence of something, never health, never nothing.
        var (report, _, error) = TestSupport.Analyse(
            "[pod/speaker-a1/speaker] {\"caller\":\"main.go:420\",\"event\":\"serviceAnnounced\",\"ips\":[\"203.0.113.10\"],\"level\":\"info\",\"msg\":\"service has IP, announcing\",\"pool\":\"default\",\"protocol\":\"layer2\",\"ts\":\"2026-11-30T12:00:00Z\"}\n");
        Assert.Null(error);
        var vip = Assert.Single(report.Vips);
        Assert.Equal((Verdict.Inconclusive, 0L, 0L), (vip.Verdict, vip.ProbesSent, vip.Replies));
        Assert.NotNull(vip.Claims);
        Assert.Equal(VerdictOutcome.CannotTell, report.Outcome);
    }
}
