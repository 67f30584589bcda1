using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// tcpdump 4.99.3 in every common form. The golden files under TestData/forms come from one capture made by
/// forms/make-forms.sh in a lab (client 203.0.113.1 02:00:00:00:00:01; nodes 02:00:00:00:01:0N each with the VIP
/// 203.0.113.10 on kube-ipvs0, so all three answer): the client's `arping -b -c 3`, node 2's `arping -U`, node 3's
/// `arping -A`, three 802.1Q-tagged (VLAN 1000) frames written by a raw socket (a request and replies from nodes 1 and 2),
/// then the kernel resolving the VIP and 203.0.113.99 (nobody). Each file is `tcpdump -r` of that capture with the form's
/// options (`-i any` ones from a second capture on the client's any device).
/// </summary>
public sealed class TcpdumpFormsTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress[] Nodes = [MacAddress.Parse("02:00:00:00:01:01"), MacAddress.Parse("02:00:00:00:01:02"), MacAddress.Parse("02:00:00:00:01:03")];

    private static string[] Lines(string file) => TestSupport.Golden($"forms/{file}").TrimEnd('\n').Split('\n');

    [Theory]
    //          file                    stamp                           -e     vlan  requests replies hex
    [InlineData("tcpdump-n.txt", TcpdumpStampKind.TimeOfDay, false, 0, 9, 15, 0)]
    [InlineData("tcpdump-n-v.txt", TcpdumpStampKind.TimeOfDay, false, 0, 9, 15, 0)]
    [InlineData("tcpdump-n-e-vv.txt", TcpdumpStampKind.TimeOfDay, true, 3, 9, 15, 0)]
    [InlineData("tcpdump-n-e.txt", TcpdumpStampKind.TimeOfDay, true, 3, 9, 15, 0)]
    [InlineData("tcpdump-n-e-q.txt", TcpdumpStampKind.TimeOfDay, true, 3, 9, 15, 0)]
    [InlineData("tcpdump-n-q.txt", TcpdumpStampKind.TimeOfDay, false, 0, 9, 15, 0)]
    [InlineData("tcpdump-n-t.txt", TcpdumpStampKind.None, false, 0, 9, 15, 0)]
    [InlineData("tcpdump-n-tt.txt", TcpdumpStampKind.Epoch, false, 0, 9, 15, 0)]
    [InlineData("tcpdump-n-ttt.txt", TcpdumpStampKind.Relative, false, 0, 9, 15, 0)]
    [InlineData("tcpdump-n-e-tttt.txt", TcpdumpStampKind.Date, true, 3, 9, 15, 0)]
    [InlineData("tcpdump-n-ttttt.txt", TcpdumpStampKind.Relative, false, 0, 9, 15, 0)]
    [InlineData("tcpdump-n-x.txt", TcpdumpStampKind.TimeOfDay, false, 0, 9, 15, 51)]
    [InlineData("tcpdump-n-e-X.txt", TcpdumpStampKind.TimeOfDay, true, 3, 9, 15, 51)]
    [InlineData("tcpdump-n-e-xx.txt", TcpdumpStampKind.TimeOfDay, true, 3, 9, 15, 75)]
    [InlineData("tcpdump-names.txt", TcpdumpStampKind.TimeOfDay, false, 0, 9, 15, 0)]
    [InlineData("tcpdump-any-n.txt", TcpdumpStampKind.TimeOfDay, false, 0, 8, 15, 0)]   // -i any does not see the raw socket's own request
    [InlineData("tcpdump-any-n-e.txt", TcpdumpStampKind.TimeOfDay, true, 0, 8, 15, 0)]  // ... and shows no tags (the kernel took them off)
    public void Every_form_reads_every_frame_and_nothing_else(string file, TcpdumpStampKind stamp, bool header, int tagged, int requests, int replies, int hex)
    {
        var parsed = Lines(file).Select(TcpdumpLines.Parse).ToList();
        Assert.DoesNotContain(parsed, l => l.Kind is TcpdumpLineKind.Malformed or TcpdumpLineKind.Noise);
        var frames = parsed.Where(l => l.Kind == TcpdumpLineKind.Frame).ToList();
        Assert.Equal(hex, parsed.Count(l => l.Kind == TcpdumpLineKind.HexDump));
        Assert.All(frames, f => Assert.Equal(stamp, f.Stamp.Kind));
        Assert.All(frames, f => Assert.Equal(header, f.HasEthernetHeader));
        Assert.Equal(tagged, frames.Count(f => f.Frame.VlanId == 1000));
        Assert.Equal(requests, frames.Count(f => f.Frame.Operation == ArpOperation.Request));
        Assert.Equal(replies, frames.Count(f => f.Frame.Operation == ArpOperation.Reply));
        // Every reply is for the VIP, from one of the three nodes, and says so in its ARP body whatever the form.
        Assert.All(frames.Where(f => f.Frame.Operation == ArpOperation.Reply), f =>
        {
            Assert.Equal(Vip, f.Frame.SenderIp);
            Assert.Contains(f.Frame.SenderMac, Nodes);
        });
        Assert.Equal(3, frames.Count(f => f.Frame.Operation == ArpOperation.Request && f.Frame.TargetIp == Ipv4Address.Parse("203.0.113.99")));
        // With -e the announcer of node 2's gratuitous request is named; without it, nobody.
        var announcement = frames.Single(f => f.Frame.IsGratuitous && f.Frame.Operation == ArpOperation.Request);
        Assert.Equal(header ? Nodes[1] : MacAddress.Zero, announcement.Frame.SenderMac);
    }

    [Theory]
    [InlineData("tcpdump-n-v.txt")]
    [InlineData("tcpdump-n-e-vv.txt")]
    [InlineData("tcpdump-n-tt.txt")]
    [InlineData("tcpdump-n-q.txt")]
    [InlineData("tcpdump-n-e-q.txt")]
    [InlineData("tcpdump-n-e.txt")]       // its 802.1Q lines were skipped in silence: 5 probes, 13 replies
    [InlineData("tcpdump-n-e-X.txt")]
    [InlineData("tcpdump-names.txt")]    // "(oui Unknown)" after every MAC: no reply read, "no-answer"
    [InlineData("tcpdump-any-n.txt", false)]    // -i any missed the raw socket's tagged request: one probe fewer
    [InlineData("tcpdump-any-n-e.txt", false)]
    public void Analyze_reads_the_common_forms_as_the_conflict_they_show(string file, bool sameCapture = true)
    {
        // Before: every form but the default, -e, -tttt and -x was "not recognised" (exit 2), -e lost the tagged frames,
        // and names left on turned three answering nodes into "no-answer".
        var (plain, _, _) = TestSupport.Analyse(TestSupport.Golden("forms/tcpdump-n.txt"));
        var (report, kind, error) = TestSupport.Analyse(TestSupport.Golden($"forms/{file}"));
        Assert.Null(error);
        Assert.Equal(EvidenceKind.Tcpdump, kind);
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Verdict.Conflict, vip.Verdict);
        Assert.Equal(Nodes, vip.Responders.Select(r => r.Mac).Order());
        var expected = plain.Vips[0];
        if (sameCapture) Assert.Equal((expected.ProbesSent, expected.Replies), (vip.ProbesSent, vip.Replies));
    }

    [Fact]
    public void Relative_stamps_are_told_apart_and_give_the_times_of_the_epoch_stamps()
    {
        var epoch = Lines("tcpdump-n-tt.txt").Select(TcpdumpLines.Parse).Select(l => l.Stamp.At!.Value).ToList();
        foreach (var file in (string[])["tcpdump-n-ttt.txt", "tcpdump-n-ttttt.txt"])
        {
            var clock = new TcpdumpClock<int>();
            var output = new List<(DateTimeOffset? Time, int Item)>();
            var lines = Lines(file);
            for (int i = 0; i < lines.Length; i++) clock.Add(TcpdumpLines.Parse(lines[i]).Stamp, i, output);
            clock.End(output);
            Assert.Equal(Enumerable.Range(0, lines.Length), output.Select(o => o.Item));
            for (int i = 0; i < lines.Length; i++)
            {
                var since = output[i].Time!.Value - DateTimeOffset.UnixEpoch;
                // -ttt prints each delta rounded to a microsecond; summed over 24 lines the error stays under 24 µs.
                Assert.InRange((since - (epoch[i] - epoch[0])).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(24));
            }
        }
    }

    [Fact]
    public void Without_a_stamp_lines_keep_their_order_and_have_no_time()
    {
        var clock = new TcpdumpClock<string>();
        var output = new List<(DateTimeOffset? Time, string Item)>();
        foreach (var line in Lines("tcpdump-n-t.txt")) clock.Add(TcpdumpLines.Parse(line).Stamp, line, output);
        clock.End(output);
        Assert.Equal(Lines("tcpdump-n-t.txt"), output.Select(o => o.Item));
        Assert.All(output, o => Assert.Null(o.Time));
    }

    [Fact]
    public void Times_of_day_carry_over_midnight_and_dates_are_exact()
    {
        var clock = new TcpdumpClock<int>();
        var output = new List<(DateTimeOffset? Time, int Item)>();
        clock.Add(TcpdumpLines.Parse("23:59:59.900000 ARP, Reply 203.0.113.10 is-at 02:00:00:00:01:01, length 28").Stamp, 1, output);
        clock.Add(TcpdumpLines.Parse("00:00:00.100000 ARP, Reply 203.0.113.10 is-at 02:00:00:00:01:01, length 28").Stamp, 2, output);
        Assert.Equal(TimeSpan.FromMilliseconds(200), output[1].Time - output[0].Time);
        var dated = TcpdumpLines.Parse(Lines("tcpdump-n-e-tttt.txt")[0]);
        Assert.Equal(TcpdumpStampKind.Date, dated.Stamp.Kind);
        Assert.Equal(2026, dated.Stamp.At!.Value.Year);
    }

    [Theory]
    // Real lines of the goldens with one MAC hidden or mistyped the ways people do it.
    [InlineData("02:23:51.101217 ARP, Reply 203.0.113.10 is-at xx:xx:xx:xx:xx:xx, length 28", "redacted ('xx:xx:xx:xx:xx:xx')")]
    [InlineData("02:23:51.101217 ARP, Reply 203.0.113.10 is-at 02:00:00:XX:XX:XX, length 28", "redacted ('02:00:00:XX:XX:XX')")]
    [InlineData("02:23:51.101217 02:00:00:00:01:03 > xx:xx:xx:xx:xx:xx, ethertype ARP (0x0806), length 42: Reply 203.0.113.10 is-at 02:00:00:00:01:03, length 28", "redacted")]
    [InlineData("02:23:51.101217 ARP, Reply 203.0.113.10 is-at <redacted>, length 28", "redacted ('<redacted>')")]
    [InlineData("02:23:51.101217 ARP, Reply 203.0.113.10 is-at 02:00:00:00:01, length 28", "not a MAC address")]
    [InlineData("20:28:47.130643 ARP, Reply 10.240.17.183 is-at 42:92:ad:23:12:3z, length 46", "'42:92:ad:23:12:3z' is not a MAC address")]   // kube-vip#788, verbatim
    [InlineData("02:23:51.101160 ARP, Request who-has vip.example.com tell client.example.com, length 28", "run it with -n")]
    public void An_ARP_line_that_cannot_be_read_says_why(string line, string why)
    {
        var parsed = TcpdumpLines.Parse(line);
        Assert.Equal(TcpdumpLineKind.Malformed, parsed.Kind);
        Assert.Contains(why, parsed.Problem);
    }

    [Theory]
    [InlineData("tcpdump: verbose output suppressed, use -v[v]... for full protocol decode")]
    [InlineData("listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes")]
    [InlineData("reading from file eth0.pcap, link-type EN10MB (Ethernet), snapshot length 262144")]
    [InlineData("24 packets captured")]
    [InlineData("02:23:51.101160 IP 203.0.113.1.41234 > 203.0.113.10.443: Flags [S], seq 1, win 64240, length 0")]
    [InlineData("02:23:51.101160 ARP, Reverse Request who-is 02:00:00:00:00:01 tell 02:00:00:00:00:01, length 28")]
    [InlineData("```")]
    [InlineData("$ sudo tcpdump -n -i eth0 arp")]
    public void Other_lines_are_noise(string line) => Assert.Equal(TcpdumpLineKind.Noise, TcpdumpLines.Parse(line).Kind);

    [Fact]
    public void A_tagged_frame_keeps_its_VLAN()
    {
        var line = Lines("tcpdump-n-e-vv.txt").Single(l => l.Contains("vlan 1000") && l.Contains("is-at 02:00:00:00:01:02"));
        var parsed = TcpdumpLines.Parse(line);
        Assert.Equal(TcpdumpLineKind.Frame, parsed.Kind);
        Assert.Equal((ushort)1000, parsed.Frame.VlanId);
        Assert.Equal((Nodes[1], Vip), (parsed.Frame.SenderMac, parsed.Frame.SenderIp));
        Assert.Equal(MacAddress.Parse("02:00:00:00:00:01"), parsed.Frame.EthernetDestination);
    }
}
