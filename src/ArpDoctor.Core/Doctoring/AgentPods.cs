using System.Globalization;
using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.Doctoring;

/// <summary>An installed agent's Pod: where it runs and the port it serves <c>/metrics</c> on.</summary>
public sealed record AgentPod(string Namespace, string Name, string Node, int Port);

/// <summary>Finds the installed agents among the cluster's Pods, as the chart and deploy/ name them. Pure.</summary>
public static class AgentPods
{
    /// <summary>The port <c>arpdoctor agent</c> listens on without <c>--listen</c>.</summary>
    public const int DefaultPort = 9464;

    /// <summary>The name the chart and deploy/ give the agent's DaemonSet.</summary>
    public const string DaemonSetName = "arpdoctor-agent";

    /// <summary>
    /// The Running agent Pods (labelled <c>app.kubernetes.io/name=arpdoctor</c>, <c>app.kubernetes.io/component=agent</c>, or
    /// owned by a DaemonSet named <see cref="DaemonSetName"/>), each on its node, by node name; and one line for each agent
    /// Pod that is not running. <c>null</c> when the Pods could not be listed.
    /// </summary>
    public static (IReadOnlyList<AgentPod>? Running, IReadOnlyList<string> NotRunning) Of(IReadOnlyList<PodSnapshot>? pods)
    {
        if (pods is null) return (null, []);
        var agents = pods.Where(IsAgent).OrderBy(p => p.NodeName, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        var running = agents.Where(p => p.Phase == "Running" && p.NodeName.Length > 0)
            .Select(p => new AgentPod(p.Namespace, p.Name, p.NodeName, Port(p))).ToList();
        var notRunning = agents.Where(p => p.Phase != "Running" || p.NodeName.Length == 0)
            .Select(p => $"agent pod {p.Namespace}/{p.Name}{(p.NodeName.Length == 0 ? "" : $" on {p.NodeName}")} is {(p.Phase.Length == 0 ? "not running" : p.Phase)}: not read").ToList();
        return (running, notRunning);
    }

    private static bool IsAgent(PodSnapshot p) =>
        (p.Labels.GetValueOrDefault("app.kubernetes.io/name") == "arpdoctor" && p.Labels.GetValueOrDefault("app.kubernetes.io/component") == "agent")
        || (p.OwnerKind == "DaemonSet" && p.OwnerName == DaemonSetName);

    /// <summary>The port of the agent container's <c>--listen ADDR:PORT</c> (or <c>--listen=…</c>); <see cref="DefaultPort"/> without one.</summary>
    public static int Port(PodSnapshot pod)
    {
        foreach (var c in pod.Containers)
        {
            var args = c.CommandLine.ToList();
            if (!args.Contains("agent")) continue;
            for (int i = 0; i < args.Count; i++)
            {
                var value = args[i] == "--listen" && i + 1 < args.Count ? args[i + 1]
                    : args[i].StartsWith("--listen=", StringComparison.Ordinal) ? args[i]["--listen=".Length..] : null;
                int colon = value?.LastIndexOf(':') ?? -1;
                if (colon >= 0 && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
                    return port;
            }
        }
        return DefaultPort;
    }
}
