using System.Reflection;
using ArpDoctor.Core.Cluster;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Architecture;

/// <summary>Core decides; adapters do I/O. Core must not reach the Kubernetes client, HTTP, files or the console.</summary>
public sealed class CoreStaysPureTests
{
    [Fact]
    public void Core_references_no_adapter_or_IO_assembly()
    {
        var references = typeof(IClusterApi).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        string[] forbidden = ["KubernetesClient", "ArpDoctor.Kubernetes", "ArpDoctor.Linux", "ArpDoctor.Cli", "System.Net.Http", "System.Console", "Spectre.Console", "SharpPcap"];
        Assert.Empty(references.Intersect(forbidden));
    }

    [Fact]
    public void The_cluster_port_is_implemented_by_the_Kubernetes_adapter() =>
        Assert.True(typeof(IClusterApi).IsAssignableFrom(typeof(KubernetesCluster)));
}
