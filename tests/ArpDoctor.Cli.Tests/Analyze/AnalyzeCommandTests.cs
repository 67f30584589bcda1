using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using static ArpDoctor.Cli.Tests.Analyze.AnalyzeRun;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>Golden files come from the lab: VIP 203.0.113.10 on three nodes 02:00:00:00:01:0N, node 1 answering twice per probe.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("iputils-healthy.txt", 0, "healthy")]
    [InlineData("habets-healthy.txt", 0, "healthy")]
    [InlineData("arpscan-healthy.txt", 5, "inconclusive")]   // one arp-scan run is one probe
    [InlineData("iputils-double.txt", 1, "conflict")]
    [InlineData("iputils-loop-crlf.txt", 1, "conflict")]
    [InlineData("habets-double.txt", 1, "conflict")]
    [InlineData("arpscan-double.txt", 1, "conflict")]
    [InlineData("eth-double.pcap", 1, "conflict")]
    [InlineData("eth-double.pcapng", 1, "conflict")]
    [InlineData("any-sll2.pcap", 1, "conflict")]
    [InlineData("eth-failover.pcap", 0, "healthy since 2026-11-26 12:51:34 UTC (failover) — 2 phases")]
    [InlineData("iputils-loop-fixed.txt", 0, "healthy since 2026-11-30 12:17:43 UTC (fixed) — 2 phases")]
    [InlineData("iputils-noanswer.txt", 1, "no-answer")]
    [InlineData("watch-flap.jsonl", 1, "conflict")]
    [InlineData("arpwatch-syslog.txt", 1, "unstable")]
    public async Task Exit_code_and_verdict_follow_the_evidence(string file, int code, string verdict)
    {
        var (exit, output, error) = await Run("analyze", Golden(file));
        Assert.Equal("", error);
        Assert.Equal(code, exit);
        Assert.Contains(verdict.Contains(" — ", StringComparison.Ordinal) ? $": {verdict}\n" : $": {verdict} —", output);
    }

    [Fact]
    public async Task A_loop_log_across_the_fix_shows_its_phases_the_change_and_the_announcer_in_text_json_and_html()
    {
        var (exit, text, _) = await Run("analyze", Golden("iputils-loop-fixed.txt"));
        Assert.Equal(0, exit);
        Assert.Contains("Phase 1, 2026-11-30 12:17:08 – 12:17:19 UTC: conflict — 13 MACs, 140 replies to 10 probes, 10 answered\n", text);
        Assert.Contains("  fixed at 2026-11-30 12:17:43 UTC (probe 11): 13 MACs → 1a:09:36:66:ad:d6\n", text);
        Assert.Contains("Phase 2, 2026-11-30 12:17:43 – 12:17:54 UTC: healthy — 1 MAC, 10 replies to 10 probes, 10 answered\n", text);
        Assert.Contains("Phase 2 (now), 2026-11-30 12:17:43 – 12:17:54 UTC:\n", text);
        // The sentence wraps at the console's width.
        var announcer = string.Join(' ', text[text.IndexOf("1a:09:36:66:ad:d6 is the announcer", StringComparison.Ordinal)..].Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("1a:09:36:66:ad:d6 is the announcer, for two reasons: it answered more than once per probe while 12 other MACs answered once (phase 1)", announcer);
        Assert.Contains("and it alone answers after the fix at 2026-11-30 12:17:43 UTC (phase 2)", announcer);

        var (jsonExit, json, _) = await Run("analyze", "-o", "json", Golden("iputils-loop-fixed.txt"));
        Assert.Equal(0, jsonExit);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var vip = doc.RootElement.GetProperty("vips")[0];
        Assert.Equal("healthy", vip.GetProperty("verdict").GetString());
        Assert.Equal("evidence", vip.GetProperty("clock").GetString());
        Assert.Equal(["conflict", "healthy"], vip.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("verdict").GetString()));
        Assert.Equal(13, vip.GetProperty("phases")[0].GetProperty("responderCount").GetInt32());
        Assert.Equal("1a:09:36:66:ad:d6", vip.GetProperty("phases")[0].GetProperty("likelyAnnouncer").GetString());
        var change = Assert.Single(vip.GetProperty("changes").EnumerateArray());
        Assert.Equal("fixed", change.GetProperty("kind").GetString());
        Assert.Equal(11, change.GetProperty("atProbe").GetInt64());
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 17, 43, TimeSpan.Zero), change.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(["answers-more-than-once-per-probe", "alone-after-fix"], vip.GetProperty("announcerReasons").EnumerateArray().Select(e => e.GetString()));

        var (htmlExit, html, _) = await Run("analyze", "-o", "html", Golden("iputils-loop-fixed.txt"));
        Assert.Equal(0, htmlExit);
        Assert.Contains("<li class=\"change\">fixed at 2026-11-30 12:17:43 UTC (probe 11): 13 MACs → 1a:09:36:66:ad:d6</li>", html);
        Assert.Contains("<h3>Phase 2 (now), 2026-11-30 12:17:43 – 12:17:54 UTC <span class=\"verdict healthy\">healthy</span></h3>", html);
        Assert.Contains("class=\"announcer\"", html);
        // The plot marks the change with its name.
        Assert.Matches(@"<text[^>]*>\s*fixed\s*</text>", html);
    }

    [Theory]
    [InlineData("--since", "2026-11-30 12:17:30", 0, "203.0.113.10: healthy — 1 MAC, 10 replies to 10 probes, 10 answered")]
    [InlineData("--since", "2026-11-30T12:17:30Z", 0, "203.0.113.10: healthy — 1 MAC, 10 replies to 10 probes, 10 answered")]
    [InlineData("--until", "Mon Nov 30 12:17:30 UTC 2026", 1, "203.0.113.10: conflict — 13 MACs, 140 replies to 10 probes, 10 answered")]
    public async Task Since_and_until_keep_only_that_stretch_of_the_evidence(string option, string time, int code, string headline)
    {
        var (exit, text, error) = await Run("analyze", option, time, Golden("iputils-loop-fixed.txt"));
        Assert.Equal("", error);
        Assert.Equal(code, exit);
        Assert.Contains(headline + "\n", text);
    }

    [Theory]
    [InlineData("--since", "yesterday", "arpdoctor: analyze: --since 'yesterday': not a time")]
    [InlineData("--until", "2026-13-01 00:00:00", "arpdoctor: analyze: --until '2026-13-01 00:00:00': not a time")]
    public async Task A_time_that_is_no_time_is_exit_2_in_one_line(string option, string time, string message)
    {
        var (exit, _, error) = await Run("analyze", option, time, Golden("iputils-loop-fixed.txt"));
        Assert.Equal(2, exit);
        Assert.StartsWith(message, error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Until_before_since_is_exit_2()
    {
        var (exit, _, error) = await Run("analyze", "--since", "2026-11-30 13:00:00", "--until", "2026-11-30 12:00:00", Golden("iputils-loop-fixed.txt"));
        Assert.Equal(2, exit);
        Assert.Equal("arpdoctor: analyze: --until is before --since\n", error);
    }

    [Fact]
    public async Task A_window_over_evidence_without_a_clock_says_what_it_left_out()
    {
        var path = Path.Combine(_dir, "no-stamps.txt");
        File.WriteAllLines(path, File.ReadAllLines(Golden("iputils-loop-fixed.txt")).Where(l => !l.Contains(" UTC 2026", StringComparison.Ordinal)));
        var (exit, text, _) = await Run("analyze", "--since", "2026-11-30 12:00:00", path);
        Assert.Equal(5, exit);   // nothing left to judge: cannot tell
        Assert.Contains("20 probes and announcements without a clock left out", text.Replace("\n", " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Files_of_one_incident_are_read_in_time_order_whatever_the_order_given()
    {
        var lines = File.ReadAllLines(Golden("iputils-loop-fixed.txt"));
        int split = Array.FindIndex(lines, l => l.StartsWith("=== run 3", StringComparison.Ordinal));
        var before = Path.Combine(_dir, "before.txt");
        var after = Path.Combine(_dir, "after.txt");
        File.WriteAllLines(before, lines[..split]);
        File.WriteAllLines(after, lines[split..]);
        var (exit, text, _) = await Run("analyze", after, before);
        Assert.Equal(0, exit);
        Assert.True(text.IndexOf("before.txt: iputils-arping", StringComparison.Ordinal) < text.IndexOf("after.txt: iputils-arping", StringComparison.Ordinal));
        Assert.Contains("  fixed at 2026-11-30 12:17:43 UTC (probe 11): 13 MACs → 1a:09:36:66:ad:d6\n", text);
        Assert.DoesNotContain("warning", text);
    }

    /// <summary>
    /// The loop log across the fix, moved to the evening: the conflict at 23:00 (newest, arping.log), a healthy run at
    /// 21:00 before it (arping.log.1). <c>cat arping.log arping.log.1</c> puts the conflict first in the file.
    /// </summary>
    private (string Newest, string Oldest, string Cat) RotatedLogs()
    {
        var lines = File.ReadAllLines(Golden("iputils-loop-fixed.txt"));
        int split = Array.FindIndex(lines, l => l.StartsWith("=== run 3", StringComparison.Ordinal));
        var newest = Path.Combine(_dir, "arping.log");
        var oldest = Path.Combine(_dir, "arping.log.1");
        var cat = Path.Combine(_dir, "cat.log");
        File.WriteAllLines(newest, lines[..split].Select(l => l.Replace("Nov 30 12:17:", "Nov 30 23:00:", StringComparison.Ordinal)));
        File.WriteAllLines(oldest, lines[split..].Select(l => l.Replace("Nov 30 12:17:", "Nov 30 21:00:", StringComparison.Ordinal)));
        File.WriteAllText(cat, File.ReadAllText(newest) + File.ReadAllText(oldest));
        return (newest, oldest, cat);
    }

    [Fact]
    public async Task A_file_whose_clock_goes_back_gives_the_verdict_and_phases_its_parts_give_as_two_files()
    {
        var (newest, oldest, cat) = RotatedLogs();
        var (twoExit, two, _) = await Run("analyze", newest, oldest);
        var (catExit, one, error) = await Run("analyze", cat);
        Assert.Equal("", error);
        // Healthy until 23:00, then the conflict: never "fixed at 21:00", never exit 0.
        Assert.Equal((1, 1), (twoExit, catExit));
        Assert.Contains("203.0.113.10: conflict since 2026-11-30 23:00:", two);
        Assert.Equal(Phases(two), Phases(one));
        Assert.NotEmpty(Phases(two));
        Assert.Matches($"warning: {Regex.Escape(cat)}: line [0-9]+: the clock goes back from 23:00:[0-9]{{2}} to 21:00:[0-9]{{2}} UTC; read from here as a separate run\n", one);
        // Piped in, it is copied as it is read and read again from the copy: the same verdict and phases.
        var (pipedExit, piped, _) = await Run(File.ReadAllBytes(cat), "analyze", "-");
        Assert.Equal(1, pipedExit);
        Assert.Equal(Phases(two), Phases(piped));
        Assert.Matches("warning: standard input: line [0-9]+: the clock goes back from 23:00:[0-9]{2} to 21:00:[0-9]{2} UTC; read from here as a separate run\n", piped);
        var (_, json, _) = await Run("analyze", "-o", "json", cat);
        using var doc = JsonDocument.Parse(json);
        var vip = doc.RootElement.GetProperty("vips")[0];
        Assert.Equal("conflict", vip.GetProperty("verdict").GetString());
        var froms = vip.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("from").GetDateTimeOffset()).ToList();
        Assert.Equal(froms.Order(), froms);
    }

    private static List<string> Phases(string text) =>
        [.. text.Split('\n').Where(l => l.StartsWith("Phase ", StringComparison.Ordinal) || l.StartsWith("  broke", StringComparison.Ordinal) || l.Contains(": conflict since", StringComparison.Ordinal))];

    [Fact]
    public async Task Files_that_overlap_in_time_are_read_one_after_the_other_and_say_so()
    {
        var copy = Path.Combine(_dir, "copy.txt");
        File.Copy(Golden("iputils-loop-fixed.txt"), copy);
        var (_, text, _) = await Run("analyze", Golden("iputils-loop-fixed.txt"), copy);
        Assert.Contains("starts at 2026-11-30 12:17:08 UTC, before the evidence read before it ends", text.Replace("\n", " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Syslog_stamps_without_a_year_take_the_year_of_the_files_modification_time()
    {
        var path = Path.Combine(_dir, "arpwatch.log");
        File.Copy(Golden("arpwatch-syslog.txt"), path);
        File.SetLastWriteTimeUtc(path, new DateTime(2027, 1, 5, 0, 0, 0, DateTimeKind.Utc));
        var (_, json, _) = await Run("analyze", "-o", "json", "--vip", "203.0.113.10", path);
        using var doc = JsonDocument.Parse(json);
        // The log's lines say "Nov 30": written in January 2027, they are from November 2026.
        var first = doc.RootElement.GetProperty("vips")[0].GetProperty("responders").EnumerateArray().Min(r => r.GetProperty("firstSeen").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 13, 12, TimeSpan.Zero), first);
    }

    [Fact]
    public async Task Evidence_without_a_clock_says_its_phases_are_in_the_order_of_the_evidence()
    {
        var path = Path.Combine(_dir, "no-stamps.txt");
        File.WriteAllLines(path, File.ReadAllLines(Golden("iputils-loop-fixed.txt")).Where(l => !l.Contains(" UTC 2026", StringComparison.Ordinal)));
        var (exit, text, _) = await Run("analyze", path);
        Assert.Equal(0, exit);
        Assert.Contains("203.0.113.10: healthy since probe 11 (fixed) — 2 phases, in the order of the evidence (it has no clock)\n", text);
        Assert.Contains("Phase 1, probes 1–10: conflict", text);
        Assert.Contains("  fixed at probe 11: 13 MACs → 1a:09:36:66:ad:d6\n", text);
    }

    [Theory]
    // Inputs from a fuzz run that crashed analyze ("unexpected error", exit 3): real evidence with one field mutated.
    [InlineData("watch-flap.jsonl", "\"sinceWinnerChangeSeconds\":0.4", "\"sinceWinnerChangeSeconds\":1e300", 2)]
    [InlineData("watch-flap.jsonl", "\"time\":\"2026-11-26T09:14:31.900Z\"", "\"time\":\"9999-12-31T23:59:59.999Z\"", 2)]
    [InlineData("iputils-loop.txt", "Thu Nov 26 12:51:12 UTC 2026", "Fri Dec 31 23:59:59 UTC 9999", 1)]
    public async Task Mutated_evidence_is_bad_input_or_a_verdict_never_a_crash(string golden, string from, string to, int code)
    {
        var text = await File.ReadAllTextAsync(Golden(golden));
        Assert.Contains(from, text);
        var path = Path.Combine(_dir, "mutated-" + golden);
        await File.WriteAllTextAsync(path, text.Replace(from, to, StringComparison.Ordinal));
        var (exit, _, error) = await Run("analyze", path);
        Assert.Equal(code, exit);
        Assert.DoesNotContain("unexpected error", error);
    }

    [Fact]
    public async Task Arping_without_b_counts_every_unicast_probe_as_answered()
    {
        // Real iputils arping output from the lab (3 nodes answering, no -b): the broadcast probe is answered by three
        // MACs, then arping goes unicast to the first and each probe gets one reply. It was read as 2 answered of 4.
        var (exit, output, error) = await Run("analyze", Golden("iputils-unicast.txt"));
        Assert.Equal("", error);
        Assert.Equal(1, exit);
        Assert.Contains("conflict — 3 MACs, 6 replies to 4 probes, 4 answered", output);
        Assert.Contains("only 1 of 4 probes were broadcast", output);
    }

    [Fact]
    public async Task A_capture_without_a_single_ARP_is_no_evidence_not_no_answer()
    {
        // A pcap with its file header only (tcpdump -w stopped before any frame): nothing was asked, so nothing is proven.
        var header = new byte[] { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0 };
        var path = Path.Combine(_dir, "empty.pcap");
        await File.WriteAllBytesAsync(path, header);
        var (exit, output, error) = await Run("analyze", path, "-o", "json");
        Assert.Equal("", error);
        Assert.Equal(5, exit);   // cannot tell: nothing was asked
        Assert.Equal("no-evidence", JsonDocument.Parse(output).RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_watch_log_with_a_line_cut_by_a_killed_run_is_read_as_watch_resume_reads_it()
    {
        var lines = (await File.ReadAllTextAsync(Golden("watch-flap.jsonl"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // kill -9 mid-write: the third event is cut; the next run starts on a new line.
        lines[2] = lines[2][..(lines[2].Length / 2)];
        var path = Path.Combine(_dir, "cut.jsonl");
        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n");
        var (exit, output, error) = await Run("analyze", path);
        Assert.Equal("", error);
        Assert.Equal(1, exit);
        Assert.Contains("line 3: cut mid-line (a watch run ended while writing it); skipped", output);
    }

    [Fact]
    public async Task Text_names_the_likely_announcer_and_the_kernels()
    {
        var (_, output, _) = await Run("analyze", Golden("iputils-double.txt"));
        Assert.Contains("02:00:00:00:01:01 is likely the real announcer", output);
        Assert.Contains("kube-ipvs0", output);
        Assert.Contains("strictARP", output);
    }

    [Fact]
    public async Task Json_carries_the_per_vip_figures_with_lowercase_macs()
    {
        var (exit, output, _) = await Run("analyze", "-o", "json", "--firewall-timeout", "1m", Golden("watch-flap.jsonl"));
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("conflict", root.GetProperty("verdict").GetString());
        Assert.Equal("watch-log", root.GetProperty("inputs")[0].GetProperty("kind").GetString());
        var vip = root.GetProperty("vips").EnumerateArray().Single(v => v.GetProperty("vip").GetString() == "203.0.113.10");
        Assert.Equal(2, vip.GetProperty("winnerChanges").GetInt32());
        Assert.Equal("time", vip.GetProperty("shareBasis").GetString());
        Assert.Equal(60, vip.GetProperty("firewallTimeoutSeconds").GetDouble());
        double chance = vip.GetProperty("chanceNextDiffers").GetDouble();
        Assert.Equal(60 / chance, vip.GetProperty("expectedSecondsToMove").GetDouble(), 0);
        Assert.All(vip.GetProperty("responders").EnumerateArray(),
            r => Assert.Matches(new Regex("^([0-9a-f]{2}:){5}[0-9a-f]{2}$"), r.GetProperty("mac").GetString()));
    }

    [Fact]
    public async Task Json_says_null_when_traffic_never_moves()
    {
        var (exit, output, _) = await Run("analyze", "-o", "json", Golden("iputils-healthy.txt"));
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var vip = doc.RootElement.GetProperty("vips")[0];
        Assert.Equal(JsonValueKind.Null, vip.GetProperty("expectedSecondsToMove").ValueKind);
        Assert.Equal(0, vip.GetProperty("chanceNextDiffers").GetDouble());
        var winners = vip.GetProperty("winners")[0];
        Assert.Equal(("02:00:00:00:01:01", 1, 4), (winners.GetProperty("mac").GetString(), winners.GetProperty("fromProbe").GetInt32(), winners.GetProperty("probes").GetInt32()));
    }

    [Fact]
    public async Task Json_names_the_likely_announcer()
    {
        var (_, output, _) = await Run("analyze", "-o", "json", Golden("eth-double.pcap"));
        using var doc = JsonDocument.Parse(output);
        var vip = doc.RootElement.GetProperty("vips")[0];
        Assert.Equal("02:00:00:00:01:01", vip.GetProperty("likelyAnnouncer").GetString());
        Assert.Equal(15, doc.RootElement.GetProperty("inputs")[0].GetProperty("frames").GetInt32());
    }

    [Fact]
    public async Task Several_files_are_one_analysis_and_one_bad_vip_makes_the_exit_code()
    {
        var (exit, output, _) = await Run("analyze", Golden("iputils-healthy.txt"), Golden("arpscan-localnet.txt"));
        Assert.Equal(1, exit);
        // One arp-scan run is one probe per address: 203.0.113.12's one answer is inconclusive, and the conflict beside it wins.
        Assert.Contains("203.0.113.12: inconclusive", output);
        var (onlyInconclusive, _, _) = await Run("analyze", "--vip", "203.0.113.12", Golden("arpscan-localnet.txt"));
        Assert.Equal(5, onlyInconclusive);
    }

    /// <summary>ping output, which analyze does not read: line 3 is where it could tell.</summary>
    private string Ping()
    {
        var path = Path.Combine(_dir, "ping.txt");
        File.WriteAllText(path, "\n=====\nPING 203.0.113.10 (203.0.113.10) 56(84) bytes of data.\n");
        return path;
    }

    /// <summary>iputils-healthy.txt for 203.0.113.20: one MAC answers.</summary>
    private string HealthyElsewhere()
    {
        var path = Path.Combine(_dir, "healthy-20.txt");
        File.WriteAllText(path, File.ReadAllText(Golden("iputils-healthy.txt")).Replace("203.0.113.10", "203.0.113.20", StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public async Task One_unrecognised_file_among_three_is_named_and_the_other_verdicts_are_shown()
    {
        var (ping, healthy) = (Ping(), HealthyElsewhere());
        var (exit, output, error) = await Run("analyze", Golden("iputils-double.txt"), ping, healthy);
        // A conflict found outranks a file not read.
        Assert.Equal(1, exit);
        Assert.Contains("203.0.113.10: conflict —", output);
        Assert.Contains("203.0.113.20: healthy —", output);
        Assert.Equal($"arpdoctor: analyze: {ping}: line 3: 'PING 203.0.113.10 (203.0.113.10) 56(84) bytes of data.': not recognised as", error[..(error.IndexOf(" as ", StringComparison.Ordinal) + 3)]);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_file_not_read_beside_healthy_evidence_is_exit_2_never_0()
    {
        var (ping, healthy) = (Ping(), HealthyElsewhere());
        var missing = Path.Combine(_dir, "missing.txt");
        var (exit, output, error) = await Run("analyze", ping, healthy, missing);
        Assert.Equal(2, exit);
        Assert.Contains("203.0.113.20: healthy —", output);
        Assert.Equal([$"arpdoctor: analyze: {ping}: line 3", $"arpdoctor: analyze: {missing}: no such file"],
            error.TrimEnd('\n').Split('\n').Select(l => l.StartsWith($"arpdoctor: analyze: {ping}", StringComparison.Ordinal) ? l[..l.IndexOf(": 'PING", StringComparison.Ordinal)] : l));
        var (jsonExit, json, _) = await Run("analyze", "-o", "json", ping, healthy, missing);
        Assert.Equal(2, jsonExit);
        using var doc = JsonDocument.Parse(json);
        var unread = doc.RootElement.GetProperty("unread").EnumerateArray().Select(u => (u.GetProperty("file").GetString(), u.GetProperty("reason").GetString()![..7])).ToList();
        Assert.Equal([(ping, "line 3:"), (missing, "no such")], unread);
        Assert.Equal("healthy", doc.RootElement.GetProperty("verdict").GetString());
        var (_, html, _) = await Run("analyze", "-o", "html", ping, healthy);
        Assert.Contains($"<p class=\"warning\">not read: {ping}: line 3: ", html);
    }

    [Fact]
    public async Task Every_file_unreadable_is_exit_2_with_one_line_each_and_no_report()
    {
        var ping = Ping();
        var missing = Path.Combine(_dir, "missing.txt");
        var (exit, output, error) = await Run("analyze", ping, missing);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal(2, error.TrimEnd('\n').Split('\n').Length);
    }

    [Theory]
    [InlineData(0, true, 0)]
    [InlineData(0, false, 1)]
    [InlineData(1, true, 2)]
    [InlineData(3, false, 1)]
    public void The_exit_code_is_the_worst_a_problem_then_a_file_not_read(int unread, bool healthy, int code) =>
        Assert.Equal(code, global::ArpDoctor.Cli.Analyze.AnalyzeCommand.ExitCode(healthy, unread));

    [Fact]
    public async Task Warnings_name_their_file_in_text_json_and_html_and_standard_input_as_such()
    {
        var path = Path.Combine(_dir, "unicast.txt");
        File.Copy(Golden("iputils-unicast.txt"), path);
        const string Warning = ": line 9: only 1 of 4 probes were broadcast";
        var (_, text, _) = await Run("analyze", path);
        Assert.Contains($"warning: {path}{Warning}", text);
        var (_, json, _) = await Run("analyze", "-o", "json", path);
        using (var doc = JsonDocument.Parse(json))
            Assert.Contains(doc.RootElement.GetProperty("vips")[0].GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith(path + Warning, StringComparison.Ordinal));
        var (_, html, _) = await Run("analyze", "-o", "html", path);
        Assert.Contains($"warning: {path}{Warning}", html);
        var (_, piped, _) = await Run(File.ReadAllBytes(path), "analyze", "-");
        Assert.Contains($"warning: standard input{Warning}", piped);
    }

    [Fact]
    public async Task Standard_input_takes_text_and_captures()
    {
        var (textExit, textOut, _) = await Run(File.ReadAllBytes(Golden("iputils-double.txt")), "analyze", "-");
        Assert.Equal(1, textExit);
        Assert.Contains("-: iputils-arping", textOut);
        var (capExit, capOut, err) = await Run(File.ReadAllBytes(Golden("any-sll1.pcap")), "analyze", "-");
        Assert.Equal("", err);
        Assert.Equal(1, capExit);
        Assert.Contains("-: pcap, 15 frames", capOut);
    }

    [Fact]
    public async Task Unrecognised_input_is_exit_2_naming_the_file_and_line()
    {
        var path = Path.Combine(_dir, "ping.txt");
        File.WriteAllText(path, "\n=====\nPING 203.0.113.10 (203.0.113.10) 56(84) bytes of data.\n");
        var (exit, output, error) = await Run("analyze", path);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"arpdoctor: analyze: {path}: line 3: 'PING 203.0.113.10", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_capture_through_a_named_pipe_is_read()
    {
        var fifo = Path.Combine(_dir, "capture.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var writer = Task.Run(() => File.WriteAllBytes(fifo, File.ReadAllBytes(Golden("eth-double.pcap"))));
        var (exit, output, error) = await Run("analyze", fifo);
        await writer;
        Assert.Equal("", error);
        Assert.Equal(1, exit);
        Assert.Contains("pcap, 15 frames", output);
    }

    [Fact]
    public async Task Ctrl_c_before_the_end_is_exit_130()
    {
        var console = new Spectre.Console.Testing.TestConsole();
        var error = new StringWriter();
        var cli = new ArpDoctor.Cli.Hosting.CliContext(console, error, _ => (null, null), TimeProvider.System);
        var code = await CliApp.RunAsync(["analyze", Golden("eth-double.pcap")], cli, new CancellationToken(canceled: true));
        Assert.Equal(130, code);
        Assert.Equal("arpdoctor: analyze: interrupted", error.ToString().Trim());
    }

    [Fact]
    public async Task Utf16_text_from_windows_is_read()
    {
        var path = Path.Combine(_dir, "arping-utf16.txt");
        File.WriteAllText(path, File.ReadAllText(Golden("iputils-loop-crlf.txt")), new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        var (exit, output, error) = await Run("analyze", path);
        Assert.Equal("", error);
        Assert.Equal(1, exit);
        Assert.Contains("203.0.113.10: conflict — 3 MACs, 36 replies to 9 probes", output);
    }

    [Theory]
    [InlineData("missing.txt", "no such file")]
    [InlineData("folder", "is a directory")]
    [InlineData("binary.bin", "binary data")]
    [InlineData("empty.txt", "empty input")]
    [InlineData("bad.pcap", "damaged at byte 0: the file ends inside the pcap file header")]
    public async Task Unreadable_input_is_exit_2_with_one_line(string name, string why)
    {
        var path = Path.Combine(_dir, name);
        if (name == "folder") Directory.CreateDirectory(path);
        if (name == "binary.bin") File.WriteAllBytes(path, [0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2]);
        if (name == "empty.txt") File.WriteAllText(path, "");
        if (name == "bad.pcap") File.WriteAllBytes(path, [0xD4, 0xC3, 0xB2, 0xA1, 1, 2]);
        var (exit, _, error) = await Run("analyze", path);
        Assert.Equal(2, exit);
        Assert.StartsWith($"arpdoctor: analyze: {path}: ", error);
        Assert.Contains(why, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("--vip", "2001:db8::1", "IPv6")]
    [InlineData("--firewall-timeout", "soon", "not a duration")]
    [InlineData("--firewall-timeout", "0s", "is not a duration from 1ms to 49d")]
    [InlineData("--plot", "timeline.jpg", ".png or .svg")]
    public async Task Bad_options_are_usage_errors(string option, string value, string why)
    {
        var (exit, _, error) = await Run("analyze", option, value, Golden("iputils-double.txt"));
        Assert.Equal(2, exit);
        Assert.Contains(why, error);
    }

    [Fact]
    public async Task Plot_writes_png_and_svg()
    {
        var png = Path.Combine(_dir, "t.png");
        var svg = Path.Combine(_dir, "t.svg");
        Assert.Equal(0, (await Run("analyze", "--plot", png, Golden("eth-failover.pcap"))).Code);
        Assert.Equal(0, (await Run("analyze", "--plot", svg, Golden("eth-failover.pcap"))).Code);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
        var text = File.ReadAllText(svg);
        Assert.Contains("<svg", text);
        Assert.Contains("02:00:00:00:01:02", text);
    }

    [Fact]
    public async Task Html_is_one_self_contained_page()
    {
        var (exit, html, _) = await Run("analyze", "-o", "html", Golden("iputils-double.txt"));
        Assert.Equal(1, exit);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<span id=\"verdict\" class=\"verdict conflict\">conflict</span>", html);
        Assert.Contains("<svg", html);
        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*\"(https?:|//)"), html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<script src", html);
    }
}
