using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Linux.Captures;
using CsCheck;
using Xunit;

namespace ArpDoctor.Linux.Tests.Captures;

/// <summary>
/// Golden captures from the lab: client 203.0.113.1 (02:00:00:00:00:01) probing VIP 203.0.113.10, held on
/// kube-ipvs0 by three nodes 02:00:00:00:01:0N; node 1 answers twice per probe (two ports, one MAC).
/// eth-failover.pcap: node 1 alone answers, then the VIP moves to node 2, which announces it twice.
/// </summary>
public sealed class CaptureFileReaderTests : IDisposable
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress Node1 = MacAddress.Parse("02:00:00:00:01:01");
    private static readonly MacAddress Node2 = MacAddress.Parse("02:00:00:00:01:02");
    private static readonly MacAddress Client = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly Ipv4Address ClientIp = Ipv4Address.Parse("203.0.113.1");
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    private static (CaptureReadResult Result, AnalysisReport Report) Read(string path, Ipv4Address? vip = null)
    {
        var analysis = new EvidenceAnalysis(vip);
        var assembler = new CaptureAssembler(analysis);
        var result = CaptureFileReader.Read(path, assembler);
        assembler.End();
        return (result, analysis.ToReport(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("eth-double.pcap", 1)]
    [InlineData("eth-double.pcapng", 1)]
    [InlineData("any-sll1.pcap", 113)]
    [InlineData("any-sll2.pcap", 276)]
    public void Every_link_type_gives_the_same_analysis(string file, int linkType)
    {
        var (result, report) = Read(Golden(file));
        Assert.Null(result.Error);
        Assert.Equal((linkType, 15L), (result.LinkType, result.Frames));
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Vip, vip.Vip);
        Assert.Equal(Verdict.Conflict, vip.Verdict);
        Assert.Equal((3L, 3L, 12L), (vip.ProbesSent, vip.ProbesAnswered, vip.Replies));
        Assert.Equal(3, vip.Responders.Count);
        Assert.Equal(Node1, vip.Inference!.Announcer);
        Assert.All(vip.Timeline, p => Assert.Equal(2026, p.Time!.Value.Year));
    }

    [Fact]
    public void A_failover_in_a_capture_is_two_healthy_phases_and_shows_the_announcement()
    {
        var (result, report) = Read(Golden("eth-failover.pcap"));
        Assert.Null(result.Error);
        var vip = Assert.Single(report.Vips);
        // One MAC, then the other announced by gratuitous ARP: a failover, and one MAC answers now.
        Assert.Equal(Verdict.Healthy, vip.Verdict);
        Assert.Equal([Verdict.Healthy, Verdict.Healthy], vip.Phases.Select(p => p.Verdict));
        var failover = Assert.Single(vip.Changes);
        Assert.Equal((PhaseChangeKind.Failover, 4L), (failover.Kind, failover.AtProbe));
        Assert.Equal(2, vip.Phases[1].Responders.Single(r => r.Mac == Node2).Announcements);
        Assert.Equal(1, vip.WinnerChanges);
        Assert.Equal(0, vip.ContestedProbes);
        Assert.Equal(2, vip.Responders.Single(r => r.Mac == Node2).Announcements);
        Assert.Equal([new WinnerRun(Node1, 1, 3), new WinnerRun(Node2, 4, 3)], vip.WinnerRuns);
    }

    [Fact]
    public void Vlan_tagged_frames_are_read()
    {
        var path = Path.Combine(_dir, "vlan.pcap");
        var t0 = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
        using (var file = File.Create(path))
        using (var writer = new PcapFileWriter(file, (int)CaptureLinkType.Ethernet))
        {
            writer.Write(t0, ArpCodec.Encode(ArpFrame.Request(Client, ClientIp, Vip) with { VlanId = 7 }));
            writer.Write(t0.AddMilliseconds(1), ArpCodec.Encode(ArpFrame.Reply(Node1, Vip, Client, ClientIp) with { VlanId = 7 }));
            writer.Write(t0.AddMilliseconds(2), [0x01, 0x02, 0x03]);   // runt, not ARP
        }
        var (result, report) = Read(path);
        Assert.Equal(3, result.Frames);
        var vip = Assert.Single(report.Vips);
        Assert.Equal((Verdict.Healthy, 1L), (vip.Verdict, vip.Replies));
        Assert.Equal(t0.AddMilliseconds(1), vip.Responders[0].FirstSeen);
    }

    [Fact]
    public void A_truncated_capture_keeps_the_frames_before_the_damage()
    {
        var bytes = File.ReadAllBytes(Golden("eth-double.pcap"));
        var path = Path.Combine(_dir, "cut.pcap");
        File.WriteAllBytes(path, bytes[..^20]);
        var (result, report) = Read(path);
        Assert.Null(result.Error);
        Assert.Contains("ends in damage after frame 14", result.Warning);
        Assert.Equal(Verdict.Conflict, Assert.Single(report.Vips).Verdict);
    }

    [Fact]
    public void A_capture_with_a_broken_header_is_an_error()
    {
        var bytes = File.ReadAllBytes(Golden("eth-double.pcap"));
        var path = Path.Combine(_dir, "bad.pcap");
        File.WriteAllBytes(path, bytes[..10]);
        var (result, _) = Read(path);
        Assert.StartsWith("libpcap cannot read it", result.Error);
    }

    [Fact]
    public void Unsupported_link_types_are_named()
    {
        var path = Path.Combine(_dir, "raw.pcap");
        using (var file = File.Create(path))
        using (var writer = new PcapFileWriter(file, 105))
            writer.Write(DateTimeOffset.UnixEpoch, new byte[40]);
        Assert.Contains("link type 105", Read(path).Result.Error);
    }

    [Fact]
    public void Corrupted_captures_never_crash_or_hang()
    {
        var golden = File.ReadAllBytes(Golden("eth-double.pcap"));
        var path = Path.Combine(_dir, "fuzz.pcap");
        Gen.Select(Gen.Int[24, golden.Length - 1], Gen.Byte, Gen.Int[0, golden.Length]).Array[1, 8].Sample(edits =>
        {
            var bytes = (byte[])golden.Clone();
            foreach (var (at, value, _) in edits) bytes[at] = value;
            int cut = edits[0].Item3;
            File.WriteAllBytes(path, bytes[..Math.Max(cut, 24)]);
            var (result, report) = Read(path);
            AssertConsistent(result, report);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Random_bytes_with_a_pcap_magic_are_an_error_or_a_report() =>
        Gen.Byte.Array[0, 400].Sample(tail =>
        {
            var path = Path.Combine(_dir, $"rnd-{Environment.CurrentManagedThreadId}.pcap");
            File.WriteAllBytes(path, [0xD4, 0xC3, 0xB2, 0xA1, .. tail]);
            var (result, report) = Read(path);
            AssertConsistent(result, report);
        }, iter: 300, threads: 1);

    /// <summary>Either a one-line reason, or a report that never counts more than the frames read.</summary>
    private static void AssertConsistent(CaptureReadResult result, AnalysisReport report)
    {
        if (result.Error is { } error)
        {
            Assert.Matches("^(libpcap cannot read it: |link type )", error);
            Assert.DoesNotContain('\n', error);
            Assert.Empty(report.Vips);
            return;
        }
        Assert.All(report.Vips, v => Assert.True(v.Replies + v.Responders.Sum(r => r.Announcements) <= result.Frames));
        if (result.Warning is { } warning) Assert.Contains("ends in damage", warning);
    }

    [Fact]
    public void Memory_does_not_grow_with_the_capture()
    {
        var path = Path.Combine(_dir, "many.pcap");
        var t0 = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
        var request = ArpCodec.Encode(ArpFrame.Request(Client, ClientIp, Vip));
        var replies = new[] { ArpCodec.Encode(ArpFrame.Reply(Node1, Vip, Client, ClientIp)), ArpCodec.Encode(ArpFrame.Reply(Node2, Vip, Client, ClientIp)) };
        const int probes = 100_000;
        using (var file = File.Create(path))
        using (var writer = new PcapFileWriter(file, 1))
            for (int i = 0; i < probes; i++)
            {
                writer.Write(t0.AddSeconds(i), request);
                writer.Write(t0.AddSeconds(i).AddMilliseconds(1), replies[i % 2]);
                writer.Write(t0.AddSeconds(i).AddMilliseconds(2), replies[(i + 1) % 2]);
            }
        long before = GC.GetAllocatedBytesForCurrentThread();
        var (result, report) = Read(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(3L * probes, result.Frames);
        Assert.Equal(2L * probes, report.Vips[0].Replies);
        // The timeline is capped at 20 000 points; everything else is counters.
        Assert.True(allocated < 16 << 20, $"allocated {allocated:N0} bytes for {result.Frames:N0} frames");
    }
}
