using System.Text.Json;
using ArpDoctor.Linux.Lab;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Lab;

/// <summary>
/// <c>arpdoctor probe</c> as a process in the client namespace of a real lab, where the nodes' kernels
/// answer. Address plan (LabPlan): client 192.0.2.2/24, node N 192.0.2.(10+N)/24, VIP 203.0.113.10 on
/// every node's kube-ipvs0 (and on the speaker's eth0 in speaker mode).
/// </summary>
public class ProbeInLabTests
{
    private static JsonElement ProbeJson(LabNetwork lab, out int exitCode, params string[] extra)
    {
        var result = Arpdoctor.RunIn(lab.Plan.ClientNamespace,
            ["probe", lab.FirstVip().ToString(), "-i", "eth0", "-o", "json", .. extra]);
        exitCode = result.ExitCode;
        Assert.True(result.StandardError.Length == 0, result.StandardError);
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    private static HashSet<string> Macs(JsonElement json) =>
        json.GetProperty("responders").EnumerateArray().Select(r => r.GetProperty("mac").GetString()!).ToHashSet();

    [SkippableTheory]
    [InlineData(4)]
    [InlineData(12)]
    public void Loose_mode_every_node_answers_and_it_is_a_conflict(int nodes)
    {
        using var lab = Labs.Create(nodes, LabMode.Loose);
        var json = ProbeJson(lab, out var exitCode);
        Assert.Equal(1, exitCode);
        Assert.Equal("conflict", json.GetProperty("verdict").GetString());
        Assert.Equal(lab.NodeMacs().Values.Select(m => m.ToString()).ToHashSet(), Macs(json));
        Assert.Equal(3 * nodes, json.GetProperty("replies").GetArrayLength());
        Assert.Equal(3, json.GetProperty("responders").EnumerateArray().Sum(r => r.GetProperty("wins").GetInt32()));
    }

    [SkippableFact]
    public void Speaker_mode_only_the_speaker_answers_and_it_is_healthy()
    {
        using var lab = Labs.Create(4, LabMode.Speaker, speakerNode: 3);
        var json = ProbeJson(lab, out var exitCode);
        Assert.Equal(0, exitCode);
        Assert.Equal("healthy", json.GetProperty("verdict").GetString());
        Assert.Equal([lab.NodeMacs()[3].ToString()], Macs(json));
        Assert.Equal(3, json.GetProperty("replies").GetArrayLength());
    }

    [SkippableFact]
    public void Strict_mode_nobody_answers()
    {
        using var lab = Labs.Create(4, LabMode.Strict);
        var json = ProbeJson(lab, out var exitCode);
        Assert.Equal(1, exitCode);
        Assert.Equal("no-answer", json.GetProperty("verdict").GetString());
        Assert.Equal(0, json.GetProperty("replies").GetArrayLength());
    }

    [SkippableFact]
    public void Setting_the_strictARP_sysctls_turns_a_conflict_into_one_MAC()
    {
        using var lab = Labs.Create(3, LabMode.Loose);
        Assert.Equal(3, Macs(ProbeJson(lab, out _)).Count);
        lab.SetMode(LabMode.Speaker, speakerNode: 2);
        Assert.Equal([lab.NodeMacs()[2].ToString()], Macs(ProbeJson(lab, out var exitCode)));
        Assert.Equal(0, exitCode);
    }

    [SkippableFact]
    public void Address_probes_from_0_0_0_0_are_answered_too()
    {
        using var lab = Labs.Create(2, LabMode.Loose);
        var json = ProbeJson(lab, out _, "--source", "0.0.0.0");
        Assert.Equal(2, Macs(json).Count);
    }

    [SkippableFact]
    public void Round_trips_are_positive_and_LAN_sized()
    {
        using var lab = Labs.Create(2, LabMode.Loose);
        var json = ProbeJson(lab, out _, "-c", "5");
        var rtts = json.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("rttMs").GetDouble()).ToList();
        Assert.Equal(10, rtts.Count);
        Assert.All(rtts, rtt => Assert.InRange(rtt, 0.0001, 50));
    }

