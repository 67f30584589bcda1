using System.Text.Json;
using ArpDoctor.Linux.Lab;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Scan;

/// <summary>
/// The fast front (src/ArpDoctor.Cli.Fast): probe and scan run in it, every other command line goes to the
/// full tool (<c>ARPDOCTOR_FULL</c>) with its arguments, streams and exit code unchanged. Both are the
/// framework-dependent builds next to the tests (<c>ARPDOCTOR_EXE</c> does not apply: the native front
/// is checked by running the other process-level tests with it).
/// </summary>
public sealed class FastFrontTests : IDisposable
{
    private const string Missing = "/nonexistent/full/arpdoctor";
    private readonly string _dir = Directory.CreateTempSubdirectory("adt-front-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--version")]
    [InlineData("analyze", "/nonexistent/capture.pcap")]
    [InlineData("--debug", "lab", "mode", "chaos")]
    [InlineData("check", "--kubeconfig", "/nonexistent/kubeconfig")]
    public void Other_verbs_are_the_full_tools_output_and_exit_code(params string[] args)
    {
        var full = Arpdoctor.WriteFullToolScript(_dir);

        var direct = CommandRunner.Run(full, args, TimeSpan.FromSeconds(60));
        var front = Arpdoctor.RunFast(null, full, args);

        Assert.Equal(direct.ExitCode, front.ExitCode);
        Assert.Equal(direct.StandardOutput, front.StandardOutput);
        Assert.Equal(direct.StandardError, front.StandardError);
    }

    [Fact]
    public void A_missing_full_tool_is_one_line_and_exit_3()
    {
        var result = Arpdoctor.RunFast(null, Missing, "check", "--kubeconfig", "x");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(
            $"arpdoctor: check: cannot start the full arpdoctor at {Missing}: No such file or directory " +
            "(this build runs only probe and scan itself; reinstall, or set ARPDOCTOR_FULL)",
            result.StandardError.TrimEnd('\n'));
        Assert.DoesNotContain('\n', result.StandardError.TrimEnd('\n'));
    }

    [Fact]
    public void Without_ARPDOCTOR_FULL_the_full_tool_is_full_arpdoctor_beside_the_front()
    {
        // The layout scripts/publish-native.sh makes; next to the test build there is no full/ folder.
        var expected = Path.Combine(Path.GetDirectoryName(Arpdoctor.FastAssemblyPath)!, "full", "arpdoctor");
        Assert.False(File.Exists(expected));

        var result = Arpdoctor.RunFast(null, null, "locate", "203.0.113.10");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith($"arpdoctor: locate: cannot start the full arpdoctor at {expected}: No such file or directory", result.StandardError);
    }

    [Theory]
    [InlineData("scan", "192.0.2.1")]
    [InlineData("probe", "192.0.2.1")]
    public void Packet_verbs_run_in_the_front_with_the_full_tools_errors(string verb, string vip)
    {
        // No full tool at all: the front answers itself, with the same one-line error as the full tool.
        var front = Arpdoctor.RunFast(null, Missing, verb, vip, "-i", "nosuch0");
        var direct = CommandRunner.Run(Arpdoctor.WriteFullToolScript(_dir), [verb, vip, "-i", "nosuch0"], TimeSpan.FromSeconds(60));

        Assert.Equal(3, front.ExitCode);
        Assert.StartsWith($"arpdoctor: {verb}: no such interface: nosuch0", front.StandardError);
        Assert.Equal(direct.StandardError, front.StandardError);
    }

    [SkippableFact]
    public void The_front_scans_the_lab_by_itself()
    {
        using var lab = Labs.Create(nodes: 3, LabMode.Loose, vips: 5);
        var nodeMacs = lab.NodeMacs().Values.Select(m => m.ToString()).Order().ToList();

        var result = Arpdoctor.RunFast(lab.Plan.ClientNamespace, Missing, "scan", "203.0.113.10-203.0.113.14", "-i", "eth0", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        var results = JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("results");
        Assert.Equal(5, results.GetArrayLength());
        foreach (var vip in results.EnumerateArray())
        {
            Assert.Equal("conflict", vip.GetProperty("verdict").GetString());
            Assert.Equal(nodeMacs, vip.GetProperty("responders").EnumerateArray().Select(r => r.GetProperty("mac").GetString()!).Order().ToList());
        }
    }
}

/// <summary>The front is small because of what it leaves out: nothing of Kubernetes, the agent or the plots.</summary>
public class FastFrontLayeringTests
{
    [Fact]
    public void Its_dependency_closure_has_no_Kubernetes_agent_or_plotting()
    {
        var deps = File.ReadAllText(Path.ChangeExtension(Arpdoctor.FastAssemblyPath, ".deps.json"));
        Assert.Contains("ArpDoctor.Cli.Packets", deps);
        foreach (var heavy in new[] { "KubernetesClient", "ArpDoctor.Kubernetes", "ArpDoctor.Agent", "ScottPlot", "SkiaSharp", "prometheus-net", "\"arpdoctor/" })
            Assert.DoesNotContain(heavy, deps);
    }
}
