using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// tshark 4.0.17 over the capture the tcpdump forms come from (forms/make-forms.sh: `tshark -r`, `tshark -r -n -t ad`,
/// `tshark -r -q -z expert`, `tshark -r -V -Y arp.duplicate-address-detected`).
/// </summary>
public sealed class TsharkArpLinesTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress Node2 = MacAddress.Parse("02:00:00:00:01:02");
    private static readonly MacAddress Node3 = MacAddress.Parse("02:00:00:00:01:03");

    private static List<TsharkLine> Read(string file) =>
        TestSupport.Golden($"forms/{file}").TrimEnd('\n').Split('\n').Select(TsharkArpLines.Parse).ToList();

    [Theory]
    [InlineData("tshark.txt", TcpdumpStampKind.Relative)]
    [InlineData("tshark-t-ad.txt", TcpdumpStampKind.Date)]
    public void The_packet_list_reads_as_the_frames_tcpdump_shows(string file, TcpdumpStampKind stamp)
    {
        var lines = Read(file);
        Assert.All(lines, l => Assert.Equal(TsharkLineKind.Frame, l.Kind));
        Assert.All(lines, l => Assert.Equal(stamp, l.Stamp.Kind));
        Assert.Equal(9, lines.Count(l => l.Frame.Operation == ArpOperation.Request));
        Assert.Equal(15, lines.Count(l => l.Frame.Operation == ArpOperation.Reply));
        Assert.Equal(3, lines.Where(l => l.Frame.Operation == ArpOperation.Reply && l.Frame.SenderIp == Vip).Select(l => l.Frame.SenderMac).Distinct().Count());
        // Node 2's gratuitous request and node 3's gratuitous reply, each credited to its sender.
        Assert.Equal(Node2, lines.Single(l => l.Frame.IsGratuitous && l.Frame.Operation == ArpOperation.Request).Frame.SenderMac);
        Assert.Equal(Node3, lines.Single(l => l.Frame.IsGratuitous && l.Frame.Operation == ArpOperation.Reply).Frame.SenderMac);
    }

    [Fact]
    public void Wireshark_flags_the_duplicate_on_the_packet_line()
    {
        var flagged = Assert.Single(Read("tshark.txt"), l => l.Duplicate is not null);
        Assert.Equal(new TsharkDuplicate(Vip, Node2), flagged.Duplicate);
        Assert.Equal(TsharkLineKind.Frame, flagged.Kind);
    }

    [Fact]
    public void The_expert_summary_counts_the_duplicates()
    {
        var row = Assert.Single(Read("tshark-expert.txt"), l => l.Kind == TsharkLineKind.Duplicate);
        Assert.Equal(new TsharkDuplicate(Vip, Count: 11), row.Duplicate);
    }

    [Fact]
    public void The_detail_view_names_both_MACs()
    {
        var notes = Read("tshark-V-duplicates.txt").Where(l => l.Kind == TsharkLineKind.Duplicate).Select(l => l.Duplicate!.Value).ToList();
        Assert.Equal(11, notes.Count);
        Assert.All(notes, n => Assert.Equal(Vip, n.Ip));
        Assert.All(notes, n => Assert.NotEqual(n.Mac, n.Other));
        Assert.Equal(3, notes.SelectMany(n => new[] { n.Mac, n.Other }).Distinct().Count());
    }

    [Fact]
    public void Relative_stamps_are_seconds_since_the_first_packet()
    {
        var relative = Read("tshark.txt").Select(l => l.Stamp.Offset).ToList();
        var dated = Read("tshark-t-ad.txt").Select(l => l.Stamp.At!.Value).ToList();
        for (int i = 0; i < relative.Count; i++) Assert.Equal(dated[i] - dated[0], relative[i]);
    }

    [Theory]
    // The first lines of the golden file, written as tshark writes them without UTF-8, or with names left on.
    [InlineData("    1   0.000000 02:00:00:00:00:01 -> Broadcast    ARP 42 Who has 203.0.113.10? Tell 203.0.113.1", TsharkLineKind.Frame, null)]
    [InlineData("   13   3.016900 VMware_b2:bc:ac → Broadcast    ARP 42 Gratuitous ARP for 203.0.113.10 (Request)", TsharkLineKind.Malformed, "run it with -n")]
    [InlineData("    2   0.000057 02:00:00:00:01:03 → 02:00:00:00:00:01 ARP 42 203.0.113.10 is at xx:xx:xx:xx:xx:xx", TsharkLineKind.Malformed, "redacted")]
    [InlineData("    3   0.000059 02:00:00:00:01:02 → 02:00:00:00:00:01 TCP 66 443 → 51234 [ACK] Seq=1 Ack=1 Win=501 Len=0", TsharkLineKind.Noise, null)]
    [InlineData("Running as user \"root\" and group \"root\". This could be dangerous.", TsharkLineKind.Noise, null)]
    public void Other_renderings(string line, TsharkLineKind kind, string? why)
    {
        var parsed = TsharkArpLines.Parse(line);
        Assert.Equal(kind, parsed.Kind);
        if (why is not null) Assert.Contains(why, parsed.Problem);
    }

    [Fact]
    public void A_reply_sent_by_one_node_for_another_s_MAC_keeps_the_MAC_it_claims()
    {
        // openelb#392: nanosecond relative stamp; the Ethernet source is not the MAC the reply gives.
        var (_, text) = Assert.Single(RealPasteFiles.Lines("22-openelb-tshark-dead-node-mac.txt"));
        var line = TsharkArpLines.Parse(text);
        Assert.Equal(TsharkLineKind.Frame, line.Kind);
        Assert.Equal(TimeSpan.FromTicks(747_609_513), line.Stamp.Offset);   // 74.760951381 s, to the tick
        Assert.Equal((ArpOperation.Reply, Ipv4Address.Parse("10.80.10.2"), MacAddress.Parse("08:c0:eb:b8:e3:7e"), MacAddress.Parse("08:c0:eb:b8:e0:ae")),
            (line.Frame.Operation, line.Frame.SenderIp, line.Frame.SenderMac, line.Frame.EthernetSource));
    }
}
