using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>How the client finds its cluster: --kubeconfig, KUBECONFIG (a path list), contexts.</summary>
public sealed class ClusterConnectionTests : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-conn-").FullName;

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        _api.Add(Manifests.KubeProxyConfigMap(Manifests.TestData("kube-proxy/kubeadm-ipvs.conf")));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task KUBECONFIG_uses_the_first_file_of_the_list_that_exists()
    {
        var kubeconfig = _api.WriteKubeconfig(_dir);
        var (api, error) = ClusterConnection.Connect(null, null, $"{Path.Combine(_dir, "missing")}{Path.PathSeparator}{kubeconfig}");
        Assert.Null(error);
        Assert.Equal(_api.Url.ToString().TrimEnd('/'), api!.Server.TrimEnd('/'));
        var cm = await api.GetConfigMapAsync("kube-system", "kube-proxy", CancellationToken.None);
        Assert.NotNull(cm);
        Assert.False(string.IsNullOrEmpty(cm.ResourceVersion));
    }

    [Fact]
    public void A_KUBECONFIG_naming_no_existing_file_is_bad_input()
    {
        var (api, error) = ClusterConnection.Connect(null, null, Path.Combine(_dir, "missing"));
        Assert.Null(api);
        Assert.Equal(ConnectionErrorKind.BadInput, error!.Kind);
        Assert.Contains("no such file", error.Message);
    }

    [Fact]
    public async Task A_missing_object_is_null_not_an_error()
    {
        var (api, _) = ClusterConnection.Connect(_api.WriteKubeconfig(_dir), "fake");
        Assert.Null(await api!.GetConfigMapAsync("kube-system", "absent", CancellationToken.None));
        Assert.Null(await api.GetDaemonSetAsync("kube-system", "kube-proxy", CancellationToken.None));
        Assert.Empty(await api.ListServiceL2StatusesAsync(CancellationToken.None));
    }
}
