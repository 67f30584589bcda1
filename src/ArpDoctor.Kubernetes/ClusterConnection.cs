using ArpDoctor.Core.Cluster;
using k8s;
using k8s.Exceptions;

namespace ArpDoctor.Kubernetes;

/// <summary>Why a client could not be configured: bad input (a file or context that does not exist) or no configuration at all.</summary>
public enum ConnectionErrorKind { BadInput, NoConfiguration, CredentialTimeout, CredentialsFailed }

public sealed record ConnectionError(ConnectionErrorKind Kind, string Message);

/// <summary>
/// Builds the client the way kubectl finds its cluster: <c>--kubeconfig</c>, else <c>KUBECONFIG</c>
/// (the first existing file of the list), else <c>~/.kube/config</c>, else the in-cluster service account; <c>--context</c> picks the context.
/// </summary>
public static class ClusterConnection
{
    /// <summary>kubectl waits for ever by default; a diagnosis tool should not.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <param name="requestTimeout">The longest wait for one request, the answer's body included (the client's default is 100 s).</param>
    public static (IClusterApi? Api, ConnectionError? Error) Connect(string? kubeconfig, string? context, string? kubeconfigEnv = null, TimeSpan? requestTimeout = null) =>
        Build(kubeconfig, context, kubeconfigEnv, requestTimeout ?? DefaultRequestTimeout);

    private static (IClusterApi? Api, ConnectionError? Error) Build(string? kubeconfig, string? context, string? kubeconfigEnv, TimeSpan deadline)
    {
        try
        {
            var config = Configure(kubeconfig, context, kubeconfigEnv ?? Environment.GetEnvironmentVariable("KUBECONFIG"), deadline, out var error);
            if (config is null) return (null, error);
            ServerCertificate.Enforce(config);
            config.HttpClientTimeout = deadline;
            return (new KubernetesCluster(new k8s.Kubernetes(config, new RequestDeadline(deadline)), config.Host, deadline) { Context = config.CurrentContext ?? "" }, null);
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

    private static KubernetesClientConfiguration? Configure(string? kubeconfig, string? context, string? env, TimeSpan deadline, out ConnectionError? error)
    {
        error = null;
        if (kubeconfig is not null)
        {
            if (!File.Exists(kubeconfig))
            {
                error = new ConnectionError(ConnectionErrorKind.BadInput, $"--kubeconfig {kubeconfig}: no such file");
                return null;
            }
            return FromFile(new FileInfo(kubeconfig), context, deadline, out error);
        }
        if (!string.IsNullOrWhiteSpace(env))
        {
            var files = env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Where(File.Exists).Select(f => new FileInfo(f)).ToArray();
            if (files.Length == 0)
            {
                error = new ConnectionError(ConnectionErrorKind.BadInput, $"KUBECONFIG={env}: no such file");
                return null;
            }
            // The first file of the list that exists supplies the configuration; unlike kubectl, the files are not merged.
            return FromFile(files[0], context, deadline, out error);
        }
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (File.Exists(home)) return FromFile(new FileInfo(home), context, deadline, out error);
        if (KubernetesClientConfiguration.IsInCluster()) return KubernetesClientConfiguration.InClusterConfig();
        error = new ConnectionError(ConnectionErrorKind.NoConfiguration,
            "no cluster configured: no --kubeconfig, no KUBECONFIG, no ~/.kube/config, and not running in a pod");
        return null;
    }

    /// <summary>A kubeconfig file; one without clusters (empty, <c>/dev/null</c>) is bad input, said before the library trips on it.</summary>
    private static KubernetesClientConfiguration? FromFile(FileInfo file, string? context, TimeSpan deadline, out ConnectionError? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(File.ReadAllText(file.FullName)))
        {
            error = new ConnectionError(ConnectionErrorKind.BadInput, $"kubeconfig {file.FullName}: the file is empty");
            return null;
        }
        var k8sConfig = KubernetesClientConfiguration.LoadKubeConfig(file);
        if (k8sConfig.Clusters is null || !k8sConfig.Clusters.Any())
        {
            error = new ConnectionError(ConnectionErrorKind.BadInput, $"kubeconfig {file.FullName}: no clusters in it");
            return null;
        }
        if (!RunExecPlugin(k8sConfig, context, file.DirectoryName ?? ".", deadline, out error)) return null;
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(k8sConfig, context);
    }

    /// <summary>
    /// When the context's user gets its credentials from an exec plugin, runs it here (<see cref="ExecCredentialPlugin"/>)
    /// and hands the library the token or client certificate it printed, so the library never runs the plugin itself.
    /// </summary>
    private static bool RunExecPlugin(k8s.KubeConfigModels.K8SConfiguration config, string? context, string directory, TimeSpan deadline, out ConnectionError? error)
    {
        error = null;
        var contextName = context ?? config.CurrentContext;
        var userName = config.Contexts?.FirstOrDefault(c => c.Name == contextName)?.ContextDetails?.User;
        var user = config.Users?.FirstOrDefault(u => u.Name == userName)?.UserCredentials;
        if (user?.ExternalExecution is not { } exec) return true;
        var (credentials, failure) = ExecCredentialPlugin.Run(exec, directory, deadline);
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
