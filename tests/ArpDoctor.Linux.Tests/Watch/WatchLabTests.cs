using ArpDoctor.Core.History;
using System.Text.Json;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using ArpDoctor.Linux.Lab;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Watch;

/// <summary>
/// The lab scenarios of <c>arpdoctor watch</c>, against real kernels. Address plan (see LabPlan): client
/// 192.0.2.2, nodes 192.0.2.11-13, VIP 203.0.113.10 on every node's kube-ipvs0 (and on the speaker's eth0).
/// </summary>
public class WatchLabTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public void Speaker_mode_gives_zero_changes()
    {
        using var network = Labs.Create(nodes: 3, LabMode.Speaker, vips: 2, speakerNode: 2);
        using var lab = new WatchLab(network);
        var speaker = network.NodeMacs()[2];

        var result = Arpdoctor.RunIn(lab.Client, "watch", "203.0.113.10", "203.0.113.11", "-i", "eth0",
            "--interval", "500ms", "--wait", "300ms", "--duration", "3s", "--log", lab.LogPath);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var events = lab.Events();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal((WatchEventKind.FirstSeen, speaker), (e.Kind, e.Mac!.Value)));
        Assert.Contains("0 winner changes", result.StandardOutput);
        Assert.Contains("Verdict: healthy", result.StandardOutput);
    }

    [SkippableFact]
    public void Announced_move_is_one_failover()
    {
        Requirements.Tool("arping");
        using var network = Labs.Create(nodes: 3, LabMode.Speaker, vips: 1, speakerNode: 1);
        using var lab = new WatchLab(network);
        var macs = network.NodeMacs();
        using var watch = lab.StartWatch(lab.Vip, "-i", "eth0", "--interval", "500ms", "--wait", "300ms",
            "--duration", "8s", "--log", lab.LogPath);
        lab.WaitForEvent(WatchEventKind.FirstSeen, Generous);   // the process is up (slow to start on a loaded machine)
        Thread.Sleep(1000);

        // Frozen while the VIP moves, so no re-resolution falls between the move and the announcement
        // (MetalLB answers and announces at once; the lab needs two commands). The kernel keeps capturing.
        watch.Pause();
        network.FailOverTo(3);
        watch.Continue();

        Assert.True(watch.WaitForExit(Generous) == 0, watch.Output + watch.Error);
        var events = lab.Events();
        var change = Assert.Single(events, e => e.Kind == WatchEventKind.WinnerChanged);
        Assert.Equal(ChangeCause.Failover, change.Cause);
        Assert.Equal((macs[3], macs[1]), (change.Mac!.Value, change.PreviousMac!.Value));
        var announced = events.First(e => e.Kind == WatchEventKind.Announcement);
        Assert.Equal(macs[3], announced.Mac);
        Assert.True(announced.Time <= change.Time);
        Assert.Contains("1 failover)", watch.Output);
    }

    [SkippableFact]
    public void Ten_failovers_announced_a_moment_after_the_move_are_ten_failovers()
    {
        // Each time the VIP moves, a round sees the new node answer before its gratuitous ARP arrives (the announcement
        // comes 400 ms later; rounds are 200 ms apart). Decided on packet order these were flaps; on the evidence, failovers.
        Requirements.Tool("arping");
        using var network = Labs.Create(nodes: 2, LabMode.Speaker, vips: 1, speakerNode: 1);
        using var lab = new WatchLab(network);
        using var watch = lab.StartWatch(lab.Vip, "-i", "eth0", "--interval", "200ms", "--wait", "80ms", "--log", lab.LogPath);
        lab.WaitForEvent(WatchEventKind.FirstSeen, Generous);
        Thread.Sleep(600);
        for (int i = 0; i < 10; i++)
        {
            int to = i % 2 == 0 ? 2 : 1;
            network.MoveSilentlyTo(to);
            Thread.Sleep(400);
            network.Announce(to);
            Thread.Sleep(900);
        }
        watch.Terminate();
        Assert.Equal(130, watch.WaitForExit(Generous));
        var changes = lab.Events().Where(e => e.Kind == WatchEventKind.WinnerChanged).ToList();
        Assert.Equal(10, changes.Count);
        Assert.All(changes, c => Assert.Equal(ChangeCause.Failover, c.Cause));
        Assert.Contains("10 failovers)", watch.Output);
    }

    [SkippableFact]
    public void Turning_strictARP_on_is_a_fix_not_a_flap()
    {
        // Node 2 is the speaker (answers on eth0); node 1's kernel answers too until strictARP is on. The conflict phase
        // may flap (that is the problem); the fix itself, two responders becoming one, must not be called a flap.
        using var network = Labs.Create(nodes: 2, LabMode.Speaker, vips: 1, speakerNode: 2);
        network.SetStrictArp(1, false);
        using var lab = new WatchLab(network);
        using var watch = lab.StartWatch(lab.Vip, "-i", "eth0", "--interval", "200ms", "--wait", "80ms", "--log", lab.LogPath);
        lab.WaitForEvent(WatchEventKind.Conflict, Generous);
        Thread.Sleep(2000);
        var fixedAt = DateTimeOffset.UtcNow;
        network.SetStrictArp(1, true);
        Thread.Sleep(Core.History.ResponderHistory.FailoverWindow + TimeSpan.FromSeconds(2));
        watch.Terminate();
        Assert.Equal(130, watch.WaitForExit(Generous));
        var afterFix = lab.Events().Where(e => e.Kind == WatchEventKind.WinnerChanged && e.Time >= fixedAt - TimeSpan.FromMilliseconds(300)).ToList();
        Assert.DoesNotContain(afterFix, e => e.Cause == ChangeCause.Flap);
        Assert.All(afterFix, e => Assert.Equal(network.NodeMacs()[2], e.Mac));
        // The end of the conflict is in the log even when the speaker already won every round, so the log proves the fix.
        var end = Assert.Single(lab.Events(), e => e.Kind == WatchEventKind.OneResponder);
        Assert.Equal(network.NodeMacs()[2], end.Mac);
        Assert.True(end.Time >= fixedAt, $"{end.Time:O} is before the fix at {fixedAt:O}");
        // And analyze reads that log as conflict, then fixed: healthy now.
        var analysis = Arpdoctor.Run("analyze", lab.LogPath);
        Assert.True(analysis.ExitCode == 0, analysis.StandardOutput + analysis.StandardError);
        Assert.Contains("(fixed)", analysis.StandardOutput);
    }

    [SkippableFact]
    public void Loose_mode_reports_multiple_responders()
    {
        using var network = Labs.Create(nodes: 3, LabMode.Loose, vips: 1);
        using var lab = new WatchLab(network);

        var result = Arpdoctor.RunIn(lab.Client, "watch", lab.Vip, "-i", "eth0",
            "--interval", "200ms", "--wait", "100ms", "--duration", "2s", "--log", lab.LogPath, "-o", "json");

        Assert.Equal(1, result.ExitCode);
        var multiple = Assert.Single(lab.Events(), e => e.Kind == WatchEventKind.Conflict);
        Assert.Equal(network.NodeMacs().Values.Order(), multiple.Responders.Order());
        var summary = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]).RootElement.GetProperty("summary");
        Assert.Equal("unstable", summary.GetProperty("verdict").GetString());
        Assert.Equal(3, summary.GetProperty("responders").GetArrayLength());
    }

    [SkippableFact]
    public void Jittery_responders_flap()
    {
        using var network = Labs.Create(nodes: 2, LabMode.Strict, vips: 1);
        using var lab = new WatchLab(network);
        lab.StartResponder(1);
        lab.StartResponder(2);

        var result = Arpdoctor.RunIn(lab.Client, "watch", lab.Vip, "-i", "eth0",
            "--interval", "150ms", "--wait", "80ms", "--duration", "5s", "--log", lab.LogPath);

        Assert.Equal(1, result.ExitCode);
        var changes = lab.Events().Where(e => e.Kind == WatchEventKind.WinnerChanged).ToList();
        Assert.NotEmpty(changes);
        Assert.All(changes, c => Assert.Equal(ChangeCause.Flap, c.Cause));
        Assert.Contains(lab.Events(), e => e.Kind == WatchEventKind.Conflict);
        Assert.Contains("Verdict: unstable", result.StandardOutput);
    }

    [SkippableFact]
    public void Forced_reresolution_onto_another_node_drops_the_held_connection()
    {
        using var network = Labs.Create(nodes: 2, LabMode.Speaker, vips: 1, speakerNode: 1);
        using var lab = new WatchLab(network);
        lab.RouteVipsOnLink();
        lab.StartHelper(1, "tcp-listen", "--port", "8080");
        lab.StartHelper(2, "tcp-listen", "--port", "8080");
        using var watch = lab.StartWatch(lab.Vip, "-i", "eth0", "--interval", "300ms", "--wait", "100ms",
            "--duration", "8s", "--log", lab.LogPath, "--tcp", $"{lab.Vip}:8080");
        lab.WaitForEvent(WatchEventKind.FirstSeen, Generous);   // the process is up (slow to start on a loaded machine)
        Thread.Sleep(1000);

        // The VIP moves without an announcement; flushing the client's neighbour entry makes its next
        // packet re-resolve, as a firewall's hard ARP timeout does, and land on node 2, which has no such connection.
        network.MoveSilentlyTo(2);
        network.FlushClientNeighbours();

        Assert.True(watch.WaitForExit(Generous) == 1, watch.Output + watch.Error);
        var events = lab.Events();
        var drop = events.First(e => e.Kind == WatchEventKind.ConnectionDropped);
        var change = Assert.Single(events, e => e.Kind == WatchEventKind.WinnerChanged);
        Assert.Equal(ChangeCause.Flap, change.Cause);
        Assert.Equal(network.NodeMacs()[2], change.Mac);
        Assert.Equal("connection reset by peer", drop.Reason);
        Assert.NotNull(drop.SinceWinnerChange);
        // The reset can arrive just before the round that notices the change starts (the change is stamped
        // with its round's start): within one interval either side, they are the same event.
        Assert.InRange(drop.SinceWinnerChange!.Value, TimeSpan.FromMilliseconds(-300), TimeSpan.FromSeconds(3));
    }

    [SkippableFact]
    public void Kill_minus_9_leaves_whole_lines_and_a_restart_appends()
    {
        using var network = Labs.Create(nodes: 2, LabMode.Strict, vips: 40);
        using var lab = new WatchLab(network);
        lab.StartResponder(1, "10ms");
        lab.StartResponder(2, "10ms");
        var vips = network.Plan.Vips.Select(v => v.ToString()).ToArray();
        using (var watch = lab.StartWatch([.. vips, "-i", "eth0", "--interval", "60ms", "--wait", "30ms", "--log", lab.LogPath]))
        {
            lab.WaitForEvent(WatchEventKind.WinnerChanged, Generous);
            Thread.Sleep(2000);
            watch.KillHard();
            watch.WaitForExit(Generous);
        }
        var killed = File.ReadAllBytes(lab.LogPath);
        var first = lab.Events();   // throws on any line that is not a whole event
        Assert.True(first.Count > 100, $"only {first.Count} events before the kill");
        Assert.Equal((byte)'\n', killed[^1]);

        var again = Arpdoctor.RunIn(lab.Client, ["watch", .. vips, "-i", "eth0", "--interval", "100ms", "--wait", "30ms",
            "--duration", "1s", "--log", lab.LogPath, "--resume", "-o", "json"]);

        var after = File.ReadAllBytes(lab.LogPath);
        Assert.Equal(killed, after[..killed.Length]);
        var all = lab.Events();
        Assert.True(all.Count > first.Count);
        Assert.DoesNotContain(all.Skip(first.Count), e => e.Kind == WatchEventKind.FirstSeen); // resumed, not restarted
        var summary = JsonDocument.Parse(again.StandardOutput.Trim().Split('\n')[^1]).RootElement.GetProperty("summary");
        Assert.Equal(first.Count, summary.GetProperty("earlierEvents").GetInt32());
    }

    [SkippableFact]
    public void A_log_cut_mid_line_is_continued_on_a_new_line_without_touching_it()
    {
        using var network = Labs.Create(nodes: 1, LabMode.Speaker, vips: 1);
        using var lab = new WatchLab(network);
        const string old = "{\"time\":\"2026-01-01T00:00:00.000Z\",\"vip\":\"203.0.113.10\",\"event\":\"first-seen\",\"mac\":\"02:00:00:00:00:11\",\"previousMac\":null,\"responders\":[\"02:00:00:00:00:11\"]}\n{\"time\":\"2026-01-01T00:00:01";
        File.WriteAllText(lab.LogPath, old);

        var result = Arpdoctor.RunIn(lab.Client, "watch", lab.Vip, "-i", "eth0", "--interval", "500ms", "--wait", "300ms",
            "--duration", "1500ms", "--log", lab.LogPath);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var text = File.ReadAllText(lab.LogPath);
        Assert.StartsWith(old + "\n{", text);
        var (events, bad) = WatchLogFormat.ParseLog(text.Split('\n'));
        Assert.Equal([2], bad);
        Assert.Equal(2, events.Count);
        Assert.Equal(network.NodeMacs()[1], events[1].Mac);
    }

    [SkippableFact]
    public void A_full_disk_or_unwritable_log_is_a_clear_error()
    {
        using var network = Labs.Create(nodes: 1, LabMode.Speaker, vips: 1);
        using var lab = new WatchLab(network);

        var full = Arpdoctor.RunIn(lab.Client, "watch", lab.Vip, "-i", "eth0", "--interval", "200ms", "--wait", "100ms", "--duration", "2s", "--log", "/dev/full");
        var missing = Arpdoctor.RunIn(lab.Client, "watch", lab.Vip, "-i", "eth0", "--duration", "2s", "--log", $"/nonexistent-{Guid.NewGuid():N}/watch.log");

        Assert.Equal(3, full.ExitCode);
        Assert.Equal("arpdoctor: watch: cannot write to log /dev/full: No space left on device", full.StandardError.Trim());
        Assert.Equal(3, missing.ExitCode);
        Assert.StartsWith("arpdoctor: watch: cannot open log /nonexistent-", missing.StandardError.Trim());
        Assert.DoesNotContain("\n", missing.StandardError.Trim());
    }
}
