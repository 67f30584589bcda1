using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Platforms;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>
/// Which of a kube-proxy's nodes answer ARP for VIPs where it matters when strictARP is off: those on a layer-2 network.
/// A node in a cloud's network (an EC2 node beside EKS hybrid nodes) answers too, but its network carries no layer-2
/// announcement (the cloud-nodes finding says so), so it is left out and named apart.
/// </summary>
/// <param name="OnLayer2">The nodes that answer on a layer-2 network; <c>null</c> for every node of the cluster.</param>
/// <param name="InCloud">The kube-proxy's nodes in a cloud's network, left out.</param>
public sealed record NodesAnswering(IReadOnlyList<string>? OnLayer2, IReadOnlyList<string> InCloud)
{
    /// <summary><c>every node answers</c>, or <c>n2, n3 answer</c>.</summary>
    public string Phrase => OnLayer2 is null ? "every node answers" : $"{AnnouncingNodes.Names(OnLayer2)} answer{(OnLayer2.Count == 1 ? "s" : "")}";

    /// <summary>All the kube-proxy's nodes are in a cloud's network: its ARP answers move no traffic.</summary>
    public bool OnlyInCloud => OnLayer2 is { Count: 0 } && InCloud.Count > 0;

    /// <param name="nodes">The Linux nodes the kube-proxy runs on.</param>
    /// <param name="every">It runs on every Linux node of the cluster.</param>
    /// <param name="cloud">The cluster's nodes in a cloud's network (<see cref="CloudNodes"/>).</param>
    public static NodesAnswering Of(IReadOnlyList<string> nodes, bool every, IReadOnlySet<string> cloud)
    {
        var inCloud = nodes.Where(cloud.Contains).ToList();
        return new NodesAnswering(every && inCloud.Count == 0 ? null : nodes.Where(n => !cloud.Contains(n)).ToList(), inCloud);
    }

    /// <summary>The nodes in a cloud's network of a cluster that also has nodes on a layer-2 one; empty otherwise.</summary>
    public static HashSet<string> CloudNodes(IReadOnlyList<NodeSnapshot> nodes) =>
        NodePlatforms.CloudNodesOfMixed(nodes).Select(n => n.Node).ToHashSet(StringComparer.Ordinal);
}
