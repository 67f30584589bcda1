using ArpDoctor.Core.KubeProxy;
using Xunit;

namespace ArpDoctor.Core.Tests.KubeProxy;

public sealed class KubeProxyFlagsTests
{
    [Theory]
    // command line, --proxy-mode, --ipvs-strict-arp
    [InlineData("/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf", null, null)]
    [InlineData("kube-proxy --proxy-mode=ipvs", "ipvs", null)]
    [InlineData("kube-proxy --proxy-mode ipvs --v=2", "ipvs", null)]
    [InlineData("kube-proxy --ipvs-strict-arp", null, true)]
    [InlineData("kube-proxy --ipvs-strict-arp=true", null, true)]
    [InlineData("kube-proxy --ipvs-strict-arp=false", null, false)]
    [InlineData("kube-proxy --proxy-mode=nftables --ipvs-strict-arp=False", "nftables", false)]
    // a shell wrapper puts the whole command line in one argument
    [InlineData("/bin/sh|-c|exec kube-proxy --proxy-mode=ipvs --ipvs-strict-arp=true", "ipvs", true)]
    public void Reads_the_flags_that_override_the_file(string commandLine, string? mode, bool? strict)
    {
        var words = commandLine.Contains('|', StringComparison.Ordinal) ? commandLine.Split('|') : commandLine.Split(' ');
        var flags = KubeProxyFlags.Parse(words);
        Assert.Equal(mode, flags.ProxyMode);
        Assert.Equal(strict, flags.StrictArp);
    }

    [Theory]
    [InlineData("", ProxyMode.Iptables)]
    [InlineData("iptables", ProxyMode.Iptables)]
    [InlineData("ipvs", ProxyMode.Ipvs)]
    // kube-proxy validates the mode case-sensitively and refuses to start with "IPVS".
    [InlineData("IPVS", ProxyMode.Other)]
    [InlineData("nftables", ProxyMode.Nftables)]
    [InlineData("userspace", ProxyMode.Other)]
    public void Empty_mode_is_iptables_on_Linux(string word, ProxyMode expected) =>
        Assert.Equal(expected, ProxyModes.FromWord(word));

    [Fact]
    public void Flags_win_over_the_file()
    {
        Assert.True(KubeProxyConfig.TryParse("mode: \"\"\nipvs:\n  strictARP: true\n", out var file, out _));
        var settings = new KubeProxySettings(file, KubeProxyFlags.Parse(["kube-proxy", "--proxy-mode=ipvs", "--ipvs-strict-arp=false"]));
        Assert.Equal(ProxyMode.Ipvs, settings.Mode);
        Assert.False(settings.StrictArp);
        Assert.True(settings.AnswersArpForEveryVip);
    }
}
