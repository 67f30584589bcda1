using System.Globalization;
using System.Text.Json;
using ArpDoctor.Linux.Lab;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Lab;

/// <summary>
/// What other tools (and ArpDoctor itself) write about a real lab, read back by <c>analyze</c>. Address plan (LabPlan):
/// client 192.0.2.2/24, node N 192.0.2.(10+N)/24, VIP 203.0.113.10 on every node's kube-ipvs0 (and on the speaker's eth0
/// in speaker mode); for the neighbour cache the client routes 203.0.113.0/24 on-link, as a firewall on the nodes' L2 does.
/// </summary>
public class EvidenceFormatsInLabTests
{
    private static JsonElement Analyze(string text, out int exitCode)
    {
        var file = Path.Combine(Path.GetTempPath(), $"arpdoctor-evidence-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(file, text);
            var result = Arpdoctor.Run("analyze", "-o", "json", file);
            exitCode = result.ExitCode;
            Assert.True(result.StandardError.Length == 0, result.StandardError);
            return JsonDocument.Parse(result.StandardOutput).RootElement;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static JsonElement Vip(JsonElement analysis, LabNetwork lab) =>
        analysis.GetProperty("vips").EnumerateArray().Single(v => v.GetProperty("vip").GetString() == lab.FirstVip().ToString());

    private static HashSet<string> Macs(JsonElement vip) =>
        vip.GetProperty("responders").EnumerateArray().Select(r => r.GetProperty("mac").GetString()!).ToHashSet();

    [SkippableFact]
    public void A_probes_JSON_is_read_back_as_the_same_probes()
    {
        using var lab = Labs.Create(3, LabMode.Loose);
        var probe = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "probe", lab.FirstVip().ToString(), "-i", "eth0", "-c", "4", "-o", "json");
        Assert.Equal(1, probe.ExitCode);
        var vip = Vip(Analyze(probe.StandardOutput, out var exitCode), lab);
        Assert.Equal(1, exitCode);
        Assert.Equal("conflict", vip.GetProperty("verdict").GetString());
        Assert.Equal(4, vip.GetProperty("probesSent").GetInt32());
        Assert.Equal(lab.NodeMacs().Values.Select(m => m.ToString()).ToHashSet(), Macs(vip));
    }

    [SkippableFact]
    public void Snapshots_of_the_clients_neighbour_cache_across_a_failover_are_a_move()
    {
        using var lab = Labs.Create(2, LabMode.Speaker, speakerNode: 1);
        var client = lab.Plan.ClientNamespace;
        CommandRunner.RunChecked("ip", "-n", client, "route", "add", "203.0.113.0/24", "dev", "eth0");
        var snapshots = new System.Text.StringBuilder();
        void Snapshot()
        {
            // A datagram to the VIP makes the client's kernel resolve it, as the firewall's traffic does.
            CommandRunner.RunChecked("ip", "netns", "exec", client, "bash", "-c", $"echo x > /dev/udp/{lab.FirstVip()}/9");
            Thread.Sleep(300);
            snapshots.Append(CommandRunner.RunChecked("ip", "netns", "exec", client, "date"));
            snapshots.Append(CommandRunner.RunChecked("ip", "-n", client, "neigh"));
        }
        Snapshot();
        Thread.Sleep(1100);   // past the neighbour entry's locktime, so the announcement is taken
        lab.FailOverTo(2);
        Snapshot();
        Assert.Contains(lab.NodeMacs()[2].ToString(), snapshots.ToString(), StringComparison.Ordinal);
        var vip = Vip(Analyze(snapshots.ToString(), out var exitCode), lab);
        Assert.Equal(1, exitCode);
        Assert.Equal("unstable", vip.GetProperty("verdict").GetString());
        Assert.Equal(new[] { lab.NodeMacs()[1].ToString(), lab.NodeMacs()[2].ToString() }.ToHashSet(), Macs(vip));
    }

    [SkippableFact]
    public void What_arpwatch_reports_while_three_nodes_answer_is_read_as_the_MAC_changing()
    {
        Requirements.Tool("arpwatch");
        using var lab = Labs.Create(3, LabMode.Loose);
        var data = Path.Combine(Path.GetTempPath(), $"arpdoctor-arpwatch-{Environment.ProcessId}.dat");
        File.WriteAllText(data, "");
        string report;
        try
        {
            // -d: no daemon, no mail; the changes of a known address ("reused old ethernet address") go to stderr
            // as the messages it would syslog. -n: the VIP's network is local, not a bogon.
            using var arpwatch = BackgroundArpdoctor.StartProgramIn(lab.Plan.ClientNamespace, "arpwatch",
                "-d", "-p", "-Q", "-n", "203.0.113.0/24", "-f", data, "-i", "eth0");
            Thread.Sleep(1500);   // listening
            var probe = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "probe", lab.FirstVip().ToString(), "-i", "eth0", "-c", "3");
            Assert.Equal(1, probe.ExitCode);
            Thread.Sleep(500);
            arpwatch.Terminate();
            arpwatch.WaitForExit(TimeSpan.FromSeconds(10));
            report = arpwatch.Error;
        }
        finally
        {
            File.Delete(data);
            File.Delete(data + "-");
        }
        Assert.True(report.Contains("ethernet address", StringComparison.Ordinal), report);
        var vip = Vip(Analyze(report, out var exitCode), lab);
        Assert.Equal(1, exitCode);
        Assert.Equal("unstable", vip.GetProperty("verdict").GetString());
        Assert.True(Macs(vip).IsSubsetOf(lab.NodeMacs().Values.Select(m => m.ToString())));
        Assert.True(Macs(vip).Count >= 2, string.Join(",", Macs(vip)));
    }
}
