using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Doctoring;
using Xunit;

namespace ArpDoctor.Core.Tests.Doctoring;

/// <summary>The installed agents found among the cluster's Pods, as the chart and deploy/ make them.</summary>
public sealed class AgentPodsTests
{
    private static readonly Dictionary<string, string> AgentLabels = new()
    {
        ["app.kubernetes.io/name"] = "arpdoctor",
        ["app.kubernetes.io/component"] = "agent",
    };

    private static PodSnapshot Pod(string name, string node, string phase = "Running", IReadOnlyDictionary<string, string>? labels = null,
        string? owner = null, params string[] args) =>
        new("arpdoctor", name, node, labels ?? AgentLabels, new Dictionary<string, string>(), owner is null ? null : "DaemonSet", owner,
            [new ContainerSnapshot("agent", "ghcr.io/arpdoctor/arpdoctor:0.1.0", [], args, [])], [], new Dictionary<string, DateTimeOffset>(), phase);

    [Fact]
    public void Running_agents_are_found_by_label_or_owner_each_with_its_node_and_listen_port()
    {
        var (running, notRunning) = AgentPods.Of([
            Pod("a-2", "n2", args: ["agent", "--listen", ":9500"]),
            Pod("a-1", "n1", labels: new Dictionary<string, string>(), owner: "arpdoctor-agent", args: ["agent", "--listen=0.0.0.0:9465"]),
            Pod("a-3", "n3", args: ["agent"]),
            Pod("a-4", "n4", phase: "Pending", args: ["agent"]),
            Pod("speaker-x", "n1", labels: new Dictionary<string, string> { ["app"] = "metallb" }, owner: "speaker"),
        ]);
        Assert.Equal([new AgentPod("arpdoctor", "a-1", "n1", 9465), new AgentPod("arpdoctor", "a-2", "n2", 9500), new AgentPod("arpdoctor", "a-3", "n3", AgentPods.DefaultPort)], running);
        Assert.Equal(["agent pod arpdoctor/a-4 on n4 is Pending: not read"], notRunning);
    }

    [Fact]
    public void Pods_that_could_not_be_listed_find_nothing_rather_than_none()
    {
        Assert.Null(AgentPods.Of(null).Running);
        Assert.Empty(AgentPods.Of([]).Running!);
    }
}
