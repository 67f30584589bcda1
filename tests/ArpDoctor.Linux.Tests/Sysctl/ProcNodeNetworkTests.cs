using ArpDoctor.Core.Agent;
using ArpDoctor.Linux.Sysctl;
using Xunit;

namespace ArpDoctor.Linux.Tests.Sysctl;

/// <summary>The sysctl reads, over a copy of <c>/proc/sys/net/ipv4/conf</c> made in a temporary folder.</summary>
public sealed class ProcNodeNetworkTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("arpdoctor-conf-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Conf(string iface, string ignore, string announce)
    {
        Directory.CreateDirectory(Path.Combine(_root, iface));
        File.WriteAllText(Path.Combine(_root, iface, "arp_ignore"), ignore + "\n");
        File.WriteAllText(Path.Combine(_root, iface, "arp_announce"), announce + "\n");
    }

    [Theory]
    [InlineData("1", "2", "0", "0", 1, 2, true)]  // kube-proxy strictARP writes "all"
    [InlineData("0", "0", "1", "2", 1, 2, true)]  // set on the interface only
    [InlineData("0", "2", "1", "0", 1, 2, true)]  // one from each
    [InlineData("0", "0", "0", "0", 0, 0, false)] // kernel defaults
    public void The_effective_value_is_the_higher_of_all_and_the_interface(string allIgnore, string allAnnounce, string ethIgnore, string ethAnnounce, int ignore, int announce, bool strict)
    {
        Conf("all", allIgnore, allAnnounce);
        Conf("eth0", ethIgnore, ethAnnounce);
        var (state, error) = new ProcNodeNetwork(_root).Read("n1", "eth0");
        Assert.Null(error);
        Assert.Equal(new ArpSysctls(ignore, announce), state!.Effective);
        Assert.Equal(strict, state.StrictArp);
        Assert.Equal(("n1", "eth0"), (state.Node, state.Interface));
    }

    [Fact]
    public void A_missing_or_garbled_file_is_a_one_line_reason()
    {
        Conf("all", "0", "0");
        var (state, error) = new ProcNodeNetwork(_root).Read("n1", "nosuch0");
        Assert.Null(state);
        Assert.Contains("nosuch0", error);
        Assert.DoesNotContain('\n', error!);
        Conf("eth0", "x", "0");
        (state, error) = new ProcNodeNetwork(_root).Read("n1", "eth0");
        Assert.Null(state);
        Assert.EndsWith("'x' is not a number", error);
    }
}
