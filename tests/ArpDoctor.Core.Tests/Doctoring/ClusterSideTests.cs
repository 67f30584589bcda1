using ArpDoctor.Core.Causes;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Doctoring;
using ArpDoctor.TestKit.Cluster;
using Xunit;

namespace ArpDoctor.Core.Tests.Doctoring;

/// <summary>What the cluster side of a diagnosis offers as the remedy, read from an in-memory kubeadm cluster.</summary>
public sealed class ClusterSideTests
{
    [Fact]
    public async Task StrictARP_off_offers_fix_naming_the_ConfigMap_key_and_the_DaemonSet_it_restarts()
    {
        var facts = await ClusterFacts.ReadAsync(ClusterKit.Kubeadm(ClusterKit.KubeProxyConf("ipvs", strictArp: false)), CancellationToken.None);

        var side = ClusterSide.Of(facts);

        Assert.Equal(KubeProxyArp.StrictArpOff, side.KubeProxy);
        Assert.Equal(RemedyKind.Fix, side.KubeProxyRemedy.Kind);
        Assert.Equal("arpdoctor fix", side.KubeProxyRemedy.Command);
        Assert.Equal(
            "fix's plan: set ipvs.strictARP to true in configmap kube-system/kube-proxy key config.conf (backed up first), then restart daemonset kube-system/kube-proxy so its pods read it",
            side.KubeProxyRemedy.Text);
    }
}
