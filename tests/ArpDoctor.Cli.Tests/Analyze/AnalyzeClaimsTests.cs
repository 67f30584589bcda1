using System.Text.Json;
using Xunit;
using static ArpDoctor.Cli.Tests.Analyze.AnalyzeRun;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>
/// Claims from announcers' logs in text, JSON and HTML: two MetalLB speakers announcing VIP 203.0.113.10 without a
/// withdrawal between (speaker/main.go's JSON lines, as `kubectl logs --prefix -l component=speaker` interleaves them).
/// </summary>
public sealed class AnalyzeClaimsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-claims-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TwoSpeakers()
    {
        var path = Path.Combine(_dir, "speakers.log");
        File.WriteAllLines(path,
        [
            """[pod/speaker-a1/speaker] {"caller":"main.go:420","event":"serviceAnnounced","ips":["203.0.113.10"],"level":"info","msg":"service has IP, announcing","pool":"default","protocol":"layer2","ts":"2026-11-30T12:00:00Z"}""",
            """[pod/speaker-b2/speaker] {"caller":"main.go:420","event":"serviceAnnounced","ips":["203.0.113.10"],"level":"info","msg":"service has IP, announcing","pool":"default","protocol":"layer2","ts":"2026-11-30T12:00:05Z"}""",
            """[pod/speaker-b2/speaker] {"caller":"main.go:447","event":"serviceWithdrawn","ip":["203.0.113.10"],"level":"info","msg":"withdrawing service announcement","reason":"notOwner","ts":"2026-11-30T12:00:09Z"}""",
        ]);
        return path;
    }

    [Fact]
    public async Task Two_speakers_holding_a_VIP_at_once_show_in_text_json_and_html()
    {
        var file = TwoSpeakers();
        var (exit, text, err) = await Run("analyze", file);
        Assert.Equal("", err);
        Assert.NotEqual(0, exit);
        Assert.Contains("Claims in the announcers' logs: speaker-a1 ×1 (2026-11-30 12:00:00 UTC), speaker-b2 ×1 (released ×1) (2026-11-30 12:00:05 – 2026-11-30 12:00:09 UTC).", text);
        Assert.Contains("Held by: speaker-a1 from 2026-11-30 12:00:00 UTC to the end of the evidence, then speaker-b2 from 2026-11-30 12:00:05 UTC to 2026-11-30 12:00:09 UTC.", text);
        Assert.Contains("Two nodes held 203.0.113.10 at once: speaker-a1 and speaker-b2, from 2026-11-30 12:00:05 UTC to 2026-11-30 12:00:09 UTC: two announcers (split brain)", text);
        Assert.Contains("No verdict from replies: the announcers' logs say which node took 203.0.113.10, not which MACs answer for it", text);
        Assert.DoesNotContain("No answer: nobody answered", text);

        var (_, json, _) = await Run("analyze", "-o", "json", file);
        var claims = JsonDocument.Parse(json).RootElement.GetProperty("vips")[0].GetProperty("claims");
        Assert.Equal(["speaker-a1", "speaker-b2"], claims.GetProperty("announcers").EnumerateArray().Select(a => a.GetProperty("node").GetString()));
        var overlap = Assert.Single(claims.GetProperty("overlaps").EnumerateArray());
        Assert.Equal(["speaker-a1", "speaker-b2"], overlap.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(("2026-11-30T12:00:05+00:00", "2026-11-30T12:00:09+00:00", false),
            (overlap.GetProperty("from").GetString(), overlap.GetProperty("to").GetString(), overlap.GetProperty("open").GetBoolean()));
        Assert.Equal([false, false, true], claims.GetProperty("list").EnumerateArray().Select(c => c.GetProperty("released").GetBoolean()));
        Assert.StartsWith("the announcers' logs say which node took 203.0.113.10", claims.GetProperty("settle").GetString());

        var (_, html, _) = await Run("analyze", "-o", "html", file);
        Assert.Contains("<ul class=\"claims\">", html);
        Assert.Contains("<li>Two nodes held 203.0.113.10 at once: speaker-a1 and speaker-b2,", html);
    }

    [Fact]
    public async Task A_kube_vip_election_is_a_handover_and_the_log_s_own_announcer_is_named_by_the_election_in_its_second()
    {
        // kube-vip#277 (real paste 04): kubemaster1 elected, later this pod acquires the lease and names itself kubemaster3.
        var (_, text, err) = await Run("analyze", Golden("real-pastes/04-kube-vip-two-leaders.txt"));
        Assert.Equal("", err);
        Assert.Contains("Claims in the announcers' logs: kubemaster1 ×2 (2021-09-30 06:21:56 UTC), this log's announcer ×2 (2021-09-30 13:28:30 UTC), kubemaster3 ×1 (2021-09-30 13:28:30 UTC).", text);
        Assert.Contains("Held by: kubemaster1 from 2021-09-30 06:21:56 UTC to 2021-09-30 13:28:30 UTC, then kubemaster3 from 2021-09-30 13:28:30 UTC to the end of the evidence.", text);
        Assert.DoesNotContain("at once", text);
    }

    [Fact]
    public async Task A_VIP_no_announcer_log_spoke_of_has_no_claims_in_json()
    {
        var (_, json, _) = await Run("analyze", "-o", "json", Golden("iputils-double.txt"));
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(json).RootElement.GetProperty("vips")[0].GetProperty("claims").ValueKind);
    }
}
