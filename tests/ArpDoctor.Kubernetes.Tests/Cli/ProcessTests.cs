using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>The real executable, as a script runs it: no terminal on stdin, output captured.</summary>
public sealed class ProcessTests : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-process-").FullName;

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

    private Task<CliOutcome> Run(params string[] args) => CliRun.RunProcessAsync(args, workingDirectory: _dir);

    [Theory]
    // COLUMNS, the longest line allowed
    [InlineData(null, int.MaxValue)]
    [InlineData("60", 60)]
    [InlineData("200", 200)]
    public async Task Piped_text_is_not_wrapped_unless_COLUMNS_says_so(string? columns, int longest)
    {
        var r = await CliRun.RunProcessAsync(["check", "--kubeconfig", _api.WriteKubeconfig(_dir)], _dir,
            columns is null ? null : new Dictionary<string, string?> { ["COLUMNS"] = columns });
        r.AssertExit(1);
        var lines = r.Out.Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= longest, $"{l.Length} > {longest}: {l}"));
        if (columns is null)
        {
            // A file or a pipe gets each finding's prose on one line, as kubectl's tables are.
            Assert.Contains(lines, l => l.Contains("strictARP off: every node answers ARP for every MetalLB VIP, so clients' traffic flaps between nodes", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Without_a_terminal_fix_refuses_and_writes_nothing()
    {
        var before = _api.ConfigMapData("kube-system", "kube-proxy", "config.conf");
        var r = await Run("fix", "--kubeconfig", _api.WriteKubeconfig(_dir));
        r.AssertExit(2);
        Assert.Equal("arpdoctor: fix: refusing to write without confirmation: no terminal to ask on; pass --yes to write, or --dry-run to only look\n", r.Err);
        Assert.Equal(before, _api.ConfigMapData("kube-system", "kube-proxy", "config.conf"));
        Assert.Empty(Directory.GetFiles(_dir, "*.json"));
    }

    [Fact]
    public async Task Yes_backs_up_into_the_state_directory_not_the_current_one()
    {
        // Run from a checkout, fix used to leave kube-proxy.kube-system.rv….json files in it.
        var state = Path.Combine(_dir, "state");
        var r = await CliRun.RunProcessAsync(["fix", "--yes", "--no-restart", "--kubeconfig", _api.WriteKubeconfig(_dir)], _dir,
            new Dictionary<string, string?> { ["XDG_STATE_HOME"] = state });
        r.AssertExit(0);
        Assert.Empty(Directory.GetFiles(_dir, "*.json"));
        var backups = Path.Combine(state, "arpdoctor", "backups");
        Assert.Single(Directory.GetFiles(backups, "kube-proxy.kube-system.rv*.json"));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(backups));
        Assert.Contains("strictARP: true", _api.ConfigMapData("kube-system", "kube-proxy", "config.conf"));
    }
}
