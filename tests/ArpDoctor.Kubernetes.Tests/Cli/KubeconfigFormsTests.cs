using System.Diagnostics;
using System.Text;
using ArpDoctor.Kubernetes.Tests.Fakes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>
/// Every kubeconfig form as kubectl loads it: each case connects with ArpDoctor and runs the real kubectl
/// (artifacts/tools, scripts/k8s-tools.sh) on the same files against the same fake API server (HTTPS, its CA in the
/// kubeconfig), and compares what reached the server: which token, which impersonation, or the same refusal.
/// </summary>
public sealed class KubeconfigFormsTests : IAsyncLifetime
{
    private const string Path_ = "/api/v1/namespaces/kube-system/configmaps/kube-proxy";
    private System.Security.Cryptography.X509Certificates.X509Certificate2 _ca = null!;
    private System.Security.Cryptography.X509Certificates.X509Certificate2 _serving = null!;
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-kubeconfig-").FullName;

    public async Task InitializeAsync()
    {
        _ca = TestCertificates.Authority();
        _serving = TestCertificates.Issue(_ca, "127.0.0.1");   // kept for the server's lifetime: Kestrel signs with its key
        _api = await FakeKubeApi.StartAsync(certificate: _serving);
        _api.Add(Manifests.KubeProxyConfigMap(Manifests.TestData("kube-proxy/kubeadm-ipvs.conf")));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _serving.Dispose();
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string CaData => Convert.ToBase64String(Encoding.ASCII.GetBytes(_ca.ExportCertificatePem()));
    private string Server => _api.Url.ToString().TrimEnd('/');

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private string Cluster(string name, string server, string extra = "") => $"""
        - name: {name}
          cluster:
            server: {server}
            certificate-authority-data: {CaData}{extra}
        """;

    /// <summary>What reached the server from one request by ArpDoctor: the Authorization and Impersonate-* headers; or the connection error.</summary>
    private async Task<(string Seen, string? Error)> Ours(string? kubeconfig, string? env, KubeconfigSelection? select = null)
    {
        var (api, error) = ClusterConnection.Connect(kubeconfig, select?.Context, env, select: select);
        if (api is null) return ("", error!.Message);
        await api.GetConfigMapAsync("kube-system", "kube-proxy", CancellationToken.None);
        return (Seen(), null);
    }

    /// <summary>The same request by the real kubectl (<c>get --raw</c>).</summary>
    private (string Seen, string? Error) Kubectl(string? kubeconfig, string? env, params string[] flags)
    {
        var kubectl = Requirements.KubernetesTool("kubectl");
        var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (kubeconfig is not null) { start.ArgumentList.Add("--kubeconfig"); start.ArgumentList.Add(kubeconfig); }
        foreach (var f in flags) start.ArgumentList.Add(f);
        foreach (var a in new[] { "get", "--raw", Path_ }) start.ArgumentList.Add(a);
        start.Environment["KUBECONFIG"] = env ?? "";
        start.Environment["HOME"] = _dir;
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000));
        _ = stdout.Result;
        return p.ExitCode == 0 ? (Seen(), null) : ("", stderr.Trim());
    }

    private string Seen() => string.Join("\n", new[] { $"authorization: {_api.LastAuthorization}" }.Concat(_api.LastImpersonation));

    private const string Contexts = """
        contexts:
        - name: fake
          context: {cluster: fake, user: tester}
        """;

    [SkippableFact]
    public async Task KUBECONFIG_files_are_merged_and_the_first_file_that_sets_a_value_wins()
    {
        // a.yaml: current-context and the user "tester" (token "first"); b.yaml: the cluster, the context and another
        // "tester" (token "second"), which loses. Before, only a.yaml was read: "no clusters in it".
        var a = Write("a.yaml", """
            apiVersion: v1
            kind: Config
            current-context: fake
            users:
            - name: tester
              user: {token: first}
            """);
        var b = Write("b.yaml", $"""
            apiVersion: v1
            kind: Config
            current-context: elsewhere
            clusters:
            {Cluster("fake", Server)}
            {Contexts}
            users:
            - name: tester
              user: {"{"}token: second{"}"}
            """);
        var env = $"{a}{Path.PathSeparator}{Path.Combine(_dir, "missing.yaml")}{Path.PathSeparator}{b}";
        var ours = await Ours(null, env);
        Assert.Null(ours.Error);
        Assert.Equal("authorization: Bearer first", ours.Seen);
        Assert.Equal(Kubectl(null, env), ours);
    }

    [SkippableFact]
    public async Task Context_cluster_and_user_flags_pick_across_the_files()
    {
        var a = Write("a.yaml", $"""
            apiVersion: v1
            kind: Config
            current-context: dead
            clusters:
            {Cluster("dead", "https://127.0.0.1:1")}
            contexts:
            - name: dead
              context: {"{"}cluster: dead, user: tester{"}"}
            users:
            - name: tester
              user: {"{"}token: one{"}"}
            """);
        var b = Write("b.yaml", $"""
            apiVersion: v1
            kind: Config
            clusters:
            {Cluster("fake", Server)}
            {Contexts}
            users:
            - name: other
              user: {"{"}token: two{"}"}
            """);
        var env = $"{a}{Path.PathSeparator}{b}";
        var byContext = await Ours(null, env, new KubeconfigSelection("fake"));
        Assert.Equal(("authorization: Bearer one", (string?)null), byContext);
        Assert.Equal(Kubectl(null, env, "--context", "fake"), byContext);
        var byFlags = await Ours(null, env, new KubeconfigSelection(null, "fake", "other"));
        Assert.Equal(("authorization: Bearer two", (string?)null), byFlags);
        Assert.Equal(Kubectl(null, env, "--cluster", "fake", "--user", "other"), byFlags);
    }

    [SkippableFact]
    public async Task A_tokenFile_relative_to_its_kubeconfig_is_sent_and_read_again_when_the_server_answers_401()
    {
        // kube-proxy's own kubeconfig reads its service account token this way; before, it was refused.
        Directory.CreateDirectory(Path.Combine(_dir, "sa"));
        File.WriteAllText(Path.Combine(_dir, "sa", "token"), "from-file\n");
        var path = Write("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            current-context: fake
            clusters:
            {Cluster("fake", Server)}
            {Contexts}
            users:
            - name: tester
              user:
                tokenFile: sa/token
            """);
        var (api, error) = ClusterConnection.Connect(path, null);
        Assert.Null(error);
        await api!.GetConfigMapAsync("kube-system", "kube-proxy", CancellationToken.None);
        Assert.Equal("authorization: Bearer from-file", Seen());
        Assert.Equal(Kubectl(path, null), ("authorization: Bearer from-file", (string?)null));

        // The token is rotated in the file, and the server takes only the new one: one 401, the file read again, the request sent again.
        File.WriteAllText(Path.Combine(_dir, "sa", "token"), "rotated\n");
        _api.RequireToken = "rotated";
        Assert.NotNull(await api.GetConfigMapAsync("kube-system", "kube-proxy", CancellationToken.None));
        Assert.Equal("authorization: Bearer rotated", Seen());
    }

    [SkippableFact]
    public async Task Insecure_together_with_a_CA_is_refused_as_kubectl_refuses_it()
    {
        var path = Write("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            current-context: fake
            clusters:
            {Cluster("fake", Server, "\n    insecure-skip-tls-verify: true")}
            {Contexts}
            users:
            - name: tester
              user: {"{"}token: t{"}"}
            """);
        var ours = await Ours(path, null);
        Assert.Equal("kubeconfig: cluster \"fake\": specifying a root certificates file with the insecure flag is not allowed (kubectl refuses it too: remove one of them)", ours.Error);
        var theirs = Kubectl(path, null);
        Assert.Contains("specifying a root certificates file with the insecure flag is not allowed", theirs.Error);
        Assert.Equal(0, _api.Requests);
        var r = await CliRun.RunAsync(["check", "--kubeconfig", path]);
        r.AssertExit(2);
    }

    [SkippableFact]
    public async Task Impersonation_from_as_as_groups_and_as_uid_is_sent_as_kubectl_sends_it()
    {
        // Before, ignored: fix wrote under the caller's own identity.
        var path = Write("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            current-context: fake
            clusters:
            {Cluster("fake", Server)}
            {Contexts}
            users:
            - name: tester
              user:
                token: t
                as: alice
                as-groups: [platform]
                as-uid: "1234"
            """);
        var ours = await Ours(path, null);
        Assert.Equal("authorization: Bearer t\nimpersonate-group: platform\nimpersonate-uid: 1234\nimpersonate-user: alice", ours.Seen);
        Assert.Equal(Kubectl(path, null), ours);

        // Several groups: kubectl sends one header line each; .NET's client would join them into one line, which the
        // server reads as one group named "platform, ops". Refused rather than sent wrong.
        File.WriteAllText(path, File.ReadAllText(path).Replace("as-groups: [platform]", "as-groups: [platform, ops]", StringComparison.Ordinal));
        Assert.Equal("kubeconfig: user \"tester\": as-groups names 2 groups; ArpDoctor can impersonate one group only (its HTTP client cannot send the header once per group): keep one, or bind the permissions to the user in 'as'",
            (await Ours(path, null)).Error);
    }

    [SkippableFact]
    public async Task The_oidc_auth_providers_id_token_is_the_bearer_token()
    {
        // Before: "does not have appropriate auth credentials". kubectl sends a valid (unexpired) id-token as it is.
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var idToken = $"{B64("""{"alg":"RS256","typ":"JWT"}""")}.{B64($$"""{"iss":"https://issuer.example.com","sub":"alice","aud":"kubernetes","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""")}.c2ln";
        var path = Write("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            current-context: fake
            clusters:
            {Cluster("fake", Server)}
            {Contexts}
            users:
            - name: tester
              user:
                auth-provider:
                  name: oidc
                  config:
                    client-id: kubernetes
                    idp-issuer-url: https://issuer.example.com
                    id-token: {idToken}
            """);
        var ours = await Ours(path, null);
        Assert.Null(ours.Error);
        Assert.Equal($"authorization: Bearer {idToken}", ours.Seen);
        Assert.Equal(Kubectl(path, null), ours);
    }

    [SkippableFact]
    public async Task A_clusters_proxy_url_carries_every_request_as_kubectl_sends_it()
    {
        // Before, ignored: the client went straight to the server (or through HTTPS_PROXY).
        using var proxy = new ConnectProxy();
        var path = Write("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            current-context: fake
            clusters:
            {Cluster("fake", Server, $"\n    proxy-url: {proxy.Url.ToString().TrimEnd('/')}")}
            {Contexts}
            users:
            - name: tester
              user: {"{"}token: t{"}"}
            """);
        var ours = await Ours(path, null);
        Assert.Equal(("authorization: Bearer t", (string?)null), ours);
        Assert.Equal([$"127.0.0.1:{_api.Url.Port}"], proxy.Tunnels.Distinct());
        proxy.Tunnels.Clear();
        Assert.Equal(Kubectl(path, null), ours);
        Assert.Equal([$"127.0.0.1:{_api.Url.Port}"], proxy.Tunnels.Distinct());
    }

    [SkippableFact]
    public async Task No_credentials_go_to_a_plain_http_server()
    {
        await using var plain = await FakeKubeApi.StartAsync();
        plain.Add(Manifests.KubeProxyConfigMap(Manifests.TestData("kube-proxy/kubeadm-ipvs.conf")));
        var path = plain.WriteKubeconfig(Directory.CreateDirectory(Path.Combine(_dir, "plain")).FullName);
        var (api, error) = ClusterConnection.Connect(path, null);
        Assert.Null(error);
        await api!.GetConfigMapAsync("kube-system", "kube-proxy", CancellationToken.None);
        Assert.Equal("", plain.LastAuthorization);
        var kubectl = Requirements.KubernetesTool("kubectl");
        var r = ArpDoctor.Linux.Processes.CommandRunner.Run(kubectl, ["--kubeconfig", path, "get", "--raw", Path_], TimeSpan.FromSeconds(60));
        Assert.True(r.Succeeded, r.StandardError);
        Assert.Equal("", plain.LastAuthorization);
    }
}
