using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using ArpDoctor.Core.Cluster;
using k8s.Autorest;

namespace ArpDoctor.Kubernetes;

/// <summary>Turns what the client throws into one line naming the call and the cause.</summary>
internal static class ApiErrors
{
    public static bool IsStatus(Exception e, HttpStatusCode code) => e is HttpOperationException h && h.Response?.StatusCode == code;

    /// <param name="deadline">What set the deadline, appended to a timeout, e.g. <c> (--request-timeout 30s)</c>.</param>
    /// <param name="permission">What the call needs, in <c>kubectl auth can-i</c> form (see <see cref="Permissions"/>); named when it is refused.</param>
    public static ClusterApiException Describe(string call, string server, Exception e, string deadline = "", string? permission = null)
    {
        // What the client's serializer throws happened here, not at the server: say so rather than blame the API.
        if (e is JsonException or NotSupportedException or InvalidOperationException or FormatException)
            return new ClusterApiException($"{call}: ArpDoctor could not encode the request or decode the answer ({ClusterConnection.OneLine(e.Message)}); this is a bug in ArpDoctor, not a problem of {server}", e, local: true);
        var cause = e switch
        {
            HttpOperationException h => Status(call, h, permission),
            HttpRequestException { InnerException: TimeoutException } => $"{server} did not answer in time{deadline}",
            HttpRequestException { InnerException: AuthenticationException a } => $"TLS handshake with {server} failed: {ClusterConnection.OneLine(a.Message)}",
            HttpRequestException { InnerException: SocketException s } => $"{server} is unreachable: {ClusterConnection.OneLine(s.Message)}",
            HttpRequestException { InnerException: IOException io } when io.InnerException is SocketException s2 => $"{server} is unreachable: {ClusterConnection.OneLine(s2.Message)}",
            HttpRequestException h2 => $"{server}: {ClusterConnection.OneLine(h2.Message)}",
            AuthenticationException a2 => $"TLS handshake with {server} failed: {ClusterConnection.OneLine(a2.Message)}",
            TaskCanceledException or TimeoutException => $"{server} did not answer in time{deadline}",
            _ => ClusterConnection.OneLine(e.Message),
        };
        var refusal = e is HttpOperationException r ? r.Response?.StatusCode switch
        {
            HttpStatusCode.Forbidden => ApiRefusal.Forbidden,
            HttpStatusCode.NotFound => ApiRefusal.NotFound,
            _ => ApiRefusal.None,
        } : ApiRefusal.None;
        return new ClusterApiException($"{call}: {cause}", e, refusal: refusal, permission: permission);
    }

    private static string Status(string call, HttpOperationException h, string? permission)
    {
        var code = (int)(h.Response?.StatusCode ?? 0);
        var message = StatusMessage(h.Response?.Content);
        return code switch
        {
            401 => "unauthorized: the credentials were rejected (expired token or certificate?)",
            403 => $"forbidden: the credentials may not {call}{(message is null ? "" : $" ({message})")}{(permission is null ? "" : $"; the permission missing: '{permission}'")}",
            404 => $"not found{(message is null ? "" : $" ({message})")}",
            409 => $"conflict{(message is null ? "" : $" ({message})")}",
            _ => $"HTTP {code}{(message is null ? "" : $": {message}")}",
        };
    }

    /// <summary>The <c>message</c> of a Kubernetes <c>Status</c> body, when the body is one.</summary>
    private static string? StatusMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return null;
        try
        {
            using var doc = JsonDocument.Parse(content);
            return doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? ClusterConnection.OneLine(m.GetString()!) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
