namespace ArpDoctor.Kubernetes;

/// <summary>The permission a call needs, written as <c>kubectl auth can-i</c> asks for it, so a refusal names what to grant.</summary>
internal static class Permissions
{
    /// <param name="resource">Plural, with its group when not the core group: <c>daemonsets.apps</c>, <c>leases.coordination.k8s.io</c>.</param>
    /// <param name="ns">The namespace; <c>null</c> for every namespace (<c>-A</c>) or a cluster-scoped resource (<paramref name="clusterScoped"/>).</param>
    public static string CanI(string verb, string resource, string? ns = null, string? name = null, bool clusterScoped = false) =>
        $"kubectl auth can-i {verb} {resource}{(name is null ? "" : $"/{name}")}{(clusterScoped ? "" : ns is null ? " -A" : $" -n {ns}")}";
}
