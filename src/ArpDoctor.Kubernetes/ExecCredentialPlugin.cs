using System.Diagnostics;
using System.Text;
using System.Text.Json;
using k8s.KubeConfigModels;

namespace ArpDoctor.Kubernetes;

/// <summary>
/// Runs a kubeconfig's exec credential plugin the way kubectl does (client-go <c>plugin/pkg/client/auth/exec</c>): each
/// argument passed as it is written, the kubeconfig's <c>env</c> added, <c>KUBERNETES_EXEC_INFO</c> set, a relative command
/// with a slash found beside the kubeconfig, an <c>ExecCredential</c> read from standard output. The client library's own
/// runner joins the arguments with spaces (so one argument holding a space became two), drops the plugin's standard error,
/// and keeps no handle to kill a plugin that hangs; this one does all three.
/// </summary>
internal static class ExecCredentialPlugin
{
    public sealed record Credentials(string? Token, string? ClientCertificatePem, string? ClientKeyPem);

    /// <summary>Runs <paramref name="exec"/>; the credentials, or a one-line error and its kind.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (Ctrl-C); the plugin is killed.</exception>
    public static (Credentials? Credentials, ConnectionError? Error) Run(ExternalExecution exec, string kubeconfigDirectory, TimeSpan deadline,
        CancellationToken cancellationToken = default)
    {
        var command = exec.Command ?? "";
        if (command.Length == 0)
            return (null, Bad("exec: no command given"));
        if (command.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(command))
            command = Path.GetFullPath(Path.Combine(kubeconfigDirectory, command));
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,   // not interactive: the plugin gets an empty stdin, not our terminal
            UseShellExecute = false,
        };
        foreach (var arg in exec.Arguments ?? []) start.ArgumentList.Add(arg);
        foreach (var pair in exec.EnvironmentVariables ?? [])
            if (pair.TryGetValue("name", out var name) && pair.TryGetValue("value", out var value)) start.Environment[name] = value;
        start.Environment["KUBERNETES_EXEC_INFO"] =
            "{\"apiVersion\":" + JsonSerializer.Serialize(exec.ApiVersion ?? "", ExecJson.Default.String) + ",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}";

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) Append(stdout, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) Append(stderr, e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            var hint = string.IsNullOrWhiteSpace(exec.InstallHint) ? "" : $" ({OneLine(exec.InstallHint)})";
            return (null, new ConnectionError(ConnectionErrorKind.CredentialsFailed,
                $"kubeconfig: exec credential plugin {exec.Command}: {e.Message}{hint}"));
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!WaitForExit(process, deadline, cancellationToken))
        {
            Kill(process);
            return (null, new ConnectionError(ConnectionErrorKind.CredentialTimeout,
                $"kubeconfig: the exec credential plugin {exec.Command} did not finish within {Core.Text.Durations.Format(deadline)}; --request-timeout sets the limit"));
        }
        process.WaitForExit(); // the output readers have seen the end
        string said;
        lock (stderr) said = FirstLine(stderr.ToString());
        if (process.ExitCode != 0)
            return (null, new ConnectionError(ConnectionErrorKind.CredentialsFailed,
                $"kubeconfig: the exec credential plugin {exec.Command} failed (exit {process.ExitCode}){(said.Length > 0 ? $": {said}" : "")}"));
        string output;
        lock (stdout) output = stdout.ToString();
        if (Parse(output) is { } credentials) return (credentials, null);
        return (null, new ConnectionError(ConnectionErrorKind.CredentialsFailed,
            $"kubeconfig: the exec credential plugin {exec.Command} printed no ExecCredential with a token or client certificate{(said.Length > 0 ? $": {said}" : "")}"));
    }

    /// <summary>
    /// Waits for the plugin to end, at most <paramref name="deadline"/> (infinite with <c>--request-timeout 0</c>); Ctrl-C ends
    /// the wait and the plugin whatever the deadline: a plugin waiting on a login held the process past the signal.
    /// </summary>
    private static bool WaitForExit(Process process, TimeSpan deadline, CancellationToken cancellationToken)
    {
        try
        {
            return process.WaitForExitAsync(cancellationToken).Wait(deadline);
        }
        catch (AggregateException) when (cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private static void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* it ended meanwhile */ }
    }

    /// <summary>The credentials of an ExecCredential document; null when it is not one or holds none.</summary>
    internal static Credentials? Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object ||
                !doc.RootElement.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object)
                return null;
            string? Text(string name) => status.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
            var credentials = new Credentials(Text("token"), Text("clientCertificateData"), Text("clientKeyData"));
            if (credentials.Token is null && (credentials.ClientCertificatePem is null || credentials.ClientKeyPem is null)) return null;
            return credentials;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A plugin's output is a small JSON document and a few lines of error; more is not read (a bounded reader).
    private const int Limit = 1 << 20;

    private static void Append(StringBuilder into, string line)
    {
        if (into.Length + line.Length < Limit) into.Append(line).Append('\n');
    }

    private static string FirstLine(string text)
    {
        foreach (var line in text.Split('\n'))
            if (line.Trim() is { Length: > 0 } t) return OneLine(t.Length <= 200 ? t : t[..197] + "...");
        return "";
    }

    private static string OneLine(string text) => text.Trim();

    private static ConnectionError Bad(string message) => new(ConnectionErrorKind.BadInput, $"kubeconfig: {message}");
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class ExecJson : System.Text.Json.Serialization.JsonSerializerContext;
