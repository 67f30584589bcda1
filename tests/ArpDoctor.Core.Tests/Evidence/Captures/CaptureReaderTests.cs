using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Evidence.CaptureFiles;
using CsCheck;
using Xunit;
using static ArpDoctor.Core.Tests.Evidence.Captures.CaptureBytes;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence.Captures;

/// <summary>The pcap and pcapng reader over captures built field by field (<see cref="CaptureBytes"/>).</summary>
public sealed class CaptureReaderTests
{
    private const string Supported = "ArpDoctor reads Ethernet (1), Linux cooked v1 (113) and v2 (276)";
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_796_599_383);

    private static (CaptureReadResult Result, AnalysisReport Report) Read(byte[] bytes)
    {
        var analysis = new EvidenceAnalysis();
        var assembler = new CaptureAssembler(analysis);
        var result = CaptureReader.Read(new MemoryStream(bytes), assembler, bytes.Length);
        assembler.End();
        return (result, analysis.ToReport(Firewall));
    }

    [Fact]
    public void A_big_endian_section_with_a_binary_time_resolution_and_an_offset_is_read()
    {
        // if_tsresol 0x94: units of 2^-20 s; if_tsoffset: seconds added to every stamp.
        var bytes = new CaptureBytes(bigEndian: true)
            .SectionHeader()
            .Interface(1, (9, [0x94]), (14, BitConverter.IsLittleEndian ? [.. BitConverter.GetBytes(T0.ToUnixTimeSeconds()).Reverse()] : BitConverter.GetBytes(T0.ToUnixTimeSeconds())))
            .Enhanced(0, 1UL << 19, Request())                       // 0.5 s
            .Enhanced(0, (1UL << 19) + (1UL << 10), Reply(Node1))    // 0.5 s + 1/1024 s
            .ToArray();
        var (result, report) = Read(bytes);
        Assert.Equal((null, null, 2L), (result.Error, result.Warning, result.Frames));
        var responder = Assert.Single(Assert.Single(report.Vips).Responders);
        Assert.Equal(T0.AddTicks(5_000_000 + 9_765), responder.FirstSeen);
    }

    [Fact]
    public void Each_section_has_its_own_byte_order_and_interfaces_and_each_interface_its_link_type()
    {
        // Section 1, little-endian: interface 0 is Ethernet. Section 2, big-endian: its interface 0 is Linux cooked v2.
        var first = new CaptureBytes(bigEndian: false).SectionHeader().Interface(1)
            .Enhanced(0, 1_796_599_383_000_000, Request())
            .Enhanced(0, 1_796_599_383_000_100, Reply(Node1));
        var second = new CaptureBytes(bigEndian: true).SectionHeader().Interface(276)
            .Enhanced(0, 1_796_599_384_000_000, Sll2(Request(), broadcast: true))
            .Enhanced(0, 1_796_599_384_000_200, Sll2(Reply(Node2), broadcast: false));
        var (result, report) = Read([.. first.ToArray(), .. second.ToArray()]);
        Assert.Null(result.Error);
        Assert.Equal([1, 276], result.LinkTypes);
        var vip = Assert.Single(report.Vips);
        Assert.Equal((2L, 2L), (vip.ProbesSent, vip.Replies));
        Assert.Equal(T0.AddSeconds(1).AddTicks(2_000), vip.Responders.Single(r => r.Mac == Node2).FirstSeen);
    }

    [Fact]
    public void Obsolete_and_simple_packet_blocks_are_read_and_other_blocks_skipped()
    {
        var bytes = new CaptureBytes(bigEndian: false).SectionHeader().Interface(1)
            .Obsolete(0, 1_796_599_383_000_000, Request())
            .Block(4, b => b.U16(0).U16(0))                           // a Name Resolution Block, empty
            .Block(0x00000BAD, b => b.U32(32473).U32(0))              // a custom block
            .Simple(Reply(Node1))                                      // no time stamp: the time of the packet before
            .ToArray();
        var (result, report) = Read(bytes);
        Assert.Equal((null, null, 2L), (result.Error, result.Warning, result.Frames));
        Assert.Equal(T0, Assert.Single(Assert.Single(report.Vips).Responders).FirstSeen);
    }

    [Fact]
    public void Frames_of_interfaces_of_other_link_types_are_counted_and_named()
    {
        var bytes = new CaptureBytes(bigEndian: false).SectionHeader()
            .Interface(1)
            .Interface(105, (2, "wlan0"u8.ToArray()))                 // if_name
            .Enhanced(1, 1_796_599_383_000_000, new byte[40])
            .Enhanced(0, 1_796_599_383_000_000, Request())
            .Enhanced(1, 1_796_599_383_000_050, new byte[40])
            .Enhanced(0, 1_796_599_383_000_100, Reply(Node1))
            .ToArray();
        var (result, report) = Read(bytes);
        Assert.Equal(4, result.Frames);
        Assert.Equal($"2 frames of interface 1 (wlan0) are not read: link type 105 (IEEE802_11); {Supported}", result.Warning);
        Assert.Equal(1, Assert.Single(report.Vips).Replies);
    }

    [Fact]
    public void A_pcapng_whose_frames_are_all_of_other_link_types_is_an_error()
    {
        var bytes = new CaptureBytes(bigEndian: false).SectionHeader().Interface(127).Enhanced(0, 1, new byte[60]).ToArray();
        Assert.Equal($"link type 127 (IEEE802_11_RADIOTAP) is not supported; {Supported}", Read(bytes).Result.Error);
    }

    public static TheoryData<string, byte[], string> DamagedPcapng()
    {
        var head = new CaptureBytes(false).SectionHeader().Interface(1)
            .Enhanced(0, 1_796_599_383_000_000, Request())
            .Enhanced(0, 1_796_599_383_000_100, Reply(Node1));
        int at = head.Length;
        byte[] Then(Action<CaptureBytes> more)
        {
            var b = new CaptureBytes(false).Raw(head.ToArray());
            more(b);
            return b.ToArray();
        }
        return new()
        {
            { "zeros", Then(b => b.Raw(new byte[64])), $"damaged at byte {at}: a block of 0 bytes, shorter than a block's own header (zeros where a block belongs)" },
            { "odd length", Then(b => b.U32(6).U32(30).Raw(new byte[24])), $"damaged at byte {at}: a block of 30 bytes, not a multiple of 4 (type 6)" },
            { "huge", Then(b => b.U32(6).U32(0x7FFFFFFC)), $"damaged at byte {at}: a block of 2147483644 bytes, more than a capture holds (16777216)" },
            { "trailer", Then(b => b.U32(5).U32(16).U32(0).U32(20)), $"damaged at byte {at}: a block of type 5 whose length at its end differs from the 16 at its start" },
            { "no interface 3", Then(b => b.Enhanced(3, 1_796_599_383_000_100, Reply(Node1))), $"damaged at byte {at}: a packet of interface 3, which its section does not describe" },
            { "overrun", Then(b => b.Block(6, x => x.U32(0).U32(0).U32(0).U32(200).U32(200).Raw(new byte[8]))), $"damaged at byte {at}: a packet whose data overruns its block" },
            { "cut", Then(b => b.Raw(new CaptureBytes(false).Enhanced(0, 1, Reply(Node1)).ToArray().AsSpan(0, 30))), $"damaged at byte {at}: the file ends inside a block of 92 bytes" },
        };
    }

    [Theory]
    [MemberData(nameof(DamagedPcapng))]
    public void Damage_in_a_pcapng_stops_there_and_keeps_what_came_before(string what, byte[] bytes, string damage)
    {
        var (result, report) = Read(bytes);
        Assert.True(result.Error is null, what);
        Assert.StartsWith($"{damage}; the analysis uses the 2 frames before it (", result.Warning);
        Assert.EndsWith($" of {bytes.Length} bytes read)", result.Warning);
        Assert.Equal(1, Assert.Single(report.Vips).Replies);
    }

    [Fact]
    public void A_big_endian_nanosecond_pcap_is_read()
    {
        var bytes = new CaptureBytes(bigEndian: true).PcapHeader(0xA1B23C4D, 1)
            .Record(1_796_599_383, 0, Request())
            .Record(1_796_599_383, 123_456_789, Reply(Node1))
            .ToArray();
        var (result, report) = Read(bytes);
        Assert.Equal((null, null, 2L), (result.Error, result.Warning, result.Frames));
        Assert.Equal(T0.AddTicks(1_234_567), Assert.Single(Assert.Single(report.Vips).Responders).FirstSeen);
    }

    [Fact]
    public void A_modified_pcap_with_24_byte_record_headers_is_read()
    {
        // The "modified" format (magic A1B2CD34) adds interface index(4), protocol(2), packet type(1), padding(1).
        var record = new CaptureBytes(false);
        foreach (var (frame, micros) in new[] { (Request(), 0u), (Reply(Node1), 100u) })
            record.U32(1_796_599_383).U32(micros).U32((uint)frame.Length).U32((uint)frame.Length).U32(2).U16(0x0806).U8(0).U8(0).Raw(frame);
        var bytes = new CaptureBytes(false).PcapHeader(0xA1B2CD34, 1).Raw(record.ToArray()).ToArray();
        var (result, report) = Read(bytes);
        Assert.Equal((null, null, 2L), (result.Error, result.Warning, result.Frames));
        Assert.Equal(1, Assert.Single(report.Vips).Replies);
    }

    [Theory]
    [InlineData(0u, 0u, 0u, "a record of a 0-byte frame (zeros where a record header belongs)")]
    [InlineData(0u, 42u, 0u, "a record of a 0-byte frame")]
    [InlineData(0u, 60u, 42u, "a record of 60 captured bytes of a 42-byte frame")]
    [InlineData(0u, 300_000u, 300_000u, "a record of 300000 captured bytes, more than a capture holds (262144)")]
    [InlineData(1_000_000u, 42u, 42u, "a time stamp whose fraction of a second is 1000000 µs")]
    public void An_impossible_pcap_record_header_is_damage_at_its_offset(uint fraction, uint captured, uint original, string why)
    {
        var bytes = new CaptureBytes(false).PcapHeader(0xA1B2C3D4, 1)
            .Record(1_796_599_383, 0, Request())
            .Record(1_796_599_383, fraction, new byte[64], captured, original)
            .ToArray();
        var (result, _) = Read(bytes);
        // File header(24), record header(16), a 60-byte request: the second record starts at byte 100.
        Assert.Equal($"damaged at byte 100: {why}; the analysis uses the 1 frame before it (100 of {bytes.Length} bytes read)", result.Warning);
    }

    [Fact]
    public void Nothing_but_damage_is_an_error_saying_how_much_was_read()
    {
        var bytes = new CaptureBytes(false).PcapHeader(0xA1B2C3D4, 1).Raw(new byte[1000]).ToArray();
        var (result, report) = Read(bytes);
        Assert.Equal("damaged at byte 24: a record of a 0-byte frame (zeros where a record header belongs); no frame before it (24 of 1024 bytes read)", result.Error);
        Assert.Empty(report.Vips);
    }

    [Fact]
    public void Random_bytes_after_a_valid_start_never_throw()
    {
        var pcapng = new CaptureBytes(false).SectionHeader().Interface(1).Interface(276).ToArray();
        var pcap = new CaptureBytes(true).PcapHeader(0xA1B2C3D4, 113).ToArray();
        Gen.Select(Gen.Bool, Gen.Byte.Array[0, 600]).Sample((isPcapng, tail) =>
        {
            var (result, report) = Read([.. isPcapng ? pcapng : pcap, .. tail]);
            if (result.Error is { } error) Assert.Matches("^(damaged at byte [0-9]+: |link type )", error);
            if (result.Warning is { } warning) Assert.Matches("^(damaged at byte [0-9]+: |[0-9]+ frames? of interface )", warning);
            Assert.All(report.Vips, v => Assert.True(v.Replies <= result.Frames));
        }, iter: 2000);
    }
}
