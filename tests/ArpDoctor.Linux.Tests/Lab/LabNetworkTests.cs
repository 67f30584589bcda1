using ArpDoctor.Linux.Lab;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Lab;

public class LabNetworkTests
{
    [SkippableFact]
    public void Disposing_removes_every_namespace_it_made()
    {
        string[] made;
        using (var lab = Labs.Create(3, LabMode.Loose))
        {
            made = lab.Plan.AllNamespaces.ToArray();
            Assert.Subset(LabNetwork.ListNamespaces(), made.ToHashSet());
        }
        Assert.Empty(LabNetwork.ListNamespaces().Intersect(made));
    }

    [SkippableFact]
    public void Nodes_hold_the_VIP_on_kube_ipvs0_like_kube_proxy_IPVS()
    {
        using var lab = Labs.Create(2, LabMode.Loose, vips: 3);
        var shown = CommandRunner.RunChecked("ip", "-n", lab.Plan.NodeNamespace(2), "-4", "-o", "addr", "show", "dev", "kube-ipvs0");
        foreach (var vip in lab.Plan.Vips)
            Assert.Contains($"inet {vip}/32", shown);
    }

    [SkippableFact]
    public void Strict_mode_sets_what_kube_proxy_sets_with_strictARP()
    {
        using var lab = Labs.Create(2, LabMode.Strict);
        var values = CommandRunner.RunChecked("ip", "netns", "exec", lab.Plan.NodeNamespace(1), "sysctl", "-n",
            "net.ipv4.conf.all.arp_ignore", "net.ipv4.conf.all.arp_announce");
        Assert.Equal(["1", "2"], values.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [SkippableFact]
    public void A_lab_made_elsewhere_can_be_reopened_with_its_mode()
    {
        using var lab = Labs.Create(3, LabMode.Speaker, vips: 2, speakerNode: 2);
        using var reopened = LabNetwork.Open(lab.Plan.Prefix);
        Assert.NotNull(reopened);
        Assert.Equal(3, reopened.Plan.Nodes);
        Assert.Equal(lab.Plan.Vips, reopened.Plan.Vips);
        Assert.Equal(LabMode.Speaker, reopened.Mode);
        Assert.Equal(2, reopened.SpeakerNode);
    }
}
