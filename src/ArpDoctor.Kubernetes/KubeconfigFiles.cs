using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.RepresentationModel;

namespace ArpDoctor.Kubernetes;

/// <summary>What the client library's model of a user does not carry, read from the file itself.</summary>
/// <param name="TokenFile">kubectl's <c>tokenFile</c>: the bearer token is the file's content, read again when the server answers 401.</param>
/// <param name="AsUid">kubectl's <c>as-uid</c>, sent as <c>Impersonate-Uid</c>.</param>
/// <param name="Directory">The directory of the file that defined the user (an exec plugin's relative command is found from there).</param>
internal sealed record UserExtras(string? TokenFile, string? AsUid, string Directory);

/// <summary>
/// kubeconfig files loaded as kubectl loads them (client-go tools/clientcmd loader.go): every file of a KUBECONFIG
/// list is read and merged, and the first file that sets a value wins: a cluster, user or context of a name is taken
/// whole from the first file defining it, <c>current-context</c> from the first file setting it. Relative paths
/// (certificate-authority, client-certificate, client-key, tokenFile) are relative to the file they are written in.
/// </summary>
internal static class KubeconfigFiles
{
    /// <returns>The merged configuration, what the library's model drops of each user, and each cluster's <c>proxy-url</c>.</returns>
    public static (K8SConfiguration Config, IReadOnlyDictionary<string, UserExtras> Users, IReadOnlyDictionary<string, string> ProxyUrls) Load(IReadOnlyList<FileInfo> files)
    {
        var merged = new K8SConfiguration { Clusters = [], Users = [], Contexts = [] };
        var clusters = new List<Cluster>();
        var users = new List<User>();
        var contexts = new List<Context>();
        var extras = new Dictionary<string, UserExtras>(StringComparer.Ordinal);
        var proxies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file.FullName);
            if (string.IsNullOrWhiteSpace(text)) continue;   // kubectl skips an empty file of the list
            var config = KubernetesClientConfiguration.LoadKubeConfig(file, useRelativePaths: false);
            var directory = file.DirectoryName ?? ".";
            var (raw, rawProxies) = Raw(text);
            merged.CurrentContext = string.IsNullOrEmpty(merged.CurrentContext) ? config.CurrentContext : merged.CurrentContext;
            foreach (var c in config.Clusters ?? [])
            {
                if (clusters.Any(x => x.Name == c.Name)) continue;
                if (c.ClusterEndpoint is { } e) e.CertificateAuthority = Absolute(directory, e.CertificateAuthority);
                if (rawProxies.TryGetValue(c.Name, out var proxy)) proxies[c.Name] = proxy;
                clusters.Add(c);
            }
            foreach (var u in config.Users ?? [])
            {
                if (users.Any(x => x.Name == u.Name)) continue;
                if (u.UserCredentials is { } cred)
                {
                    cred.ClientCertificate = Absolute(directory, cred.ClientCertificate);
                    cred.ClientKey = Absolute(directory, cred.ClientKey);
                }
                raw.TryGetValue(u.Name, out var r);
                extras[u.Name] = new UserExtras(Absolute(directory, r.TokenFile), r.AsUid, directory);
                users.Add(u);
            }
            foreach (var c in config.Contexts ?? [])
                if (!contexts.Any(x => x.Name == c.Name)) contexts.Add(c);
        }
        merged.Clusters = clusters;
        merged.Users = users;
        merged.Contexts = contexts;
        return (merged, extras, proxies);
    }

    private static string? Absolute(string directory, string? path) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(directory, path));

    /// <summary>What the library's model drops: <c>users[].user.tokenFile</c> and <c>as-uid</c> by user, <c>clusters[].cluster.proxy-url</c> by cluster.</summary>
    private static (Dictionary<string, (string? TokenFile, string? AsUid)> Users, Dictionary<string, string> ProxyUrls) Raw(string text)
    {
        var users = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        var proxies = new Dictionary<string, string>(StringComparer.Ordinal);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root) return (users, proxies);
        foreach (var (name, user) in Entries(root, "users", "user"))
            users.TryAdd(name, (Scalar(user, "tokenFile"), Scalar(user, "as-uid")));
        foreach (var (name, cluster) in Entries(root, "clusters", "cluster"))
            if (Scalar(cluster, "proxy-url") is { } proxy) proxies.TryAdd(name, proxy);
        return (users, proxies);
    }

    /// <summary>The named entries of a kubeconfig list: <c>clusters: [{name, cluster: {...}}]</c>.</summary>
    private static IEnumerable<(string Name, YamlMappingNode Body)> Entries(YamlMappingNode root, string list, string body)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(list), out var node) || node is not YamlSequenceNode items) yield break;
        foreach (var item in items.OfType<YamlMappingNode>())
            if (Scalar(item, "name") is { } name && item.Children.TryGetValue(new YamlScalarNode(body), out var b) && b is YamlMappingNode mapping)
                yield return (name, mapping);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrEmpty(s.Value) ? s.Value : null;
}
