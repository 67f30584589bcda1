using ArpDoctor.Core.History;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Evidence.CaptureFiles;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Linux.CaptureFiles;
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
        Assert.Equal([linkType], result.LinkTypes);
        Assert.Equal(15, result.Frames);
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Vip, vip.Vip);
        Assert.Equal(Verdict.Conflict, vip.Verdict);
        Assert.Equal((3L, 3L, 12L), (vip.ProbesSent, vip.ProbesAnswered, vip.Replies));
        Assert.Equal(3, vip.Responders.Count);
        Assert.Equal(Node1, vip.Inference!.Announcer);
        Assert.All(vip.Timeline, p => Assert.Equal(2026, p.Time!.Value.Year));
    }

    /// <summary>
    /// multi-interface.pcapng (made by multi-interface.pcapng.sh with tcpdump, arping and mergecap in namespaces): three
    /// probes each seen by tcpdump -i eth0 (Ethernet), -i any (Linux cooked v2), -i any -y LINUX_SLL with nanosecond
    /// stamps (cooked v1, if_tsresol 9), and -y DOCSIS, in one file. Both nodes answer every probe, node 2 first.
    /// libpcap refused the whole file ("an interface has a type 276 different from the type of the first interface").
    /// </summary>
    [Fact]
    public void A_pcapng_of_interfaces_of_different_link_types_is_read_per_interface()
    {
        var (result, report) = Read(Golden("multi-interface.pcapng"));
        Assert.Null(result.Error);
        Assert.Equal([1, 276, 113, 143], result.LinkTypes);
        Assert.Equal(36, result.Frames);
        Assert.Equal("9 frames of interface 3 are not read: link type 143 (DOCSIS); ArpDoctor reads Ethernet (1), Linux cooked v1 (113) and v2 (276)", result.Warning);
        var vip = Assert.Single(report.Vips);
        Assert.Equal((Verdict.Conflict, 9L, 9L, 18L), (vip.Verdict, vip.ProbesSent, vip.ProbesAnswered, vip.Replies));
        Assert.Equal([(Node2, 9L, 9L), (Node1, 9L, 0L)], vip.Responders.Select(r => (r.Mac, r.Replies, r.Wins)));
        // The first reply comes from interface 0 (microseconds), the last from interface 2 (nanoseconds, to the tick).
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796599383).AddTicks(8567690), vip.Responders[0].FirstSeen);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796599395).AddTicks(9435803), vip.Responders[1].LastSeen);
    }

    [Theory]
    [InlineData("eth-double.pcap", 24, "a record of a 0-byte frame (zeros where a record header belongs)")]
    [InlineData("eth-double.pcapng", 164, "a block of 0 bytes, shorter than a block's own header (zeros where a block belongs)")]
    public void A_sparse_capture_of_zeros_is_judged_at_its_first_record(string golden, int header, string why)
    {
        // A 10 GiB sparse file: the capture's own header, then zeros (truncate -s). It took 79 s to be read as
        // 670 million empty frames; the first record header is impossible, and that is the answer.
        var path = Path.Combine(_dir, "sparse-" + golden);
        using (var file = File.Create(path))
        {
            file.Write(File.ReadAllBytes(Golden(golden)).AsSpan(0, header));
            file.SetLength(10L << 30);
        }
        var (result, report) = Read(path);
        Assert.Equal($"damaged at byte {header}: {why}; no frame before it ({header} of 10737418240 bytes read)", result.Error);
        Assert.Empty(report.Vips);
    }

    [Fact]
    public void Zeros_after_frames_keep_the_frames_before_them()
    {
        var bytes = File.ReadAllBytes(Golden("eth-double.pcap"));
        var path = Path.Combine(_dir, "zeros.pcap");
        File.WriteAllBytes(path, [.. bytes, .. new byte[4096]]);
        var (result, report) = Read(path);
        Assert.Null(result.Error);
        Assert.Equal("damaged at byte 894: a record of a 0-byte frame (zeros where a record header belongs); the analysis uses the 15 frames before it (894 of 4990 bytes read)", result.Warning);
        Assert.Equal(Verdict.Conflict, Assert.Single(report.Vips).Verdict);
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
        // One request, one reply: read through its tag, and one probe is inconclusive, not healthy.
        Assert.Equal((Verdict.Inconclusive, 1L), (vip.Verdict, vip.Replies));
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
        Assert.Equal("damaged at byte 836: the file ends inside the record of frame 15; the analysis uses the 14 frames before it (836 of 874 bytes read)", result.Warning);
        Assert.Equal(Verdict.Conflict, Assert.Single(report.Vips).Verdict);
    }

    [Fact]
    public void A_capture_with_a_broken_header_is_an_error()
    {
        var bytes = File.ReadAllBytes(Golden("eth-double.pcap"));
        var path = Path.Combine(_dir, "bad.pcap");
        File.WriteAllBytes(path, bytes[..10]);
        var (result, _) = Read(path);
        Assert.Equal("damaged at byte 0: the file ends inside the pcap file header; no frame before it (0 of 10 bytes read)", result.Error);
    }

    [Fact]
    public void Unsupported_link_types_are_named()
    {
        var path = Path.Combine(_dir, "raw.pcap");
        using (var file = File.Create(path))
        using (var writer = new PcapFileWriter(file, 105))
            writer.Write(DateTimeOffset.UnixEpoch, new byte[40]);
        Assert.Equal("link type 105 (IEEE802_11) is not supported; ArpDoctor reads Ethernet (1), Linux cooked v1 (113) and v2 (276)", Read(path).Result.Error);
    }

    [Theory]
    [InlineData("eth-double.pcap")]
    [InlineData("multi-interface.pcapng")]
    public void Corrupted_captures_never_crash_or_hang(string name)
    {
        var golden = File.ReadAllBytes(Golden(name));
        var path = Path.Combine(_dir, "fuzz-" + name);
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
            Assert.Matches("^(damaged at byte [0-9]+: |link type )", error);
            Assert.DoesNotContain('\n', error);
            Assert.Empty(report.Vips);
            return;
        }
        Assert.All(report.Vips, v => Assert.True(v.Replies + v.Responders.Sum(r => r.Announcements) <= result.Frames));
        if (result.Warning is { } warning) Assert.Matches("^(damaged at byte [0-9]+: |[0-9]+ frames? of interface )", warning);
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
