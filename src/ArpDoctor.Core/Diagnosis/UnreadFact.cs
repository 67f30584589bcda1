using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>
/// A read the verdict can do without that the API server refused (403 or 404): what was not read, why, what is
/// therefore not known, and the permission that would read it.
/// </summary>
/// <param name="What">What was not read, in the API's words: <c>leases</c>, <c>nodes</c>.</param>
/// <param name="Reason"><c>forbidden</c> or <c>not found</c>.</param>
/// <param name="Consequence">What is not known without it: <c>the kube-vip announcer is not known</c>.</param>
/// <param name="Permission">The permission as <c>kubectl auth can-i</c> asks for it, when known.</param>
/// <param name="Detail">The failed call's one-line message.</param>
public sealed record UnreadFact(string What, string Reason, string Consequence, string? Permission, string Detail)
{
    /// <summary>The note as users read it: <c>could not read leases (forbidden): the kube-vip announcer is not known</c>.</summary>
    public string Note => $"could not read {What} ({Reason}): {Consequence}";
}

/// <summary>Reads through the API where some reads are optional: a refused optional read becomes an <see cref="UnreadFact"/>, the rest propagate.</summary>
public sealed class PartialRead
{
    private readonly List<UnreadFact> _unread = [];

    public IReadOnlyList<UnreadFact> Unread => _unread;

    /// <summary>
    /// Runs <paramref name="read"/>; when the server refuses it (403 or 404) records what is not known and returns
    /// <paramref name="otherwise"/>. Any other failure (unreachable, timeout, 5xx, a local bug) propagates: it is not a
    /// permission the cluster's owner chose to withhold, and would hide the same from every other read.
    /// </summary>
    public async Task<T> OptionalAsync<T>(string what, string consequence, T otherwise, Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (ClusterApiException e) when (e.Refusal != ApiRefusal.None)
        {
            _unread.Add(Describe(what, consequence, e));
            return otherwise;
        }
    }

    /// <summary>Notes a refused read that the caller judged optional after all.</summary>
    public void Add(string what, string consequence, ClusterApiException refused) => _unread.Add(Describe(what, consequence, refused));

    /// <summary>Runs <paramref name="read"/>; a refusal (403/404) is returned, not thrown, for a caller that decides later whether it was needed.</summary>
    public static async Task<(T Value, ClusterApiException? Refused)> TryAsync<T>(Func<Task<T>> read, T otherwise)
    {
        try
        {
            return (await read().ConfigureAwait(false), null);
        }
        catch (ClusterApiException e) when (e.Refusal != ApiRefusal.None)
        {
            return (otherwise, e);
        }
    }

    /// <summary>The note for a refused read <paramref name="e"/>.</summary>
    public static UnreadFact Describe(string what, string consequence, ClusterApiException e) =>
        new(what, e.Refusal == ApiRefusal.Forbidden ? "forbidden" : "not found", consequence, e.Permission, e.Message);
}
