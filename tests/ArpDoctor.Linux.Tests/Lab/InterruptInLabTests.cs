using ArpDoctor.Linux.Lab;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Lab;

/// <summary>
/// Ctrl-C and SIGTERM sent as real signals to probe and scan in the client namespace of a real lab, at several
/// moments of the run (address plan: LabPlan, VIP 203.0.113.10 on every node's kube-ipvs0): exit 130, one line,
/// never an unhandled exception (they were "ObjectDisposedException", exit 134).
/// </summary>
public class InterruptInLabTests
{
    [SkippableTheory]
    [InlineData("probe", "INT", 400)]
    [InlineData("probe", "TERM", 400)]
    [InlineData("probe", "INT", 1500)]
    [InlineData("probe", "TERM", 1500)]
    [InlineData("scan", "INT", 400)]
    [InlineData("scan", "TERM", 1500)]
    public async Task A_signal_mid_run_is_exit_130_and_one_line(string verb, string signal, int afterMs)
    {
        using var lab = Labs.Create(3, LabMode.Loose);
        string[] args = verb == "probe"
            ? ["probe", lab.FirstVip().ToString(), "-i", "eth0", "-c", "100000", "--interval", "10ms"]
            : ["scan", "203.0.113.0/24", "-i", "eth0", "--rate", "20", "--retries", "50"];
        using var run = BackgroundArpdoctor.StartIn(lab.Plan.ClientNamespace, args);
        await Task.Delay(afterMs);
        run.Signal(signal);
        var exit = run.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.True(exit == 130, $"exit {exit}\n{run.Error}");
        Assert.Equal($"arpdoctor: {verb}: interrupted", run.Error.TrimEnd());
    }

    [SkippableFact]
    public async Task Ctrl_C_typed_on_a_terminal_stops_a_probe_with_exit_130()
    {
        using var lab = Labs.Create(3, LabMode.Loose);
        using var probe = BackgroundArpdoctor.StartOnTerminalIn(lab.Plan.ClientNamespace, "probe", lab.FirstVip().ToString(), "-i", "eth0", "-c", "100000", "--interval", "10ms");
        await Task.Delay(1500);
        probe.TypeCtrlC();
        var exit = probe.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.True(exit == 130, $"exit {exit}\n{probe.Output}");
        Assert.Contains("arpdoctor: probe: interrupted", probe.Output);
        Assert.DoesNotContain("Unhandled", probe.Output);
    }

    [SkippableTheory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_ends_an_open_ended_watch_with_its_summary_then_exit_130(string signal)
    {
        using var lab = Labs.Create(2, LabMode.Speaker);
        using var run = BackgroundArpdoctor.StartIn(lab.Plan.ClientNamespace, "watch", lab.FirstVip().ToString(), "-i", "eth0", "--interval", "200ms", "--wait", "100ms");
        await Task.Delay(1500);
        run.Signal(signal);
        var exit = run.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.True(exit == 130, $"exit {exit}\n{run.Error}");
        Assert.Contains("Verdict: healthy", run.Output);
        Assert.Equal("arpdoctor: watch: interrupted", run.Error.TrimEnd());
    }
}
