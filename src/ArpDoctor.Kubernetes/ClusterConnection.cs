using ArpDoctor.Core.Cluster;
using k8s;
using k8s.Exceptions;

namespace ArpDoctor.Kubernetes;

/// <summary>Why a client could not be configured: bad input (a file or context that does not exist) or no configuration at all.</summary>
public enum ConnectionErrorKind { BadInput, NoConfiguration }

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
    public static (IClusterApi? Api, ConnectionError? Error) Connect(string? kubeconfig, string? context, string? kubeconfigEnv = null, TimeSpan? requestTimeout = null)
    {
        try
        {
            var config = Configure(kubeconfig, context, kubeconfigEnv ?? Environment.GetEnvironmentVariable("KUBECONFIG"), out var error);
            if (config is null) return (null, error);
            ServerCertificate.Enforce(config);
            var deadline = requestTimeout ?? DefaultRequestTimeout;
            config.HttpClientTimeout = deadline;
            return (new KubernetesCluster(new k8s.Kubernetes(config, new RequestDeadline(deadline)), config.Host, deadline), null);
        }
        catch (KubeConfigException e)
        {
            return (null, new ConnectionError(ConnectionErrorKind.BadInput, $"kubeconfig: {OneLine(e.Message)}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or FormatException or ArgumentException)
        {
            return (null, new ConnectionError(ConnectionErrorKind.BadInput, $"kubeconfig: {OneLine(e.Message)}"));
        }
    }

    private static KubernetesClientConfiguration? Configure(string? kubeconfig, string? context, string? env, out ConnectionError? error)
    {
        error = null;
        if (kubeconfig is not null)
        {
            if (!File.Exists(kubeconfig))
            {
                error = new ConnectionError(ConnectionErrorKind.BadInput, $"--kubeconfig {kubeconfig}: no such file");
                return null;
            }
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context);
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
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(files[0], context);
        }
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (File.Exists(home)) return KubernetesClientConfiguration.BuildConfigFromConfigFile(home, context);
        if (KubernetesClientConfiguration.IsInCluster()) return KubernetesClientConfiguration.InClusterConfig();
        error = new ConnectionError(ConnectionErrorKind.NoConfiguration,
            "no cluster configured: no --kubeconfig, no KUBECONFIG, no ~/.kube/config, and not running in a pod");
        return null;
    }

    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())).TrimEnd('.');
}
