using ArpDoctor.Core.Cluster;
using k8s;
using k8s.Exceptions;

namespace ArpDoctor.Kubernetes;

/// <summary>Why a client could not be configured: bad input (a file or context that does not exist) or no configuration at all.</summary>
public enum ConnectionErrorKind { BadInput, NoConfiguration, CredentialTimeout, CredentialsFailed }

public sealed record ConnectionError(ConnectionErrorKind Kind, string Message);

/// <summary>Which context, and optionally which cluster and user instead of the context's, as kubectl's <c>--context</c>, <c>--cluster</c>, <c>--user</c>.</summary>
public sealed record KubeconfigSelection(string? Context = null, string? Cluster = null, string? User = null);

/// <summary>
/// Builds the client the way kubectl finds its cluster: <c>--kubeconfig</c> (that one file), else <c>KUBECONFIG</c>
/// (every existing file of the list, merged by kubectl's rules: see <see cref="KubeconfigFiles"/>), else
/// <c>~/.kube/config</c>, else the in-cluster service account; <c>--context</c>, <c>--cluster</c>, <c>--user</c> pick
/// across the merged files. Its user's <c>tokenFile</c>, <c>as</c>/<c>as-groups</c>/<c>as-uid</c> and the
/// <c>oidc</c> auth-provider's id-token are honoured, and a cluster that is both insecure and given a CA is refused, as kubectl does.
/// </summary>
public static class ClusterConnection
{
    /// <summary>kubectl waits for ever by default; a diagnosis tool should not.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <param name="requestTimeout">The longest wait for one request, the answer's body included (the client's default is 100 s).</param>
    /// <param name="cancellationToken">Ctrl-C: ends the wait for an exec credential plugin (which is killed with what it started), also with no deadline.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while a plugin ran.</exception>
    public static (IClusterApi? Api, ConnectionError? Error) Connect(string? kubeconfig, string? context, string? kubeconfigEnv = null, TimeSpan? requestTimeout = null,
        KubeconfigSelection? select = null, CancellationToken cancellationToken = default) =>
        Build(kubeconfig, (select ?? new KubeconfigSelection()) with { Context = context ?? select?.Context }, kubeconfigEnv, requestTimeout ?? DefaultRequestTimeout, cancellationToken);

