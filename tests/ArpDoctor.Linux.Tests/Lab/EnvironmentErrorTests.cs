using ArpDoctor.Linux.Lab;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Lab;

/// <summary>Environment problems are exit 3 with one line naming the cause and the remedy.</summary>
public class EnvironmentErrorTests
{
    [SkippableFact]
    public void An_interface_that_is_down_is_exit_3_with_the_command_to_bring_it_up()
    {
        using var lab = Labs.Create(1, LabMode.Loose);
        CommandRunner.RunChecked("ip", "-n", lab.Plan.ClientNamespace, "link", "set", "eth0", "down");
        var result = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "probe", lab.FirstVip().ToString(), "-i", "eth0");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("arpdoctor: probe: interface eth0 is down; bring it up with 'ip link set eth0 up'", result.StandardError.Trim());
    }

    [SkippableFact]
    public void An_interface_without_carrier_is_exit_3_not_a_silent_VIP()
    {
        // The client's eth0 stays up while its veth peer (bridge port p0) goes down: no frame leaves it. Probing there
        // used to end in "no-answer", exit 1, as if the VIP were missing.
        using var lab = Labs.Create(1, LabMode.Loose);
        CommandRunner.RunChecked("ip", "-n", lab.Plan.BridgeNamespace, "link", "set", "p0", "down");
        var result = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "probe", lab.FirstVip().ToString(), "-i", "eth0");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("arpdoctor: probe: interface eth0 is up but has no carrier (no cable, or its veth peer is down), so no frame reaches the segment",
            result.StandardError.Trim());
    }

    [SkippableFact]
    public void An_unknown_interface_is_exit_3_and_lists_the_ones_there_are()
    {
        using var lab = Labs.Create(1, LabMode.Loose);
        var result = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "probe", lab.FirstVip().ToString(), "-i", "eth9");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("arpdoctor: probe: no such interface: eth9 (interfaces here: eth0, lo); pick one with -i", result.StandardError.Trim());
    }

    [SkippableFact]
    public void The_loopback_interface_is_refused_for_having_no_Ethernet_address()
    {
        using var lab = Labs.Create(1, LabMode.Loose);
        var result = Arpdoctor.RunIn(lab.Plan.ClientNamespace, "probe", lab.FirstVip().ToString(), "-i", "lo");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("has no Ethernet address", result.StandardError);
    }

    [SkippableFact]
    public void Without_capture_permission_it_is_exit_3_and_says_how_to_grant_it()
    {
        Requirements.Tool("setpriv");
        using var lab = Labs.Create(1, LabMode.Loose);
        // The same binary as an unprivileged user with no capabilities, inside the lab's client namespace.
        var result = CommandRunner.Run("ip",
        [
            "netns", "exec", lab.Plan.ClientNamespace,
            "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
            "env", "DOTNET_CLI_HOME=/tmp", "HOME=/tmp",
            Arpdoctor.DotnetHost, Arpdoctor.AssemblyPath, "probe", lab.FirstVip().ToString(), "-i", "eth0",
        ]);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal(
            "arpdoctor: probe: no permission to capture on eth0; run as root or 'setcap cap_net_raw+ep' the binary",
            result.StandardError.Trim());
    }

    [SkippableFact]
    public void Without_libpcap_it_is_exit_3_and_says_which_package_to_install()
    {
        Requirements.Tool("unshare");
        using var lab = Labs.Create(1, LabMode.Loose);
        // Hide the library in a private mount namespace only: bind /dev/null over it, then run the CLI there.
        var library = CommandRunner.RunChecked("ldconfig", "-p").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("libpcap.so.0.8 ", StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf("=> ", StringComparison.Ordinal) + 3)..])
            .First();
        var command = $"mount --bind /dev/null {library} && exec {Arpdoctor.DotnetHost} {Arpdoctor.AssemblyPath} probe {lab.FirstVip()} -i eth0";
        var result = CommandRunner.Run("ip", ["netns", "exec", lab.Plan.ClientNamespace, "unshare", "-m", "sh", "-c", command]);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal(
            "arpdoctor: probe: libpcap is not installed; install it with 'apt-get install libpcap0.8' (Debian/Ubuntu)",
            result.StandardError.Trim());
    }
}
