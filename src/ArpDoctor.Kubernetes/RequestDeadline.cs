namespace ArpDoctor.Kubernetes;

/// <summary>
/// One deadline for a whole API request, its answer's body included: the client reads bodies after the HTTP
/// timeout stops counting, so a server that sends headers and then trickles the body could hold a verb for ever.
/// The body is read into memory under the deadline and the caller's token, also when there is no deadline
/// (<c>--request-timeout 0</c>): the client reads a body without the caller's token, so Ctrl-C during a trickled
/// answer went unheard until the body ended. Watches are streams and are left alone.
/// </summary>
internal sealed class RequestDeadline(TimeSpan timeout) : DelegatingHandler
{
    public TimeSpan Timeout { get; } = timeout;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (IsWatch(request))
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Timeout != System.Threading.Timeout.InfiniteTimeSpan) deadline.CancelAfter(Timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(deadline.Token).ConfigureAwait(false);
            return response;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpIOException or IOException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new TimeoutException($"no complete answer within {Timeout}", e);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    internal static bool IsWatch(HttpRequestMessage request) =>
        request.RequestUri?.Query is { } q && (q.Contains("watch=true", StringComparison.Ordinal) || q.Contains("watch=1", StringComparison.Ordinal));
}
