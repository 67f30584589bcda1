using ArpDoctor.Core.History;
using ArpDoctor.Core.Watching;
using ArpDoctor.Linux.Lab;
using ArpDoctor.TestKit;

namespace ArpDoctor.Linux.Tests.Watch;

/// <summary>Helpers for watch scenarios: a log file per test and the lab's background helpers.</summary>
internal sealed class WatchLab : IDisposable
{
    private readonly List<BackgroundArpdoctor> _helpers = [];

    public WatchLab(LabNetwork network)
    {
        Network = network;
        LogPath = Path.Combine(Path.GetTempPath(), $"adt-watch-{Environment.ProcessId}-{Guid.NewGuid():N}.log");
    }

    public LabNetwork Network { get; }
    public string LogPath { get; }
    public string Client => Network.Plan.ClientNamespace;
    public string Vip => Network.Plan.Vips[0].ToString();

    public IReadOnlyList<WatchEvent> Events()
    {
        var (events, bad) = WatchLogFormat.ParseLog(File.Exists(LogPath) ? File.ReadAllLines(LogPath) : []);
        if (bad.Count > 0) throw new InvalidDataException($"log lines {string.Join(",", bad)} are not events:\n{File.ReadAllText(LogPath)}");
        return events;
    }

    /// <summary>Waits until the log holds an event of <paramref name="kind"/> (the watch is up and resolving), or fails.</summary>
    public void WaitForEvent(WatchEventKind kind, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var lines = File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];
            if (WatchLogFormat.ParseLog(lines).Events.Any(e => e.Kind == kind)) return;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"no {kind.ToWord()} in the log after {timeout}: {Describe()}");
    }

    public string Describe() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log)";

    /// <summary>Starts an arpdoctor lab helper in a node and waits until it is listening.</summary>
    public void StartHelper(int node, params string[] args)
    {
        var helper = BackgroundArpdoctor.StartIn(Network.Plan.NodeNamespace(node), ["lab", .. args]);
        _helpers.Add(helper);
        if (!helper.WaitForLine("ready", TimeSpan.FromSeconds(30)))
            throw new InvalidOperationException($"lab {args[0]} in node {node} did not start: {helper.Error}");
    }

    /// <summary>Answers for the VIPs from node <paramref name="node"/>'s eth0 after 0 to <paramref name="maxDelay"/>.</summary>
    public void StartResponder(int node, string maxDelay = "20ms") =>
        StartHelper(node, ["responder", .. Network.Plan.Vips.Select(v => v.ToString()), "-i", "eth0", "--max-delay", maxDelay]);

    /// <summary>The client reaches the VIPs on-link, as a firewall on the VIPs' segment does (the lab gives it only 192.0.2.0/24).</summary>
    public void RouteVipsOnLink()
    {
        foreach (var vip in Network.Plan.Vips)
            ArpDoctor.Linux.Processes.CommandRunner.RunChecked("ip", "-n", Client, "route", "replace", $"{vip}/32", "dev", "eth0");
    }

    public BackgroundArpdoctor StartWatch(params string[] args) =>
        BackgroundArpdoctor.StartIn(Client, ["watch", .. args]);

    public void Dispose()
    {
        foreach (var helper in _helpers) helper.Dispose();
        File.Delete(LogPath);
    }
}
