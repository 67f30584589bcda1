using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// keepalived's VRRP log: MASTER and gratuitous ARPs are claims by the host, two masters at once are split brain. The
/// line forms are keepalived's own, as posted in acassen/keepalived#166, #472, #2469 and redhat-cop/keepalived-operator#78
/// (real pastes 17, 24-26); constructed logs use VIP 203.0.113.10 and hosts lb1, lb2.
/// </summary>
public sealed class KeepalivedLogTests
{
    private static readonly DateTimeOffset Written = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class Warnings : IObservationSink
    {
        public readonly List<string> Said = [];
        public void Add(Observation observation) => throw new InvalidOperationException("readers yield observations");
        public void Warn(string warning, Ipv4Address? vip = null) => Said.Add(warning);
    }

    private static (EvidenceKind Kind, List<Claim> Claims, List<string> Warnings, EvidenceError? Error) Read(string text)
    {
        var (source, error) = TextEvidenceReader.Open(new StringReader(text), new EvidenceOptions(Written: Written));
        Assert.Null(error);
        var warnings = new Warnings();
        var claims = source!.Read(warnings).OfType<Claim>().ToList();
        return (source.Kind, claims, warnings.Said, source.Reading!.Error);
    }

    [Theory]
    [InlineData("Jun 23 13:41:16 web1 Keepalived_vrrp[3021]: VRRP_Instance(VI_1) Entering MASTER STATE", KeepalivedEvent.Master, "web1", "VI_1", null)]
    [InlineData("Jun 23 13:41:16 web1 Keepalived_vrrp[3021]: VRRP_Instance(VI_1) Sending gratuitous ARPs on eth0 for 1.2.3.4", KeepalivedEvent.GratuitousArp, "web1", "VI_1", "1.2.3.4")]
    [InlineData("Dec  1 10:24:45 10.10.15.252 Keepalived_vrrp[25936]: VRRP_Instance(VI_VLAN34_PBX) Sending/queueing gratuitous ARPs on eth7 for 10.10.34.249", KeepalivedEvent.GratuitousArp, "10.10.15.252", "VI_VLAN34_PBX", "10.10.34.249")]
    [InlineData("Oct  1 17:15:09 estullbs0001 Keepalived_vrrp[2015]: (VI_3) Sending/queueing gratuitous ARPs on vlan100 for 10.76.195.87", KeepalivedEvent.GratuitousArp, "estullbs0001", "VI_3", "10.76.195.87")]
    [InlineData("Oct  1 17:15:09 estullbs0001 Keepalived_vrrp[2015]: Sending gratuitous ARP on vlan100 for 10.76.195.87", KeepalivedEvent.GratuitousArp, "estullbs0001", null, "10.76.195.87")]
    [InlineData("Fri Sep 17 19:56:59 2021: (at-sys/backoffice-ip-elm) Entering MASTER STATE", KeepalivedEvent.Master, null, "at-sys/backoffice-ip-elm", null)]
    [InlineData("Nov 17 17:43:58 ip-172-17-16-11 Keepalived_vrrp[2403]: VRRP_Instance(VI_1) Entering BACKUP STATE", KeepalivedEvent.Left, "ip-172-17-16-11", "VI_1", null)]
    [InlineData("Wed Feb 21 21:57:11 2024: (VI_1) removing VIPs.", KeepalivedEvent.Left, null, "VI_1", null)]
    [InlineData("Nov 30 12:00:09 lb2 Keepalived_vrrp[200]: (VI_1) Entering FAULT STATE", KeepalivedEvent.Left, "lb2", "VI_1", null)]
    public void Every_form_reads(string text, KeepalivedEvent kind, string? host, string? instance, string? vip)
    {
        Assert.True(KeepalivedLogLines.TryParse(text, null, Written, out var line, out var problem), problem);
        Assert.Equal((kind, host, instance, vip), (line.Event, line.Host, line.Instance, line.Vip?.ToString()));
        Assert.NotNull(line.Time);
    }

    [Theory]
    [InlineData("Jun 23 13:41:16 web1 Keepalived_vrrp[3021]: VRRP_Instance(VI_1) setting protocol VIPs.")]
    [InlineData("Oct  1 17:15:09 estullbs0001 Keepalived_vrrp[2015]: (VI_3) Received advert from 10.76.195.102 with lower priority 200, ours 201")]
    [InlineData("Dec  1 10:24:45 10.10.15.252 Keepalived_healthcheckers[25934]: Netlink reflector reports IP 10.10.34.249 added")]
    [InlineData("Nov 30 12:13:27 host arpwatch: flip flop 203.0.113.10 02:00:00:00:01:02 (02:00:00:00:01:01) eth0")]
    [InlineData(", forcing new election")]
    public void Other_lines_are_not_claims(string text) => Assert.False(KeepalivedLogLines.TryParse(text, null, Written, out _, out _));