    [SkippableFact]
    public void Finds_every_MAC_iputils_arping_finds()
    {
        Requirements.Tool("arping");
        using var lab = Labs.Create(4, LabMode.Loose);
        var arping = ArpDoctor.Linux.Processes.CommandRunner.Run("ip",
            ["netns", "exec", lab.Plan.ClientNamespace, "arping", "-b", "-c", "100", "-w", "2", "-I", "eth0", lab.FirstVip().ToString()]);
        // iputils arping -c counts replies, not probes: ask for more than can come and let -w end it.
        var arpingMacs = arping.StandardOutput.Split('\n')
            .Where(l => l.StartsWith("Unicast reply", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('[') + 1)..l.IndexOf(']')].ToLowerInvariant())
            .ToHashSet();
        Assert.Equal(4, arpingMacs.Count);
        Assert.Equal(arpingMacs, Macs(ProbeJson(lab, out _)));
    }

    [SkippableFact]
    public void The_arping_format_is_parseable_like_iputils_output()
    {
        using var lab = Labs.Create(3, LabMode.Loose);
        var result = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "probe", lab.FirstVip().ToString(), "-i", "eth0", "-c", "2", "-o", "arping");
        var lines = result.StandardOutput.TrimEnd().Split('\n');
        Assert.Equal($"ARPING {lab.FirstVip()} from 192.0.2.2 eth0", lines[0]);
        Assert.Equal(6, lines.Count(l => l.StartsWith($"Unicast reply from {lab.FirstVip()} [", StringComparison.Ordinal)));
        Assert.Equal("Sent 2 probes (2 broadcast(s))", lines[^2]);
        Assert.Equal("Received 6 response(s)", lines[^1]);
    }

    [SkippableFact]
    public async Task What_tcpdump_prints_of_a_probe_is_read_back_by_analyze_as_the_same_conflict()
    {
        // tcpdump's text is what people paste into tickets: analyze must see in it what the probe saw on the wire.
        Requirements.Tool("tcpdump");
        using var lab = Labs.Create(3, LabMode.Loose);
        var info = new System.Diagnostics.ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", lab.Plan.ClientNamespace, "tcpdump", "-n", "-e", "-l", "-i", "eth0", "arp" }) info.ArgumentList.Add(a);
        using var tcpdump = System.Diagnostics.Process.Start(info)!;
        var text = tcpdump.StandardOutput.ReadToEndAsync();
        var errors = tcpdump.StandardError.ReadToEndAsync();
        try
        {
            await Task.Delay(1500);   // listening
            var probe = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "probe", lab.FirstVip().ToString(), "-i", "eth0", "-c", "3", "-o", "json");
            Assert.Equal(1, probe.ExitCode);
            await Task.Delay(500);
        }
        finally
        {
            ArpDoctor.Linux.Processes.CommandRunner.Run("kill", ["-INT", tcpdump.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            tcpdump.WaitForExit(10_000);
        }
        var captured = await text;
        Assert.True(captured.Contains("is-at", StringComparison.Ordinal), captured + await errors);
        var file = Path.Combine(Path.GetTempPath(), $"arpdoctor-tcpdump-{Environment.ProcessId}.txt");
        try
        {
            File.WriteAllText(file, captured);
            var analyzed = Arpdoctor.Run("analyze", "-o", "json", file);
            Assert.Equal(1, analyzed.ExitCode);
            var vip = System.Text.Json.JsonDocument.Parse(analyzed.StandardOutput).RootElement.GetProperty("vips")[0];
            Assert.Equal("conflict", vip.GetProperty("verdict").GetString());
            Assert.Equal(3, vip.GetProperty("probesSent").GetInt32());
            Assert.Equal(3, vip.GetProperty("responders").GetArrayLength());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
