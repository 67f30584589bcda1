using System.Net;
using System.Net.Http.Headers;

namespace ArpDoctor.Kubernetes;

/// <summary>Who the requests speak as, beyond what the client library sends: kubectl's impersonation and <c>tokenFile</c>.</summary>
/// <param name="TokenFile">The bearer token is this file's content, read again when the server answers 401 (a rotated token).</param>
/// <param name="As">kubectl's <c>as</c>: <c>Impersonate-User</c>.</param>
/// <param name="AsGroups">kubectl's <c>as-groups</c>: one <c>Impersonate-Group</c> each.</param>
/// <param name="AsUid">kubectl's <c>as-uid</c>: <c>Impersonate-Uid</c>.</param>
/// <param name="AsExtra">kubectl's <c>as-user-extra</c>: <c>Impersonate-Extra-KEY</c>, one header per value.</param>
internal sealed record Identity(string? TokenFile, string? As, IReadOnlyList<string> AsGroups, string? AsUid, IReadOnlyDictionary<string, IReadOnlyList<string>> AsExtra)
{
    public static readonly Identity None = new(null, null, [], null, new Dictionary<string, IReadOnlyList<string>>());

    public bool Impersonates => As is not null || AsGroups.Count > 0 || AsUid is not null || AsExtra.Count > 0;

    /// <summary>The token in <paramref name="path"/>, as client-go reads a token file: its content, surrounding whitespace trimmed.</summary>
    public static string ReadToken(string path) => File.ReadAllText(path).Trim();
}

/// <summary>
/// Sends what kubectl sends for <see cref="Identity"/>, and no credentials over plain HTTP (as kubectl: a bearer token
/// to an <c>http://</c> server would cross the network readable by anyone on the way).
/// </summary>
internal sealed class IdentityHandler(Identity identity) : DelegatingHandler
{
    private string? _token = identity.TokenFile is { } f ? Identity.ReadToken(f) : null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Impersonate(request);
        if (request.RequestUri?.Scheme == Uri.UriSchemeHttp)
        {
            request.Headers.Authorization = null;
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        if (_token is { } sent) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sent);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || identity.TokenFile is not { } file) return response;
        // The token may have been rotated in the file since it was read (a projected service account token): read it again.
        string fresh;
        try
        {
            fresh = Identity.ReadToken(file);
        }
        catch (IOException)
        {
            return response;
        }
        if (fresh == _token) return response;
        _token = fresh;
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void Impersonate(HttpRequestMessage request)
    {
        if (!identity.Impersonates) return;
        foreach (var name in request.Headers.Select(h => h.Key).Where(k => k.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase)).ToList())
            request.Headers.Remove(name);
        if (identity.As is { } user) request.Headers.TryAddWithoutValidation("Impersonate-User", user);
        foreach (var group in identity.AsGroups) request.Headers.TryAddWithoutValidation("Impersonate-Group", group);
        if (identity.AsUid is { } uid) request.Headers.TryAddWithoutValidation("Impersonate-Uid", uid);
        foreach (var (key, values) in identity.AsExtra)
            foreach (var value in values) request.Headers.TryAddWithoutValidation($"Impersonate-Extra-{Uri.EscapeDataString(key)}", value);
    }
}