    [Fact]
    public void A_hidden_address_is_an_error_that_says_so()
    {
        // keepalived#1884 as posted: "Sending gratuitous ARP on enterprise for xx.xx.xx.4".
        Assert.False(KeepalivedLogLines.TryParse("Thu Mar 25 18:00:59 2021: Sending gratuitous ARP on enterprise for xx.xx.xx.4", null, Written, out _, out var problem));
        Assert.Contains("redacted ('xx.xx.xx.4')", problem);
        var (_, _, _, error) = Read("Thu Mar 25 18:00:59 2021: (vip_xx.xx.xx.4) Entering MASTER STATE\nThu Mar 25 18:00:59 2021: Sending gratuitous ARP on enterprise for xx.xx.xx.4\n");
        Assert.Equal(2, error!.LineNumber);
    }

    [Fact]
    public void The_split_brain_paste_is_node2_claiming_both_addresses_once()
    {
        var (kind, claims, warnings, error) = Read(File.ReadAllText(RealPasteFiles.Path("17-keepalived-split-brain-garp.txt")));
        Assert.Null(error);
        Assert.Equal(EvidenceKind.KeepalivedLog, kind);
        Assert.Equal([("1.2.3.4", "web1"), ("5.6.7.8", "web1")], claims.Select(c => (c.Vip.ToString(), c.Node)));
        Assert.All(claims, c => Assert.Equal("06-23 13:41:16", c.Time!.Value.ToString("MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_burst_of_packets_is_one_claim_and_a_later_refresh_another()
    {
        var (_, claims, _, _) = Read(string.Join('\n',
            "Nov 30 12:00:00 lb1 Keepalived_vrrp[100]: (VI_1) Sending/queueing gratuitous ARPs on eth0 for 203.0.113.10",
            "Nov 30 12:00:00 lb1 Keepalived_vrrp[100]: Sending gratuitous ARP on eth0 for 203.0.113.10",
            "Nov 30 12:00:00 lb1 Keepalived_vrrp[100]: Sending gratuitous ARP on eth0 for 203.0.113.10",
            "Nov 30 12:01:00 lb1 Keepalived_vrrp[100]: Sending gratuitous ARP on eth0 for 203.0.113.10"));
        Assert.Equal(["12:00:00", "12:01:00"], claims.Select(c => c.Time!.Value.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Two_hosts_master_at_once_are_split_brain_until_one_goes_back_to_backup()
    {
        // Both hosts' syslogs, merged by time (sort -m lb1.log lb2.log).
        var text = string.Join('\n',
            "Nov 30 12:00:00 lb1 Keepalived_vrrp[100]: (VI_1) Entering MASTER STATE",
            "Nov 30 12:00:00 lb1 Keepalived_vrrp[100]: (VI_1) Sending/queueing gratuitous ARPs on eth0 for 203.0.113.10",
            "Nov 30 12:00:05 lb2 Keepalived_vrrp[200]: (VI_1) Entering MASTER STATE",
            "Nov 30 12:00:05 lb2 Keepalived_vrrp[200]: (VI_1) Sending/queueing gratuitous ARPs on eth0 for 203.0.113.10",
            "Nov 30 12:00:09 lb2 Keepalived_vrrp[200]: (VI_1) Entering BACKUP STATE");
        var (_, claims, warnings, error) = Read(text);
        Assert.Null(error);
        Assert.Equal([("lb1", false), ("lb2", false), ("lb2", true)], claims.Select(c => (c.Node, c.Released)));
        Assert.Contains(warnings, w => w.StartsWith("line 3: lb2 entered MASTER for VI_1 while lb1 is MASTER", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("line 4: lb2 claims 203.0.113.10 while lb1 holds it", StringComparison.Ordinal));

        var (report, _, _) = TestSupport.Analyse(text);
        var overlap = Assert.Single(Assert.Single(report.Vips).Claims!.Overlaps);
        Assert.Equal(("lb1", "lb2", "12:00:05", "12:00:09"), (overlap.First, overlap.Second,
            overlap.From!.Value.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), overlap.To!.Value.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotEqual(ArpDoctor.Core.Probing.Verdict.Healthy, report.Vips[0].Verdict);
    }
}
