using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using static ArpDoctor.Cli.Tests.Analyze.AnalyzeRun;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>
/// Text, JSON and HTML say the same verdict, taken from one function, and the exit code follows it. Address plan: VIP
/// 203.0.113.10, client 203.0.113.1, nodes 02:00:00:00:01:0N.
/// </summary>
public sealed class AnalyzeVerdictTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-verdict-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The verdict of the run and of each VIP in each format, and the exit codes (the same in all three).</summary>
    private static async Task<(int Exit, string Text, string Json, string Html)> All(string path)
    {
        var (textExit, text, textError) = await Run("analyze", path);
        var (jsonExit, json, _) = await Run("analyze", "-o", "json", path);
        var (htmlExit, html, _) = await Run("analyze", "-o", "html", path);
        Assert.Equal("", textError);
        Assert.Equal(textExit, jsonExit);
        Assert.Equal(textExit, htmlExit);
        return (textExit, text, json, html);
    }

    private static void SameVerdictEverywhere(string run, string vip, string text, string json, string html)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(run, doc.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(vip, doc.RootElement.GetProperty("vips")[0].GetProperty("verdict").GetString());
        Assert.Contains($"203.0.113.10: {vip} —", text);
        Assert.Contains($"<span id=\"verdict\" class=\"verdict {run}\">{run}</span>", html);
        Assert.Contains($"<h2>203.0.113.10: <span class=\"verdict {vip}\">{vip}</span></h2>", html);
    }

    [Fact]
    public async Task A_reply_sent_long_before_unanswered_requests_is_an_announcement_and_they_stay_unanswered()
    {
        var path = Write("unsolicited.txt",
            "10:00:00.000000 ARP, Reply 203.0.113.10 is-at 02:00:00:00:01:01, length 28\n" +
            "10:01:00.000000 ARP, Request who-has 203.0.113.10 tell 203.0.113.1, length 28\n" +
            "10:01:01.000000 ARP, Request who-has 203.0.113.10 tell 203.0.113.1, length 28\n" +
            "10:01:02.000000 ARP, Request who-has 203.0.113.10 tell 203.0.113.1, length 28\n");
        var (exit, text, json, html) = await All(path);
        Assert.Equal(1, exit);
        SameVerdictEverywhere("no-answer", "no-answer", text, json, html);
        Assert.Contains("203.0.113.10: no-answer — 0 MACs, 0 replies to 3 probes, 0 answered", text);
        Assert.Contains("Announcements (gratuitous ARP, as on failover) from: 02:00:00:00:01:01 ×1.", text);
    }

    [Fact]
    public async Task A_capture_of_only_gratuitous_arps_is_inconclusive_in_text_json_and_html_and_says_how_to_settle_it()
    {
        var path = Write("garp.txt",
            "10:00:00.000000 02:00:00:00:01:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 203.0.113.10 tell 203.0.113.10, length 28\n" +
            "10:00:01.000000 02:00:00:00:01:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 203.0.113.10 tell 203.0.113.10, length 28\n");
        var (exit, text, json, html) = await All(path);
        Assert.Equal(5, exit);
        SameVerdictEverywhere("inconclusive", "inconclusive", text, json, html);
        var flat = Regex.Replace(text, @"\s+", " ");
        Assert.Contains("Inconclusive: nobody asked for 203.0.113.10 in this evidence; 02:00:00:00:01:01 announced it.", flat);
        Assert.Contains("'arpdoctor probe 203.0.113.10 -c 10' or 'arping -c 10 203.0.113.10'", flat);
        Assert.DoesNotContain("No answer", text);
    }

    [Fact]
    public async Task One_probe_answered_by_one_mac_is_inconclusive_exit_5_not_healthy()
    {
        var path = Write("one.txt",
            "ARPING 203.0.113.10 from 203.0.113.1 eth0\n" +
            "Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.771ms\n" +
            "Sent 1 probes (1 broadcast(s))\n" +
            "Received 1 response(s)\n");
        var (exit, text, json, html) = await All(path);
        Assert.Equal(5, exit);
        SameVerdictEverywhere("inconclusive", "inconclusive", text, json, html);
        var flat = Regex.Replace(text, @"\s+", " ");
        Assert.Contains("Inconclusive: 1 probe, answered by 02:00:00:00:01:01.", flat);
        Assert.Contains("'arpdoctor probe 203.0.113.10 -c 10'", flat);
        Assert.DoesNotContain("never moves", flat);
    }

    [Fact]
    public async Task One_logged_move_is_inconclusive_and_says_a_second_move_would_tell()
    {
        var path = Write("moved.txt", "Nov 30 12:00:01 fw kernel: arp: 203.0.113.10 moved from 02:00:00:00:01:01 to 02:00:00:00:01:02 on em1\n");
        var (exit, text, json, html) = await All(path);
        Assert.Equal(5, exit);
        SameVerdictEverywhere("inconclusive", "inconclusive", text, json, html);
        var flat = Regex.Replace(text, @"\s+", " ");
        Assert.Contains("Inconclusive: 203.0.113.10 moved once, from 02:00:00:00:01:01 to 02:00:00:00:01:02.", flat);
        Assert.Contains("only a second move, or the new MAC holding the address, tells them apart", flat);
        Assert.DoesNotContain("snapshot", flat);
    }

    [Fact]
    public async Task One_neighbour_cache_snapshot_is_inconclusive_and_says_why()
    {
        var path = Write("neigh.txt", "203.0.113.10 dev eth0 lladdr 02:00:00:00:01:01 REACHABLE\n");
        var (exit, text, json, html) = await All(path);
        Assert.Equal(5, exit);
        SameVerdictEverywhere("inconclusive", "inconclusive", text, json, html);
        Assert.Contains("so one snapshot can never show a second one answering", Regex.Replace(text, @"\s+", " "));
    }

    [Fact]
    public async Task A_found_problem_outranks_an_inconclusive_vip_in_the_exit_code()
    {
        var path = Write("two.txt",
            "ARPING 203.0.113.11 from 203.0.113.1 eth0\n" +
            "Unicast reply from 203.0.113.11 [02:00:00:00:01:01]  0.771ms\n" +
            "Sent 1 probes (1 broadcast(s))\n" +
            "Received 1 response(s)\n" +
            "ARPING 203.0.113.10 from 203.0.113.1 eth0\n" +
            "Sent 3 probes (3 broadcast(s))\n" +
            "Received 0 response(s)\n");
        var (exit, text, json, html) = await All(path);
        Assert.Equal(1, exit);
        SameVerdictEverywhere("no-answer", "no-answer", text, json, html);
        Assert.Contains("203.0.113.11: inconclusive —", text);
    }

    [Fact]
    public async Task An_empty_capture_is_no_evidence_in_text_json_and_html()
    {
        var path = Path.Combine(_dir, "empty.pcap");
        await File.WriteAllBytesAsync(path, [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0]);
        var (exit, text, json, html) = await All(path);
        Assert.Equal(5, exit);
        Assert.Equal("no-evidence", JsonDocument.Parse(json).RootElement.GetProperty("verdict").GetString());
        Assert.Contains("no-evidence: nothing in this evidence asks for, answers for or announces any address", text);
        Assert.Contains("<span id=\"verdict\" class=\"verdict no-evidence\">no-evidence</span>", html);
        Assert.DoesNotContain("no-answer", text);
    }

    [Fact]
    public async Task An_arpwatch_flip_flop_is_unstable_and_the_prose_does_not_say_traffic_would_not_move()
    {
        // The flip to 01:02 and back within one second: 01:02's share of the watched time rounds to 0 %.
        var path = Write("flipflop.txt",
            "Nov 30 12:00:00 client arpwatch: new station 203.0.113.10 02:00:00:00:01:01 eth0\n" +
            "Nov 30 12:10:00 client arpwatch: flip flop 203.0.113.10 02:00:00:00:01:02 (02:00:00:00:01:01) eth0\n" +
            "Nov 30 12:10:00 client arpwatch: flip flop 203.0.113.10 02:00:00:00:01:01 (02:00:00:00:01:02) eth0\n");
        var (exit, text, json, html) = await All(path);
        Assert.Equal(1, exit);
        SameVerdictEverywhere("unstable", "unstable", text, json, html);
        var flat = Regex.Replace(text, @"\s+", " ");
        Assert.DoesNotContain("would not move", flat);
        Assert.DoesNotContain("would not move", html);
        Assert.Contains("Yet the MAC changed 2 times in this evidence: 02:00:00:00:01:02 held it only for moments", flat);
    }
}
