using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using ArpDoctor.TestKit;

namespace ArpDoctor.Kubernetes.Tests.Fakes;

/// <summary>
/// A minimal kubelet for <see cref="FakeKubeApi.Kubelet"/>: runs a created Pod's command inside the network namespace
/// of the lab node its <c>nodeName</c> names, with the capabilities its container would have (a runtime's default set
/// less <c>drop</c>, plus <c>add</c>; every one when privileged), through <c>setpriv</c>, so a Pod without NET_RAW
/// cannot open a raw socket there either. <c>arpdoctor</c> as the command is the executable under test. It refuses
/// what it cannot model: a Pod off the host network, a node it does not know.
/// </summary>
public static class LabKubelet
{
    /// <summary>containerd's and CRI-O's default capabilities (NET_RAW among them), lower case as setpriv names them.</summary>
    private static readonly string[] RuntimeDefault =
        ["chown", "dac_override", "fsetid", "fowner", "mknod", "net_raw", "setgid", "setuid", "setfcap", "setpcap", "net_bind_service", "sys_chroot", "kill", "audit_write"];

    /// <param name="nodeNamespace">The network namespace of a Node by name; <c>null</c> for a node the lab does not have.</param>
    public static Func<JsonObject, CancellationToken, Task<(int Exit, string Log)>> For(Func<string, string?> nodeNamespace) => (pod, ct) => RunAsync(pod, nodeNamespace, ct);

    /// <summary>The capability set setpriv is given: <c>-all</c> and the container's, e.g. <c>-all,+net_raw</c>.</summary>
    public static string Capabilities(JsonObject container)
    {
        var sc = container["securityContext"];
        if (sc?["privileged"]?.GetValue<bool>() == true) return "+all";
        var caps = new SortedSet<string>(RuntimeDefault, StringComparer.Ordinal);
        foreach (var d in sc?["capabilities"]?["drop"]?.AsArray() ?? [])
        {
            var name = d!.GetValue<string>().ToLowerInvariant();
            if (name == "all") caps.Clear(); else caps.Remove(name);
        }
        foreach (var a in sc?["capabilities"]?["add"]?.AsArray() ?? []) caps.Add(a!.GetValue<string>().ToLowerInvariant());
        return string.Join(",", ["-all", .. caps.Select(c => "+" + c)]);
    }

    private static async Task<(int Exit, string Log)> RunAsync(JsonObject pod, Func<string, string?> nodeNamespace, CancellationToken ct)
    {
        var spec = pod["spec"]!;
        if (spec["hostNetwork"]?.GetValue<bool>() != true) return (1, "lab kubelet: only hostNetwork Pods run here\n");
        var node = spec["nodeName"]?.GetValue<string>() ?? "";
        if (nodeNamespace(node) is not { } ns) return (1, $"lab kubelet: no node {node}\n");
        var container = spec["containers"]![0]!.AsObject();
        var command = container["command"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        if (command[0] == "arpdoctor") command = [.. Arpdoctor.CommandPrefix(), .. command.Skip(1)];
        var caps = Capabilities(container);
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "netns", "exec", ns, "setpriv", "--bounding-set", caps, "--inh-caps", caps, "--" }.Concat(command))
            start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["ARPDOCTOR_IEEE_DATA"] = IeeeFixture.Directory;
        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.Append(e.Data).Append('\n');
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        process.WaitForExit();   // the last lines of both streams
        lock (log) return (process.ExitCode, log.ToString());
    }
}
