using System.Text.Json;
using ArpDoctor.Linux.Lab;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Scan;

/// <summary>
/// <c>arpdoctor scan</c> against real kernels. Address plan (see LabPlan): client 192.0.2.2 on the
/// bridge, nodes 192.0.2.11-13, VIPs 203.0.113.10 and up on every node's kube-ipvs0.
/// </summary>
public class ScanLabTests
{
    private static JsonElement Results(string stdout) => JsonDocument.Parse(stdout).RootElement.GetProperty("results");

    [SkippableFact]
    public void Loose_mode_every_vip_conflicts_with_every_node()
    {
        using var lab = Labs.Create(nodes: 3, LabMode.Loose, vips: 20);
        var nodeMacs = lab.NodeMacs().Values.Select(m => m.ToString()).Order().ToList();

        var result = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "scan", "203.0.113.10-203.0.113.29", "-i", "eth0", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        var results = Results(result.StandardOutput);
        Assert.Equal(20, results.GetArrayLength());
        foreach (var vip in results.EnumerateArray())
        {
            Assert.Equal("conflict", vip.GetProperty("verdict").GetString());
            var macs = vip.GetProperty("responders").EnumerateArray().Select(r => r.GetProperty("mac").GetString()!).Order().ToList();
            Assert.Equal(nodeMacs, macs);
        }
    }

    [SkippableFact]
    public void Speaker_mode_every_vip_is_healthy_on_the_speaker()
    {
        using var lab = Labs.Create(nodes: 3, LabMode.Speaker, vips: 10, speakerNode: 2);
        var speaker = lab.NodeMacs()[2].ToString();
        var file = Path.Combine(Path.GetTempPath(), $"adt-scan-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(file, ["# the lab's VIPs", "203.0.113.10-203.0.113.14", "", "203.0.113.15/32", "203.0.113.16  # one more"]);
        try
        {
            var result = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "scan", $"@{file}", "203.0.113.17", "203.0.113.18", "203.0.113.19", "-i", "eth0", "-o", "json");

            Assert.Equal(0, result.ExitCode);
            var results = Results(result.StandardOutput);
            Assert.Equal(10, results.GetArrayLength());
            Assert.All(results.EnumerateArray(), vip =>
            {
                Assert.Equal("healthy", vip.GetProperty("verdict").GetString());
                Assert.Equal(speaker, vip.GetProperty("responders")[0].GetProperty("mac").GetString());
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public void Silence_fails_unless_allowed_and_retries_reprobe_it()
    {
        using var lab = Labs.Create(nodes: 2, LabMode.Strict, vips: 3);

        var strict = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "scan", "203.0.113.10-203.0.113.12", "-i", "eth0", "--retries", "2", "--wait", "100ms", "-o", "json");
        var allowed = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "scan", "203.0.113.10-203.0.113.12", "-i", "eth0", "--allow-silent", "--wait", "100ms", "-o", "json");

        Assert.Equal(1, strict.ExitCode);
        var json = JsonDocument.Parse(strict.StandardOutput).RootElement;
        Assert.Equal(9, json.GetProperty("probesSent").GetInt32()); // 3 targets x (1 + 2 retries)
        Assert.All(Results(strict.StandardOutput).EnumerateArray(), v => Assert.Equal("no-answer", v.GetProperty("verdict").GetString()));
        Assert.Equal(0, allowed.ExitCode);
    }

    [SkippableFact]
    public void Text_output_puts_conflicts_first()
    {
        using var lab = Labs.Create(nodes: 2, LabMode.Speaker, vips: 2);
        lab.SetStrictArp(2, strict: false); // node 2's kernel now answers too: a conflict on every VIP it holds

        var result = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "scan", "203.0.113.9-203.0.113.11", "-i", "eth0", "--retries", "0", "--wait", "200ms");

        Assert.Equal(1, result.ExitCode);
        var rows = result.StandardOutput.Split('\n').Where(l => l.TrimStart().StartsWith("203.0.113.", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains("conflict", rows[0]);
        Assert.Contains("conflict", rows[1]);
        Assert.Contains("no-answer", rows[2]);
        Assert.Contains("203.0.113.9 ", rows[2]);
    }
}