    private static (IClusterApi? Api, ConnectionError? Error) Build(string? kubeconfig, KubeconfigSelection select, string? kubeconfigEnv, TimeSpan deadline, CancellationToken ct)
    {
        try
        {
            var config = Configure(kubeconfig, select, kubeconfigEnv ?? Environment.GetEnvironmentVariable("KUBECONFIG"), deadline, ct, out var identity, out var error);
            if (config is null) return (null, error);
            ServerCertificate.Enforce(config);
            config.HttpClientTimeout = deadline;
            var client = new k8s.Kubernetes(config, new RetryHandler(deadline, TimeProvider.System), new IdentityHandler(identity), new RequestDeadline(deadline));
            return (new KubernetesCluster(client, config.Host, deadline) { Context = config.CurrentContext ?? "" }, null);
        }
        catch (KubeConfigException e)
        {
            return (null, new ConnectionError(ConnectionErrorKind.BadInput, $"kubeconfig: {Short(OneLine(e.Message))}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or FormatException or ArgumentException
            or System.Security.Cryptography.CryptographicException)
        {
            // A CA or client key file that is missing or corrupt is named by the crypto layer ("BIO routines::no such file").
            return (null, new ConnectionError(ConnectionErrorKind.BadInput, $"kubeconfig: {OneLine(e.Message)}"));
        }

    }

    private static KubernetesClientConfiguration? Configure(string? kubeconfig, KubeconfigSelection select, string? env, TimeSpan deadline, CancellationToken ct, out Identity identity, out ConnectionError? error)
    {
        error = null;
        identity = Identity.None;
        if (kubeconfig is not null)
        {
            if (!File.Exists(kubeconfig))
            {
                error = new ConnectionError(ConnectionErrorKind.BadInput, $"--kubeconfig {kubeconfig}: no such file");
                return null;
            }
            return FromFiles([new FileInfo(kubeconfig)], select, deadline, ct, out identity, out error);
        }
        if (!string.IsNullOrWhiteSpace(env))
        {
            // kubectl skips the files of the list that do not exist, and merges the others.
            var files = env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Where(File.Exists).Distinct().Select(f => new FileInfo(f)).ToArray();
            if (files.Length == 0)
            {
                error = new ConnectionError(ConnectionErrorKind.BadInput, $"KUBECONFIG={env}: no such file");
                return null;
            }
            return FromFiles(files, select, deadline, ct, out identity, out error);
        }
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (File.Exists(home)) return FromFiles([new FileInfo(home)], select, deadline, ct, out identity, out error);
        if (KubernetesClientConfiguration.IsInCluster()) return KubernetesClientConfiguration.InClusterConfig();
        error = new ConnectionError(ConnectionErrorKind.NoConfiguration,
            "no cluster configured: no --kubeconfig, no KUBECONFIG, no ~/.kube/config, and not running in a pod");
        return null;
    }

    /// <summary>kubeconfig files, merged; without clusters (empty, <c>/dev/null</c>) they are bad input, said before the library trips on them.</summary>
    private static KubernetesClientConfiguration? FromFiles(IReadOnlyList<FileInfo> files, KubeconfigSelection select, TimeSpan deadline, CancellationToken ct, out Identity identity, out ConnectionError? error)
    {
        error = null;
        identity = Identity.None;
        var names = string.Join(Path.PathSeparator, files.Select(f => f.FullName));
        if (files.All(f => string.IsNullOrWhiteSpace(File.ReadAllText(f.FullName))))
        {
            error = new ConnectionError(ConnectionErrorKind.BadInput, $"kubeconfig {names}: {(files.Count == 1 ? "the file is" : "the files are")} empty");
            return null;
        }
        var (k8sConfig, extras, proxies) = KubeconfigFiles.Load(files);
        if (!k8sConfig.Clusters.Any())
        {
            error = new ConnectionError(ConnectionErrorKind.BadInput, $"kubeconfig {names}: no clusters in it");
            return null;
        }
        var contextName = Select(k8sConfig, select, names, out error);
        if (error is not null) return null;
        var details = k8sConfig.Contexts.FirstOrDefault(c => c.Name == contextName)?.ContextDetails;
        if (k8sConfig.Clusters.FirstOrDefault(c => c.Name == details?.Cluster)?.ClusterEndpoint is { SkipTlsVerify: true } insecure
            && (!string.IsNullOrEmpty(insecure.CertificateAuthority) || !string.IsNullOrEmpty(insecure.CertificateAuthorityData)))
        {
            // kubectl: "specifying a root certificates file with the insecure flag is not allowed" (client-go clientcmd validation).
            error = new ConnectionError(ConnectionErrorKind.BadInput,
                $"kubeconfig: cluster \"{details!.Cluster}\": specifying a root certificates file with the insecure flag is not allowed (kubectl refuses it too: remove one of them)");
            return null;
        }
        var userName = details?.User;
        if (k8sConfig.Users.FirstOrDefault(u => u.Name == userName)?.UserCredentials is { } user)
        {
            extras.TryGetValue(userName!, out var extra);
            string? tokenFile = null;
            if (string.IsNullOrEmpty(user.Token) && extra?.TokenFile is { } file)
            {
                // A token written in the kubeconfig wins over tokenFile, as in kubectl.
                user.Token = Identity.ReadToken(file);
                tokenFile = file;
            }
            if (user.AuthProvider is { Name: "oidc" } oidc && oidc.Config?.TryGetValue("id-token", out var idToken) == true && !string.IsNullOrEmpty(idToken))
            {
                // kubectl's oidc auth-provider sends the id-token as the bearer token.
                user.Token ??= idToken;
                user.AuthProvider = null;
            }
            if (user.ImpersonateGroups?.Count() > 1)
            {
                // The API server reads each Impersonate-Group header line as one group; .NET's HTTP client joins the values
                // of one header name into a single line ("a, b"), which the server would take as one group of that name.
                error = new ConnectionError(ConnectionErrorKind.BadInput,
                    $"kubeconfig: user \"{userName}\": as-groups names {user.ImpersonateGroups.Count()} groups; ArpDoctor can impersonate one group only (its HTTP client cannot send the header once per group): keep one, or bind the permissions to the user in 'as'");
                return null;
            }
            identity = new Identity(tokenFile, NullIfEmpty(user.Impersonate), (user.ImpersonateGroups ?? []).ToList(), extra?.AsUid,
                (user.ImpersonateUserExtra ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[kv.Value]));
            if (!RunExecPlugin(k8sConfig, contextName, extra?.Directory ?? files[0].DirectoryName ?? ".", deadline, ct, out error)) return null;
        }
        var built = KubernetesClientConfiguration.BuildConfigFromConfigObject(k8sConfig, contextName);
        if (details?.Cluster is { } clusterName && proxies.TryGetValue(clusterName, out var proxyUrl) && !UseProxy(built, proxyUrl, clusterName, out error)) return null;
        return built;
    }

    /// <summary>
    /// kubectl's <c>proxy-url</c>: every request, watches included, goes through that proxy (http, https or socks5, as
    /// kubectl accepts), instead of HTTPS_PROXY/NO_PROXY from the environment.
    /// </summary>
    private static bool UseProxy(KubernetesClientConfiguration config, string proxyUrl, string cluster, out ConnectionError? error)
    {
        error = null;
        if (!Uri.TryCreate(proxyUrl, UriKind.Absolute, out var proxy) || proxy.Scheme is not ("http" or "https" or "socks5"))
        {
            error = new ConnectionError(ConnectionErrorKind.BadInput, $"kubeconfig: cluster \"{cluster}\": proxy-url {proxyUrl}: not an http, https or socks5 URL");
            return false;
        }
        var previous = config.FirstMessageHandlerSetup;
        config.FirstMessageHandlerSetup = handler =>
        {
            previous?.Invoke(handler);
            if (handler is SocketsHttpHandler sockets)
            {
                sockets.UseProxy = true;
                sockets.Proxy = new System.Net.WebProxy(proxy);
            }
        };
        return true;
    }

    /// <summary>
    /// The context to use: <c>--context</c>, else current-context. <c>--cluster</c>/<c>--user</c> replace its cluster or
    /// user (as kubectl's flags do); each must name one in the files.
    /// </summary>
    private static string? Select(k8s.KubeConfigModels.K8SConfiguration config, KubeconfigSelection select, string names, out ConnectionError? error)
    {
        error = null;
        var contextName = select.Context ?? config.CurrentContext;
        if (select.Cluster is null && select.User is null) return contextName;
        if (select.Cluster is { } c && !config.Clusters.Any(x => x.Name == c))
        {
            error = new ConnectionError(ConnectionErrorKind.BadInput, $"--cluster {c}: no such cluster in kubeconfig {names}");
            return null;
        }
        if (select.User is { } u && !config.Users.Any(x => x.Name == u))
        {
            error = new ConnectionError(ConnectionErrorKind.BadInput, $"--user {u}: no such user in kubeconfig {names}");
            return null;
        }
        var existing = config.Contexts.FirstOrDefault(x => x.Name == contextName)?.ContextDetails;
        var chosen = new k8s.KubeConfigModels.Context
        {
            Name = contextName ?? "arpdoctor-flags",
            ContextDetails = new k8s.KubeConfigModels.ContextDetails
            {
                Cluster = select.Cluster ?? existing?.Cluster,
                User = select.User ?? existing?.User,
                Namespace = existing?.Namespace,
            },
        };
        config.Contexts = config.Contexts.Where(x => x.Name != chosen.Name).Append(chosen).ToList();
        return chosen.Name;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>
    /// When the context's user gets its credentials from an exec plugin, runs it here (<see cref="ExecCredentialPlugin"/>)
    /// and hands the library the token or client certificate it printed, so the library never runs the plugin itself.
    /// </summary>
    private static bool RunExecPlugin(k8s.KubeConfigModels.K8SConfiguration config, string? context, string directory, TimeSpan deadline, CancellationToken ct, out ConnectionError? error)
    {
        error = null;
        var contextName = context ?? config.CurrentContext;
        var userName = config.Contexts?.FirstOrDefault(c => c.Name == contextName)?.ContextDetails?.User;
        var user = config.Users?.FirstOrDefault(u => u.Name == userName)?.UserCredentials;
        if (user?.ExternalExecution is not { } exec) return true;
        var (credentials, failure) = ExecCredentialPlugin.Run(exec, directory, deadline, ct);
        if (credentials is null)
        {
            error = failure;
            return false;
        }
        user.ExternalExecution = null;
        if (credentials.Token is { } token) user.Token = token;
        if (credentials.ClientCertificatePem is { } cert && credentials.ClientKeyPem is { } key)
        {
            user.ClientCertificateData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(cert));
            user.ClientKeyData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key));
        }
        return true;
    }

    /// <summary>At most 300 characters of a library's message: an error is one readable line.</summary>
    private static string Short(string text) => text.Length <= 300 ? text : text[..297] + "...";

    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())).TrimEnd('.');
}
