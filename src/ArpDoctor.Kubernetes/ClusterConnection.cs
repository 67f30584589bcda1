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
    public static (IClusterApi? Api, ConnectionError? Error) Connect(string? kubeconfig, string? context, string? kubeconfigEnv = null, TimeSpan? requestTimeout = null)
    {
        // The client runs a kubeconfig's exec credential plugin while it builds the configuration and waits for it
        // without end; a plugin that hangs (an expired SSO prompt with no terminal) would hold every verb for ever.
        var deadline = requestTimeout ?? DefaultRequestTimeout;
        var building = Task.Run(() => Build(kubeconfig, context, kubeconfigEnv, deadline));
        if (deadline != Timeout.InfiniteTimeSpan && !building.Wait(deadline))
        {
            // The plugin would outlive us holding our stdout and stderr, so a pipe reading them would not end.
            KillChildren();
            return (null, new ConnectionError(ConnectionErrorKind.CredentialTimeout,
                $"kubeconfig: the credentials were not ready within {Core.Text.Durations.Format(deadline)} (an exec credential plugin that does not finish?); --request-timeout sets the limit"));
        }
        return building.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Kills this process's child processes (the client library starts exec plugins and keeps no handle we could use).
    /// Hazard: every child goes, which is right for arpdoctor (it starts no other) but not in a host that does.
    /// </summary>
    private static void KillChildren()
    {
        if (!Directory.Exists("/proc")) return;
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                // /proc/PID/stat: "PID (comm) STATE PPID ..."; comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 1 && fields[1] == self)
                    using (var child = System.Diagnostics.Process.GetProcessById(pid)) child.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
    }

    private static (IClusterApi? Api, ConnectionError? Error) Build(string? kubeconfig, string? context, string? kubeconfigEnv, TimeSpan deadline)
    {
        try
        {
            var config = Configure(kubeconfig, context, kubeconfigEnv ?? Environment.GetEnvironmentVariable("KUBECONFIG"), out var error);
            if (config is null) return (null, error);
            ServerCertificate.Enforce(config);
            config.HttpClientTimeout = deadline;
            return (new KubernetesCluster(new k8s.Kubernetes(config, new RequestDeadline(deadline)), config.Host, deadline), null);
        }
        catch (KubeConfigException e) when (e.Message.StartsWith("external exec failed", StringComparison.Ordinal))
        {
            // The library's message is a nested JSON exception some 1,500 characters long; what matters is that the
            // plugin printed no ExecCredential (expired login, missing tool), and that running it shows why.
            return (null, new ConnectionError(ConnectionErrorKind.CredentialsFailed,
                "kubeconfig: the exec credential plugin gave no credentials (no ExecCredential JSON on its standard output); run its command by hand to see why"));
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
            return FromFile(new FileInfo(kubeconfig), context, out error);
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
            return FromFile(files[0], context, out error);
        }
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (File.Exists(home)) return FromFile(new FileInfo(home), context, out error);
        if (KubernetesClientConfiguration.IsInCluster()) return KubernetesClientConfiguration.InClusterConfig();
        error = new ConnectionError(ConnectionErrorKind.NoConfiguration,
            "no cluster configured: no --kubeconfig, no KUBECONFIG, no ~/.kube/config, and not running in a pod");
        return null;
    }

    /// <summary>A kubeconfig file; one without clusters (empty, <c>/dev/null</c>) is bad input, said before the library trips on it.</summary>
    private static KubernetesClientConfiguration? FromFile(FileInfo file, string? context, out ConnectionError? error)
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
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(k8sConfig, context);
    }

    /// <summary>At most 300 characters of a library's message: an error is one readable line.</summary>
    private static string Short(string text) => text.Length <= 300 ? text : text[..297] + "...";

    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())).TrimEnd('.');
}
