using System.Net;
using System.Net.Sockets;

namespace ArpDoctor.Kubernetes;

/// <summary>
/// Tries a request again as <see cref="RetryPolicy"/> says, all within one deadline (<c>--request-timeout</c>): a wait
/// that would end after it is not begun, and the last answer stands (so the user reads the server's 429 or 503, not a
/// timeout). Watches are streams, resumed by their owner, and pass through.
/// </summary>
internal sealed class RetryHandler(TimeSpan deadline, TimeProvider time, Func<double>? jitter = null) : DelegatingHandler
{
    private readonly Func<double> _jitter = jitter ?? Random.Shared.NextDouble;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestDeadline.IsWatch(request) || IsProxy(request)) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var started = time.GetTimestamp();
        bool? safe = null;
        for (int retry = 1; ; retry++)
        {
            HttpResponseMessage? response = null;
            AttemptOutcome outcome;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return response;
                outcome = new AttemptOutcome(response.StatusCode, RetryAfter(response), false);
            }
            catch (HttpRequestException e) when (Dropped(e) && !cancellationToken.IsCancellationRequested)
            {
                outcome = new AttemptOutcome(null, null, true);
                safe ??= await IsSafeAsync(request).ConfigureAwait(false);
                var againAfterDrop = RetryPolicy.Wait(outcome, safe.Value, retry, _jitter());
                if (againAfterDrop is not { } dropWait || !Fits(started, dropWait)) throw;
                await Task.Delay(dropWait, time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            safe ??= await IsSafeAsync(request).ConfigureAwait(false);
            var again = RetryPolicy.Wait(outcome, safe.Value, retry, _jitter());
            if (again is not { } wait || !Fits(started, wait)) return response;
            response.Dispose();
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A request through the API server's proxy (<c>…/pods/NAME:PORT/proxy/…</c>): its 5xx is the Pod's own answer passed
    /// back (an agent not ready), which asking again soon does not change; its caller bounds it and names the status.
    /// </summary>
    private static bool IsProxy(HttpRequestMessage request) =>
        request.RequestUri?.AbsolutePath.Contains("/proxy/", StringComparison.Ordinal) == true;

    /// <summary>The wait ends, with time for one more answer, before the deadline.</summary>
    private bool Fits(long started, TimeSpan wait) =>
        deadline == Timeout.InfiniteTimeSpan || time.GetElapsedTime(started) + wait < deadline;

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The connection was reset or closed before a whole answer (client-go's IsConnectionReset / IsProbableEOF); a refused connection is not retried.</summary>
    private static bool Dropped(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ResponseEnded
        || e.InnerException is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }
        || Socket(e) is SocketError.ConnectionReset or SocketError.ConnectionAborted;

    private static SocketError? Socket(Exception e)
    {
        for (var x = e.InnerException; x is not null; x = x.InnerException)
            if (x is SocketException s) return s.SocketErrorCode;
        return null;
    }

    /// <summary>A GET/HEAD, or a patch whose body carries the resourceVersion it was computed from (a precondition).</summary>
    private static async Task<bool> IsSafeAsync(HttpRequestMessage request)
    {
        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head) return true;
        if (request.Method != HttpMethod.Patch || request.Content is null) return false;
        var body = await request.Content.ReadAsStringAsync().ConfigureAwait(false);
        return body.Contains("\"resourceVersion\"", StringComparison.Ordinal);
    }
}
