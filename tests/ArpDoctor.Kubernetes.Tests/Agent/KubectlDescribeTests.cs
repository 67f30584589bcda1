using ArpDoctor.Core.Agent;
using ArpDoctor.Kubernetes.Tests.Fakes;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Agent;

/// <summary>
/// What an operator sees: the real kubectl (artifacts/tools, scripts/k8s-tools.sh) describing the Service against the fake
/// API, which selects Events by involvedObject.uid as a real server does. Service shop/web, VIP 203.0.113.10, nodes n1, n2.
/// </summary>
public sealed class KubectlDescribeTests : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-describe-").FullName;

    public async Task InitializeAsync() => _api = await FakeKubeApi.StartAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [SkippableFact]
    public async Task kubectl_describe_service_shows_the_agents_Warning_with_the_node_names()
    {
        var kubectl = Requirements.KubernetesTool("kubectl");
        _api.Add(Manifests.LoadBalancer("shop", "web", "203.0.113.10"));
        var kubeconfig = _api.WriteKubeconfig(_dir);
        var (cluster, error) = KubernetesAgentCluster.Connect(kubeconfig, null);
        Assert.Null(error);
        var listed = Assert.Single((await cluster!.ListServicesAsync(CancellationToken.None)).Services);
        var catalog = new ServiceCatalog();
        catalog.Replace(new ServiceListing([listed], "1"));
        var service = new ServiceRef("shop", "web");

        var warning = new VipWarning(service, Core.Packets.Ipv4Address.Parse("203.0.113.10"),
            [Core.Packets.MacAddress.Parse("02:00:00:00:01:01"), Core.Packets.MacAddress.Parse("02:00:00:00:01:02")], ["n1", "n2"],
            DateTimeOffset.UtcNow, 1, "n2", catalog.IdentityOf(service));
        await cluster.RecordWarningAsync(warning, "n1", CancellationToken.None);

        var r = CommandRunner.Run(kubectl, ["--kubeconfig", kubeconfig, "describe", "service", "web", "-n", "shop"], TimeSpan.FromSeconds(60));
        Assert.True(r.Succeeded, r.StandardError);
        var events = r.StandardOutput[r.StandardOutput.IndexOf("Events:", StringComparison.Ordinal)..];
        Assert.Contains("Warning", events);
        Assert.Contains(VipWarning.Reason, events);
        Assert.Contains("02:00:00:00:01:01 (n1), 02:00:00:00:01:02 (n2)", events);
    }
}
