using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ArpDoctor.Kubernetes;

/// <summary>One line of a watch: its type (ADDED, MODIFIED, DELETED, BOOKMARK) and object.</summary>
internal sealed record ServiceWatchEvent(string Type, V1Service? Service);

/// <summary>
/// <c>GET /api/v1/services?watch=true</c> through the client's own HTTP pipeline and credentials, read line
/// by line. KubernetesClient.Aot (the client built for native AOT) has no watch API; its source-generated
/// JSON context still decodes each object.
/// </summary>
internal static class ServiceWatch
{
    /// <summary>How long the client waits for a watch the server should have ended after <paramref name="timeoutSeconds"/>.</summary>
    public static TimeSpan ClientDeadline(int timeoutSeconds) => TimeSpan.FromSeconds(timeoutSeconds * 1.25 + 1);

    public static async IAsyncEnumerable<ServiceWatchEvent> ReadAsync(
        IKubernetes client, string resourceVersion, int timeoutSeconds, [EnumeratorCancellation] CancellationToken ct)
    {
        var k = (k8s.Kubernetes)client;
        var query = string.Create(CultureInfo.InvariantCulture,
            $"api/v1/services?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}&timeoutSeconds={timeoutSeconds}");
        var baseUri = k.BaseUri.AbsoluteUri.EndsWith('/') ? k.BaseUri : new Uri(k.BaseUri.AbsoluteUri + "/");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, query));
        if (k.Credentials is { } credentials)
            await credentials.ProcessHttpRequestAsync(request, ct).ConfigureAwait(false);
        using var response = await k.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var content = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new HttpOperationException($"watch services: HTTP {(int)response.StatusCode}")
            {
                Request = new HttpRequestMessageWrapper(request, null),
                Response = new HttpResponseMessageWrapper(response, content),
            };
        }
        // The server ends a watch after timeoutSeconds. A connection that died silently (half-open: no FIN, no RST)
        // would leave this read waiting for ever while the Service list goes stale, so the client keeps its own
        // deadline a little past the server's, and then ends the watch as the server would have: the caller re-lists.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(ClientDeadline(timeoutSeconds));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                yield break;
            }
            if (line is null) yield break;
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var type = doc.RootElement.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            if (!doc.RootElement.TryGetProperty("object", out var o) || o.ValueKind != JsonValueKind.Object)
            {
                yield return new ServiceWatchEvent(type, null);
                continue;
            }
            // An ERROR event ends the watch with a Status (410 Gone: the resourceVersion is too old), as the
            // regular client reports it: a KubernetesException carrying that Status.
            if (type == "ERROR")
                throw KubernetesJson.Deserialize<V1Status>(o) is { } status
                    ? new KubernetesException(status)
                    : new KubernetesException("watch ERROR event without a Status");
            yield return new ServiceWatchEvent(type, KubernetesJson.Deserialize<V1Service>(o));
        }
    }
}
