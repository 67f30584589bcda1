using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// ARP tables: net-tools 2.10 `arp -n` and `arp -vn` from the lab client (forms/make-forms.sh: the VIP resolved by the
/// kernel, a static entry made with `arp -s`, an address nobody has), and real pastes of `arp -n`/`arp -v` (Linux) and
/// macOS `arp -a` (the BSD form) with their sources.
/// </summary>
public sealed class ArpTableLinesTests
{
    private static List<ArpTableEntry> Entries(IEnumerable<string> lines) =>
        lines.Select(ArpTableLines.Parse).Where(l => l.Kind == ArpTableLineKind.Entry).Select(l => l.Entry).ToList();

    [Theory]
    [InlineData("arp-n.txt")]
    [InlineData("arp-vn.txt")]
    public void Net_tools_tables_from_the_lab(string file)
    {
        var lines = TestSupport.Golden($"forms/{file}").TrimEnd('\n').Split('\n');
        Assert.DoesNotContain(lines.Select(ArpTableLines.Parse), l => l.Kind == ArpTableLineKind.Malformed);
        // The kernel lists its table in hash order: compare as a set.
        var entries = Entries(lines).OrderBy(e => e.Ip.ToString(), StringComparer.Ordinal);
        Assert.Equal(
            [
                new ArpTableEntry(Ipv4Address.Parse("203.0.113.10"), MacAddress.Parse("02:00:00:00:01:03"), "eth0", false),
                new ArpTableEntry(Ipv4Address.Parse("203.0.113.12"), MacAddress.Parse("02:00:00:00:01:02"), "eth0", true),
                new ArpTableEntry(Ipv4Address.Parse("203.0.113.99"), null, "eth0", false),
            ], entries);
    }

    [Theory]
    [InlineData("arp-a.txt")]
    [InlineData("arp-an.txt")]
    public void Net_tools_arp_a_is_the_neighbour_reader_s_not_read_twice(string file) =>
        Assert.All(TestSupport.Golden($"forms/{file}").TrimEnd('\n').Split('\n'), l => Assert.Equal(ArpTableLineKind.Noise, ArpTableLines.Parse(l).Kind));

    [Fact]
    public void A_switch_s_arp_n_table()
    {
        var entries = Entries(RealPasteFiles.Lines("20-sonic-arp-n-table.txt").Select(l => l.Text));
        Assert.Equal(["12.12.12.5", "11.11.11.5", "10.6.48.254"], entries.Select(e => e.Ip.ToString()));
        Assert.Equal(MacAddress.Parse("78:48:59:fc:14:01"), entries[2].Mac);
        Assert.Equal("Vlan2", entries[1].Interface);
    }

    [Fact]
    public void An_incomplete_entry_is_a_client_that_got_no_answer()
    {
        var entry = Assert.Single(Entries(RealPasteFiles.Lines("16-net-tools-arp-v-incomplete.txt").Select(l => l.Text)));
        Assert.Equal(new ArpTableEntry(Ipv4Address.Parse("192.168.88.101"), null, "wlp3s0", false), entry);
    }

    [Fact]
    public void MacOS_arp_a_reads_with_single_digit_groups_and_a_hidden_MAC_is_an_error()
    {
        var lines = RealPasteFiles.Lines("21-macos-arp-a-partly-redacted.txt").ToList();
        var parsed = lines.Select(l => (l.Number, Line: ArpTableLines.Parse(l.Text))).ToList();
        var bad = Assert.Single(parsed, p => p.Line.Kind == ArpTableLineKind.Malformed);
        Assert.Equal(RealPasteFiles.LineOf("21-macos-arp-a-partly-redacted.txt", "(100.68.0.2)"), bad.Number);
        Assert.Contains("redacted ('0:c:XX:X:XX:XX')", bad.Line.Problem);
        var entries = parsed.Where(p => p.Line.Kind == ArpTableLineKind.Entry).Select(p => p.Line.Entry).ToList();
        Assert.Equal(20, entries.Count);
        Assert.Equal(MacAddress.Parse("00:0c:29:04:37:a4"), entries[0].Mac);
        Assert.All(entries, e => Assert.Equal("en0", e.Interface));
    }

    [Theory]
    // FreeBSD arp(8) (usr.sbin/arp/arp.c): "? (%s) at %s on %s", then "expires in %d seconds", "permanent", "published", " [%s]".
    [InlineData("? (203.0.113.10) at 02:00:00:00:01:03 on em0 expires in 1186 seconds [ethernet]", "02:00:00:00:01:03", false)]
    [InlineData("? (203.0.113.10) at 02:00:00:00:01:03 on em0 permanent [ethernet]", "02:00:00:00:01:03", true)]
    [InlineData("? (203.0.113.10) at (incomplete) on em0 expired [ethernet]", null, false)]
    [InlineData("gw.example.net (203.0.113.10) at 2:0:0:0:1:3 on vtnet0 expires in 5 seconds [ethernet]", "02:00:00:00:01:03", false)]
    public void The_BSD_form(string line, string? mac, bool permanent)
    {
        var parsed = ArpTableLines.Parse(line);
        Assert.Equal(ArpTableLineKind.Entry, parsed.Kind);
        Assert.Equal(Ipv4Address.Parse("203.0.113.10"), parsed.Entry.Ip);
        Assert.Equal(mac is null ? null : MacAddress.Parse(mac), parsed.Entry.Mac);
        Assert.Equal(permanent, parsed.Entry.Permanent);
    }

    [Theory]
    [InlineData("Address                  HWtype  HWaddress           Flags Mask            Iface", ArpTableLineKind.Noise)]
    [InlineData("Entries: 3\tSkipped: 0\tFound: 3", ArpTableLineKind.Noise)]
    [InlineData("vip.example.com          ether   02:00:00:00:01:03   C                     eth0", ArpTableLineKind.Malformed)]
    [InlineData("203.0.113.10             ether   xx:xx:xx:xx:xx:xx   C                     eth0", ArpTableLineKind.Malformed)]
    [InlineData("? (10.139.0.149) at 94:XX:28:XX:26:70 [ether] on ens160", ArpTableLineKind.Malformed)]   // metallb#597: net-tools arp -a, hidden octets
    [InlineData("203.0.113.10 dev eth0 lladdr 02:00:00:xx:xx:xx REACHABLE", ArpTableLineKind.Malformed)]
    [InlineData("203.0.113.10 dev eth0 lladdr 02:00:00:00:01:03 REACHABLE", ArpTableLineKind.Noise)]         // readable: the neighbour reader's
    public void Headers_footers_names_and_hidden_MACs(string line, ArpTableLineKind kind) => Assert.Equal(kind, ArpTableLines.Parse(line).Kind);
}
