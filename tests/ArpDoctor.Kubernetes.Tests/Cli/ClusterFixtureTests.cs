using System.Text.Json;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;
using Xunit.Abstractions;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>
/// check and fix against one realistic cluster per platform and announcer (TestData/clusters, each naming the upstream
/// manifests and code it was built from), served by the fake API server with the metadata a real one adds.
/// </summary>
public sealed class ClusterFixtureTests(ITestOutputHelper log) : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-fixture-").FullName;

    public async Task InitializeAsync() => _api = await FakeKubeApi.StartAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    public static TheoryData<string> All() => new(ClusterFixtures.Names());

    [Theory]
    [MemberData(nameof(All))]
    public async Task Explore(string fixture)
    {
        ClusterFixtures.Load(_api, fixture);
        var r = await CliRun.RunAsync(["check", "--kubeconfig", _api.WriteKubeconfig(_dir), "-o", "json"]);
        log.WriteLine($"exit {r.Exit}\n{r.Out}\n{r.Err}");
        Assert.True(r.Exit is 0 or 1, r.Err);
        JsonDocument.Parse(r.Out);
    }
}
