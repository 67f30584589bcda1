using System.Net;

namespace ArpDoctor.Agent;

/// <summary>
/// <c>/metrics</c> (Prometheus text format), <c>/healthz</c> (the probe loop is alive) and <c>/readyz</c>
/// (Services listed and fresh, every interface up and probed; else 503 and why) on one port, over <see cref="HttpListener"/>: no web framework
/// in an image that must start fast and stay small.
/// </summary>
public sealed class AgentHttp(AgentMetrics metrics, Func<bool> healthy, Func<string?> notReady) : IDisposable
{
    private HttpListener? _listener;
    private Task _serving = Task.CompletedTask;

    /// <summary>Starts serving on <paramref name="endpoint"/> (address 0.0.0.0 means every address); the error is one sentence.</summary>
    public string? Start(IPEndPoint endpoint, CancellationToken ct)
    {
        var host = endpoint.Address.Equals(IPAddress.Any) ? "+" : endpoint.Address.ToString();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://{host}:{endpoint.Port}/");
        try
        {
            listener.Start();
        }
        catch (Exception e) when (e is HttpListenerException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            listener.Close();
            return $"cannot listen on {endpoint}: {e.Message}";
        }
        _listener = listener;
        _serving = ServeAsync(listener, ct);
        return null;
    }

    private async Task ServeAsync(HttpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context, ct), CancellationToken.None);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken ct)
    {
        var response = context.Response;
        try
        {
            switch (context.Request.Url?.AbsolutePath)
            {
                case "/metrics":
                    response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                    using (var buffer = new MemoryStream())
                    {
                        await metrics.ExportAsync(buffer, ct).ConfigureAwait(false);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(response.OutputStream, ct).ConfigureAwait(false);
                    }
                    break;
                case "/healthz":
                    await Text(response, healthy() ? 200 : 503, healthy() ? "ok\n" : "probe loop stalled\n", ct).ConfigureAwait(false);
                    break;
                case "/readyz":
                    var why = notReady();
                    await Text(response, why is null ? 200 : 503, why is null ? "ok\n" : why + "\n", ct).ConfigureAwait(false);
                    break;
                default:
                    await Text(response, 404, "not found: try /metrics, /healthz, /readyz\n", ct).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The scraper went away; nothing to tell it.
        }
        finally
        {
            try { response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        }
    }

    private static async Task Text(HttpListenerResponse response, int status, string body, CancellationToken ct)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        await response.OutputStream.WriteAsync(bytes, ct).ConfigureAwait(false);
    }

    public void Dispose()
    {
        try { _listener?.Stop(); _listener?.Close(); } catch (ObjectDisposedException) { }
        try { _serving.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }
}
