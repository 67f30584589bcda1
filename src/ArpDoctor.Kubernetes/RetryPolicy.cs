using System.Net;

namespace ArpDoctor.Kubernetes;

/// <summary>What failed in one attempt: an HTTP status (with its <c>Retry-After</c>), or the connection dropping before an answer.</summary>
internal readonly record struct AttemptOutcome(HttpStatusCode? Status, TimeSpan? RetryAfter, bool ConnectionDropped);

/// <summary>
/// When to try a request again, as client-go does (k8s.io/client-go/rest/request.go and with_retry.go: a 429 or 5xx
/// answer with <c>Retry-After</c> is waited out and tried again, a GET whose connection was reset is tried again; at most
/// 10 retries), with client-go's capped exponential backoff with jitter (k8s.io/apimachinery wait.Backoff) where no
/// <c>Retry-After</c> says how long. A write is tried again only when a second attempt cannot do twice what the
/// first did: a 429 (API Priority and Fairness refuses before anything is done), or a patch carrying the
/// resourceVersion it was computed from (if the first landed, the second is a 409 the caller already handles).
/// </summary>
internal static class RetryPolicy
{
    /// <summary>client-go's default <c>maxRetries</c>.</summary>
    public const int MaxRetries = 10;

    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait before retry number <paramref name="retry"/> (1-based); <c>null</c>: do not retry, the outcome stands.</summary>
    /// <param name="safe">The request may be sent twice: a GET (or HEAD), or a patch carrying its resourceVersion.</param>
    /// <param name="jitter">A random number in [0, 1): the backoff is stretched by up to as much again, so many clients do not retry in step.</param>
    public static TimeSpan? Wait(AttemptOutcome outcome, bool safe, int retry, double jitter)
    {
        if (retry > MaxRetries) return null;
        if (outcome.ConnectionDropped) return safe ? Backoff(retry, jitter) : null;
        if (outcome.Status is not { } status) return null;
        int code = (int)status;
        if (code == 429) return outcome.RetryAfter ?? Backoff(retry, jitter);
        if (code < 500 || !safe) return null;
        // 503 and other 5xx: the server's Retry-After when it gives one, else backoff.
        return outcome.RetryAfter ?? Backoff(retry, jitter);
    }

    /// <summary>200 ms doubling per retry up to 5 s, then stretched by jitter (client-go's wait.Jitter with factor 1).</summary>
    public static TimeSpan Backoff(int retry, double jitter)
    {
        var baseWait = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(retry - 1, 20)));
        return baseWait + baseWait * Math.Clamp(jitter, 0, 1);
    }
}
