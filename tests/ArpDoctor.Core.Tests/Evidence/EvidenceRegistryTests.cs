using System.Buffers.Binary;
using Xunit;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>Address plan: client 203.0.113.1, VIP 203.0.113.10, nodes 02:00:00:00:01:0N (TestSupport).</summary>
public class EvidenceRegistryTests
{
    [Theory]
    [InlineData(EvidenceKind.WatchLog, """{"time":"2026-11-26T09:00:00.000Z","vip":"203.0.113.10","event":"first-seen","mac":"02:00:00:00:01:01","previousMac":null,"responders":["02:00:00:00:01:01"]}""")]
    [InlineData(EvidenceKind.IputilsArping, "Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.682ms")]
    [InlineData(EvidenceKind.HabetsArping, "42 bytes from 02:00:00:00:01:01 (203.0.113.10): index=0 time=21.942 usec")]
    [InlineData(EvidenceKind.ArpScan, "203.0.113.10\t02:00:00:00:01:01\t(Unknown: locally administered)")]
    [InlineData(EvidenceKind.Tcpdump, "2026-11-30 11:40:56.694710 02:00:00:00:01:01 > 02:00:00:00:00:01, ethertype ARP (0x0806), length 42: Reply 203.0.113.10 is-at 02:00:00:00:01:01, length 28")]
    [InlineData(EvidenceKind.Arpwatch, "Nov 30 12:13:27 client arpwatch: flip flop 203.0.113.10 02:00:00:00:01:01 (02:00:00:00:01:02) eth0")]
    [InlineData(EvidenceKind.Addrwatch, "1796043825 eth0 0 02:00:00:00:01:01 203.0.113.10 ARP_REP")]
    [InlineData(EvidenceKind.NeighbourCache, "203.0.113.10 dev eth0 lladdr 02:00:00:00:01:01 REACHABLE")]
    [InlineData(EvidenceKind.ArpDoctorJson, "  \"probesSent\": 3,")]
    public void Each_text_format_is_recognised_by_its_signature_line(EvidenceKind kind, string line)
    {
        var format = EvidenceRegistry.Default.Recognise(line);
        Assert.Equal(kind, format?.Kind);
        Assert.False(format!.IsBinary);
    }

    [Theory]
    [InlineData(0xD4C3B2A1u, EvidenceKind.Pcap)]     // little-endian microsecond pcap, as tcpdump -w writes on x86
    [InlineData(0x4D3CB2A1u, EvidenceKind.Pcap)]     // little-endian nanosecond pcap
    [InlineData(0x0A0D0D0Au, EvidenceKind.Pcapng)]   // pcapng section header block type
    public void Captures_are_recognised_by_their_magic(uint magic, EvidenceKind kind)
    {
        var head = new byte[24];
        BinaryPrimitives.WriteUInt32BigEndian(head, magic);
        var format = EvidenceRegistry.Default.RecogniseBytes(head);
        Assert.Equal(kind, format?.Kind);
        Assert.True(format!.IsBinary);
        Assert.Null(EvidenceRegistry.Default.RecogniseBytes("Unicast reply"u8));
    }

    [Fact]
    public void Signatures_are_tried_in_the_documented_order()
    {
        // Captures by magic; then the watch log, the probing tools, other tools' logs, and arpdoctor JSON last.
        Assert.Equal(
            [EvidenceKind.Pcap, EvidenceKind.Pcapng, EvidenceKind.WatchLog, EvidenceKind.IputilsArping, EvidenceKind.HabetsArping, EvidenceKind.ArpScan,
             EvidenceKind.Tcpdump, EvidenceKind.Tshark, EvidenceKind.Arpwatch, EvidenceKind.Addrwatch, EvidenceKind.NeighbourCache, EvidenceKind.ArpTable,
             EvidenceKind.BsdKernelArp, EvidenceKind.MetalLbLog, EvidenceKind.KubeVipLog, EvidenceKind.KeepalivedLog, EvidenceKind.ArpDoctorJson],
            EvidenceRegistry.Default.Formats.Select(f => f.Kind));
        // A JSON object with "event", "vip" and "probesSent" fits both the watch log and arpdoctor JSON: the watch log, tried first, takes it.
        Assert.Equal(EvidenceKind.WatchLog, TextEvidenceReader.Recognise("""{"vip":"203.0.113.10","event":"no-answer","probesSent":1}"""));
    }

    [Fact]
    public void The_first_format_that_claims_a_line_wins()
    {
        var first = Toy((EvidenceKind)1001, "first");
        var second = Toy((EvidenceKind)1002, "second");
        var registry = new EvidenceRegistry([first, second]);
        Assert.Same(first, registry.Recognise("203.0.113.10 is-at 02:00:00:00:01:01"));
        Assert.Same(second, new EvidenceRegistry([second, first]).Recognise("203.0.113.10 is-at 02:00:00:00:01:01"));
        Assert.Null(registry.Recognise("something else"));
    }

    [Fact]
    public void An_entry_needs_exactly_one_signature()
    {
        var neither = new EvidenceFormat((EvidenceKind)1003, "neither", SourceTraits.None, _ => []);
        Assert.Throws<ArgumentException>(() => new EvidenceRegistry([neither]));
        Assert.Throws<ArgumentException>(() => new EvidenceRegistry([neither with { Line = _ => true, Magic = _ => true }]));
    }

    [Fact]
    public void A_new_format_plugs_in_by_one_entry_and_is_read_by_the_same_consumers()
    {
        // A toy log "VIP is-at MAC", one round per line: nothing that opens or reads evidence is changed for it.
        var registry = EvidenceRegistry.Default.With(Toy((EvidenceKind)1004, "toy-log"));
        var text = "# toy log\n203.0.113.10 is-at 02:00:00:00:01:01\n203.0.113.10 is-at 02:00:00:00:01:02\n203.0.113.10 is-at 02:00:00:00:01:01\n";
        var (source, error) = TextEvidenceReader.Open(new StringReader(text), EvidenceOptions.Default, registry);
        Assert.Null(error);
        Assert.Equal("toy-log", source!.Format.Word);
        var analysis = new EvidenceAnalysis();
        Assert.Null(source.ReadInto(analysis));
        var vip = Assert.Single(analysis.ToReport(Firewall).Vips);
        Assert.Equal((3L, 2L), (vip.ProbesSent, vip.WinnerChanges));
        // The default registry does not know it.
        Assert.NotNull(TextEvidenceReader.Open(new StringReader(text), EvidenceOptions.Default).Error);
    }

    /// <summary>A format whose lines are <c>IP is-at MAC</c>, each a round answered by that MAC.</summary>
    private static EvidenceFormat Toy(EvidenceKind kind, string word) =>
        new(kind, word, SourceTraits.None, ReadToy) { Line = line => TryToy(line, out _, out _) };

    private static IEnumerable<Observation> ReadToy(EvidenceReading reading)
    {
        foreach (var line in reading.Lines)
            if (TryToy(line.Text, out var ip, out var mac))
                yield return new Round(null, ip, [new Reply(mac)]);
    }

    private static bool TryToy(string line, out Ipv4Address ip, out MacAddress mac)
    {
        var parts = line.Split(' ');
        mac = default;
        ip = default;
        return parts.Length == 3 && parts[1] == "is-at" && Ipv4Address.TryParse(parts[0], out ip) && MacAddress.TryParse(parts[2], out mac);
    }
}
