using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit;
using static ArpDoctor.Cli.Tests.Analyze.AnalyzeRun;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>
/// analyze's hints name the cause the evidence points to, from the catalogue doctor uses, not kube-proxy for every
/// conflict. Evidence in tcpdump -e's form (as tcpdump-e.txt, from the lab). Address plan:
/// <code>
///   VIP 203.0.113.10, asked by 192.0.2.2 (56:bf:b1:65:48:3a) once a second
///   nodes 02:00:00:00:01:01, 02:00:00:00:01:02 (locally administered, as veths and most VMs)
///   VMware 00:50:56:ac:dc:88 and 00:50:56:12:34:56 (far apart: two VMs); Intel 00:1b:21:00:00:10 and :11 (two ports of one card)
///   a locally administered stranger 06:11:22:33:44:55 beside the VMware ones
/// </code>
/// </summary>
public sealed class AnalyzeHintTests : IDisposable
{
    private const string N1 = "02:00:00:00:01:01", N2 = "02:00:00:00:01:02", VmA = "00:50:56:ac:dc:88", VmB = "00:50:56:12:34:56",
        PortA = "00:1b:21:00:00:10", PortB = "00:1b:21:00:00:11", Stranger = "06:11:22:33:44:55";

    private const string StrictArpSentence = "kube-proxy in IPVS mode without strictARP is the usual cause";

    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-hints-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>One probe per entry, a second apart: each entry lists the MACs that answer it, in order; "+MAC" is a gratuitous ARP from MAC before it.</summary>
    private string Capture(string name, params string[][] probes)
    {
        var text = new StringBuilder();
        for (int i = 0; i < probes.Length; i++)
        {
            string Stamp(int micros) => new DateTime(2026, 11, 26, 11, 40, 0).AddSeconds(i).AddTicks(micros * 10).ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            foreach (var garp in probes[i].Where(m => m.StartsWith('+')))
                text.Append(Stamp(0)).Append(' ').Append(garp[1..]).Append(" > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 203.0.113.10 (ff:ff:ff:ff:ff:ff) tell 203.0.113.10, length 28\n");
            text.Append(Stamp(100)).Append(" 56:bf:b1:65:48:3a > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 203.0.113.10 (ff:ff:ff:ff:ff:ff) tell 192.0.2.2, length 28\n");
            int r = 0;
            foreach (var mac in probes[i].Where(m => !m.StartsWith('+')))
                text.Append(Stamp(170 + 3 * r++)).Append(' ').Append(mac).Append(" > 56:bf:b1:65:48:3a, ethertype ARP (0x0806), length 42: Reply 203.0.113.10 is-at ").Append(mac).Append(", length 28\n");
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static async Task<(string Text, List<string> Causes, JsonElement Vip)> Analyze(string path)
    {
        var (exit, text, error) = await Run("analyze", path);
        Assert.Equal("", error);
        Assert.Equal(1, exit);
        var (_, json, _) = await Run("analyze", "-o", "json", path);
        var vip = JsonDocument.Parse(json).RootElement.GetProperty("vips")[0].Clone();
        var causes = vip.GetProperty("causes").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
        return (text, causes, vip);
    }

    [Fact]
    public async Task The_ipvs_pattern_still_names_kube_proxy_without_strict_arp()
    {
        // Node 1 answers twice per probe (speaker and kernel), the others once: the lab's seed.
        var (text, causes, vip) = await Analyze(Golden("iputils-double.txt"));
        Assert.Equal(["ipvs-without-strict-arp"], causes);
        Assert.Contains("Likely cause: ipvs-without-strict-arp", text);
        Assert.Contains("kube-proxy in IPVS mode without strictARP", text);
        var cause = vip.GetProperty("causes")[0];
        Assert.Contains(cause.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.StartsWith("02:00:00:00:01:01 answered twice per probe", StringComparison.Ordinal));
        Assert.Contains(cause.GetProperty("confirm").EnumerateArray(), e => e.GetString()!.StartsWith("'arpdoctor check'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_ports_of_one_card_answering_are_one_host_with_two_interfaces()
    {
        var path = Capture("flux.txt", [PortA, PortB], [PortA, PortB], [PortA, PortB], [PortA, PortB]);
        var (text, causes, vip) = await Analyze(path);
        Assert.Equal(["two-interfaces"], causes);
        Assert.DoesNotContain(StrictArpSentence, text);
        Assert.Contains("ARP flux", text);
        Assert.Contains(vip.GetProperty("causes")[0].GetProperty("confirm").EnumerateArray(), e => e.GetString()!.StartsWith("'arpdoctor locate 203.0.113.10'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Single_answers_taking_turns_are_two_announcers()
    {
        var path = Capture("turns.txt", [N1], [N2], [N1], [N2], [N1], [N2]);
        var (text, causes, _) = await Analyze(path);
        Assert.Equal(["two-announcers"], causes);
        Assert.DoesNotContain(StrictArpSentence, text);
        Assert.Contains("take turns", text);
        Assert.Contains("the announcers' logs", text);
    }

    [Fact]
    public async Task A_locally_administered_mac_among_burnt_in_ones_is_a_foreign_device()
    {
        // Two VMs answer every probe; the stranger answers half of them, never first.
        var path = Capture("foreign.txt", [VmA, VmB, Stranger], [VmA, VmB], [VmA, VmB, Stranger], [VmA, VmB]);
        var (text, causes, vip) = await Analyze(path);
        Assert.Equal(["foreign-device"], causes);
        Assert.DoesNotContain(StrictArpSentence, text);
        Assert.Contains($"{Stranger} (locally administered) is unlike the other MACs", text);
        Assert.Contains(vip.GetProperty("causes")[0].GetProperty("evidence").EnumerateArray(), e => e.GetString()!.Contains("locally administered (bit 0x02", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_announced_by_the_new_mac_is_a_failover()
    {
        var path = Capture("failover.txt", [N1], [N1], [N1], ["+" + N2, N2], [N2]);
        var (text, causes, _) = await Analyze(path);
        Assert.Equal(["failover"], causes);
        Assert.DoesNotContain(StrictArpSentence, text);
        Assert.Contains("not a fault", text);
    }

    [Fact]
    public async Task Evidence_that_fits_no_cause_says_so_instead_of_naming_kube_proxy()
    {
        // Node 1 answers every probe first; node 2 answers two of four, never first, never twice: no pattern.
        var path = Capture("none.txt", [N1, N2], [N1], [N1, N2], [N1]);
        var (text, causes, _) = await Analyze(path);
        Assert.Empty(causes);
        Assert.DoesNotContain(StrictArpSentence, text);
        Assert.Contains("No known cause fits this evidence", text);
    }

    [Fact]
    public async Task Html_shows_each_hint_with_its_evidence_and_what_confirms_it()
    {
        var path = Capture("turns.txt", [N1], [N2], [N1], [N2], [N1], [N2]);
        var (exit, html, _) = await Run("analyze", "-o", "html", path);
        Assert.Equal(1, exit);
        Assert.Contains("<div class=\"cause\" data-cause=\"two-announcers\">", html);
        Assert.Contains("<li class=\"confirm\">&#39;arpdoctor check&#39; naming more than one announcer", html);
        Assert.DoesNotContain("strictARP is the usual cause", html);
    }
}
