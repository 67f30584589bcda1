using ArpDoctor.Core.Packets;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>
/// check, locate and fix --dry-run as laid out at 60, 80, 120 and 200 columns and piped (no wrapping), compared with the
/// golden files in TestData/golden (the fake server's port and the temporary directory replaced). Cluster: kubeadm with IPVS and
/// strictARP off (Manifests.Kubeadm); nodes n1..n3 192.0.2.11..13 (02:00:00:00:00:0N), n1 and n2 answering for
/// 203.0.113.10, and so does a VM that is no node (00:50:56:ac:dc:88, VMware's in the fixture registry). To accept a deliberate change: <c>ARPDOCTOR_UPDATE_GOLDEN=1 dotnet test tests/ArpDoctor.Kubernetes.Tests
/// --filter GoldenWidthTests</c>, then read the diff.
/// </summary>
public sealed class GoldenWidthTests : IAsyncLifetime
{
    private const int Piped = 16_384;
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-golden-").FullName;

    public static TheoryData<int> Widths => new() { 60, 80, 120, 200, Piped };

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string Kubeconfig => _api.WriteKubeconfig(_dir);

    private string Stable(string text) =>
        text.Replace(_api.Url.ToString().TrimEnd('/'), "http://127.0.0.1:PORT", StringComparison.Ordinal).Replace(_dir, "DIR", StringComparison.Ordinal);

    private void AssertGolden(string verb, int width, string output)
    {
        var name = $"{verb}-{(width == Piped ? "piped" : width.ToString(System.Globalization.CultureInfo.InvariantCulture))}.txt";
        var actual = Stable(output);
        Assert.DoesNotContain("…", output);   // no header or cell cut short
        if (Environment.GetEnvironmentVariable("ARPDOCTOR_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceDir(), name), actual);
            return;
        }
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "golden", name)), actual);
        foreach (var line in output.Split('\n'))
            Assert.True(line.TrimEnd().Length <= width, $"{line.TrimEnd().Length} > {width}: '{line}'");
    }

    private static string SourceDir([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "TestData", "golden");

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Check(int width)
    {
        var r = await CliRun.RunAsync(["check", "--kubeconfig", Kubeconfig], arrange: console => console.Profile.Width = width);
        r.AssertExit(1);
        AssertGolden("check", width, r.Out);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Locate(int width)
    {
        var vip = Ipv4Address.Parse("203.0.113.10");
        var hosts = Enumerable.Range(1, 3).ToDictionary(n => new MacAddress(0x0200_0000_0000UL + (ulong)n),
            n => n <= 2 ? new[] { Ipv4Address.Parse($"192.0.2.{10 + n}"), vip } : [Ipv4Address.Parse($"192.0.2.{10 + n}")]);
        hosts[MacAddress.Parse("00:50:56:ac:dc:88")] = [vip];
        var r = await CliRun.RunAsync(["locate", "203.0.113.10", "-i", "eth0", "--wait", "1s", "--kubeconfig", Kubeconfig],
            // The segment keeps its order whatever the machine's load: n1 always answers first, so the counts do not vary run to run.
            name => (TestKit.Fakes.TimedFakeArpLink.Segment(name, MacAddress.Parse("02:00:00:00:00:fe"), TimeProvider.System, hosts, TimeSpan.FromMilliseconds(20)), null),
            console => console.Profile.Width = width);
        r.AssertExit(1);
        foreach (var (mac, _) in hosts.Where(h => h.Value.Contains(vip)))
            Assert.Contains(mac.ToString(), r.Out);   // each MAC that answers is whole, whatever the width
        AssertGolden("locate", width, r.Out);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task FixDryRun(int width)
    {
        var r = await CliRun.RunAsync(["fix", "--dry-run", "--kubeconfig", Kubeconfig, "--backup-dir", _dir], arrange: console => console.Profile.Width = width);
        r.AssertExit(1);
        AssertGolden("fix-dry-run", width, r.Out);
    }
}
