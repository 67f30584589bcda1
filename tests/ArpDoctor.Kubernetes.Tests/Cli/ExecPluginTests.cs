using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>
/// A kubeconfig whose user runs an exec credential plugin (real processes: /bin/sh), as EKS', GKE's and OIDC logins do.
/// </summary>
public sealed class ExecPluginTests : IAsyncLifetime
{
    private FakeKubeApi _api = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-exec-").FullName;

    // HTTPS with the CA in the kubeconfig: over plain HTTP no credentials are sent at all.
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _ca = TestCertificates.Authority();
    private System.Security.Cryptography.X509Certificates.X509Certificate2 _serving = null!;

    public async Task InitializeAsync()
    {
        _serving = TestCertificates.Issue(_ca, "127.0.0.1");   // kept for the server's lifetime: Kestrel signs with its key
        _api = await FakeKubeApi.StartAsync(certificate: _serving);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _serving.Dispose();
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private const string Credential = """{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}""";

    /// <summary>The fake's kubeconfig with its user's token replaced by <c>/bin/sh -c SCRIPT sh ARGS...</c>.</summary>
    private string Kubeconfig(string script, params string[] args)
    {
        var path = _api.WriteKubeconfig(_dir, certificateAuthorityData: Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(_ca.ExportCertificatePem())));
        static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
        var list = string.Join(", ", new[] { "-c", script, "sh" }.Concat(args).Select(Quote));
        File.WriteAllText(path, File.ReadAllText(path).Replace("    token: test-token", $"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: /bin/sh
                  args: [{list}]
                  env: [{"{"}name: GREETING, value: 'hello there'{"}"}]
                  interactiveMode: Never
            """, StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public async Task Arguments_reach_the_plugin_as_written_even_with_spaces_and_its_token_is_sent()
    {
        // The client library joined the arguments with spaces, so 'two words' arrived as two arguments (and the script as many).
        Manifests.Kubeadm(_api, Manifests.TestData("kube-proxy/kubeadm-ipvs.conf"));
        var path = Kubeconfig($$"""[ "$#" = 1 ] && [ "$1" = 'two words' ] && [ "$GREETING" = 'hello there' ] && printf '%s' '{{Credential}}' || { echo "got $# arguments: $*" >&2; exit 3; }""", "two words");
        var r = await CliRun.RunAsync(["check", "--kubeconfig", path]);
        Assert.True(r.Exit is 0 or 1, $"exit {r.Exit}: {r.Err}");
        Assert.Equal("Bearer from-plugin", _api.LastAuthorization);
    }

    [Fact]
    public async Task A_plugin_that_fails_is_one_line_with_its_exit_code_and_what_it_said()
    {
        var path = Kubeconfig("""echo 'error: the SSO session has expired; run aws sso login' >&2; echo 'second line' >&2; exit 1""");
        var r = await CliRun.RunAsync(["check", "--kubeconfig", path]);
        r.AssertExit(4);
        Assert.Equal("arpdoctor: check: kubeconfig: the exec credential plugin /bin/sh failed (exit 1): error: the SSO session has expired; run aws sso login\n", r.Err);
        Assert.Equal(0, _api.Requests);
    }

    [Fact]
    public async Task A_plugin_that_prints_no_credential_is_exit_4()
    {
        var path = Kubeconfig("""echo 'not json'""");
        var r = await CliRun.RunAsync(["check", "--kubeconfig", path]);
        r.AssertExit(4);
        Assert.Equal("arpdoctor: check: kubeconfig: the exec credential plugin /bin/sh printed no ExecCredential with a token or client certificate\n", r.Err);
    }

    [Fact]
    public async Task A_plugin_that_is_not_installed_names_the_install_hint()
    {
        var path = _api.WriteKubeconfig(_dir);
        File.WriteAllText(path, File.ReadAllText(path).Replace("    token: test-token", """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: no-such-credential-helper
                  installHint: install it from the platform's CLI page
            """, StringComparison.Ordinal));
        var r = await CliRun.RunAsync(["check", "--kubeconfig", path]);
        r.AssertExit(4);
        Assert.StartsWith("arpdoctor: check: kubeconfig: exec credential plugin no-such-credential-helper: ", r.Err);
        Assert.EndsWith("(install it from the platform's CLI page)\n", r.Err);
    }
}
