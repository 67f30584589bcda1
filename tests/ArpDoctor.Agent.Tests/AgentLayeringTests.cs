using Xunit;

namespace ArpDoctor.Agent.Tests;

/// <summary>The agent's loop depends on Core's ports only; libpcap, /proc and the API client come in from the CLI.</summary>
public sealed class AgentLayeringTests
{
    [Fact]
    public void The_agent_references_Core_and_no_adapter()
    {
        var referenced = typeof(ArpDoctor.Agent.AgentRunner).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("ArpDoctor.Core", referenced);
        Assert.DoesNotContain(referenced, n => n is "ArpDoctor.Linux" or "ArpDoctor.Kubernetes" or "ArpDoctor.Cli" or "KubernetesClient" or "SharpPcap");
    }
}
