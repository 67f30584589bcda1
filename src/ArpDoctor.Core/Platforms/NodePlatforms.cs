using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.Platforms;

/// <summary>Where a node's network is: a cloud's (which carries no layer-2 announcement) or one ARP works on.</summary>
public enum NodeNetwork
{
    /// <summary>A segment ARP works on: on premises, at the edge, or an unknown network (nothing says cloud).</summary>
    Layer2,
    /// <summary>A cloud's virtual network: it answers ARP itself and forwards only to addresses it assigned.</summary>
    Cloud,
}

/// <summary>One node's platform, the network it is in, and the marker that showed it.</summary>
public sealed record NodePlatform(string Node, string Platform, NodeNetwork Network, string Evidence);

/// <summary>
/// Classifies each node on its own, from what each platform's node agent writes on the Node (sources in
/// docs/kubernetes.md): a cluster may mix EC2 and EKS hybrid nodes, and an on-premises distribution may carry a
/// cloud vendor's kubelet version (Google Distributed Cloud's <c>-gke.</c>). Most specific first; a node no rule knows
/// is on a layer-2 network, since nothing says it is not.
/// </summary>
public static class NodePlatforms
{
    public const string EksHybrid = "EKS Hybrid Nodes", Eks = "Amazon EKS (EC2)", GdcBareMetal = "Google Distributed Cloud (bare metal)",
        Gke = "Google GKE", AksArc = "AKS Arc (Azure Local)", Aks = "Azure AKS", Harvester = "Harvester", K8sSnap = "Canonical Kubernetes (k8s-snap)",
        Ec2 = "AWS EC2", AzureVm = "Azure VM", Gce = "Google Compute Engine", Unknown = "no cloud marker";

    private static readonly (string Platform, NodeNetwork Network, Func<NodeSnapshot, string?> Marker)[] Rules =
    [
        // aws/eks-hybrid internal/kubelet/config.go: nodeadm registers hybrid nodes with this label and an eks-hybrid:/// provider ID.
        (EksHybrid, NodeNetwork.Layer2, n => Label(n, k => k == "eks.amazonaws.com/compute-type", v => v == "hybrid") ?? ProviderId(n, "eks-hybrid://")),
        (GdcBareMetal, NodeNetwork.Layer2, n => Label(n, k => k.StartsWith("baremetal.cluster.gke.io/", StringComparison.Ordinal))
            ?? Annotation(n, k => k.StartsWith("baremetal.cluster.gke.io/", StringComparison.Ordinal)) ?? ProviderId(n, "baremetal://")),
        // Cluster API's Azure Stack HCI provider (AKS Arc) sets moc://VM as the provider ID.
        (AksArc, NodeNetwork.Layer2, n => ProviderId(n, "moc://")),
        (Harvester, NodeNetwork.Layer2, n => ProviderId(n, "harvester://") ?? Label(n, k => k.StartsWith("harvesterhci.io/", StringComparison.Ordinal))),
        // canonical/k8s src/k8s/pkg/k8sd/setup: kubelet --node-labels k8sd.io/role=control-plane|worker.
        (K8sSnap, NodeNetwork.Layer2, n => Label(n, k => k == "k8sd.io/role")),
        (Eks, NodeNetwork.Cloud, n => Label(n, k => k.StartsWith("eks.amazonaws.com/", StringComparison.Ordinal)) ?? Kubelet(n, "-eks-")),
        (Aks, NodeNetwork.Cloud, n => Label(n, k => k.StartsWith("kubernetes.azure.com/", StringComparison.Ordinal))),
        (Gke, NodeNetwork.Cloud, n => Label(n, k => k.StartsWith("cloud.google.com/gke-", StringComparison.Ordinal)) ?? Kubelet(n, "-gke.")),
        // A provider ID alone says where the VM runs (its network), not who manages kube-proxy: kubeadm on EC2 has aws://.
        (Ec2, NodeNetwork.Cloud, n => ProviderId(n, "aws://")),
        (AzureVm, NodeNetwork.Cloud, n => ProviderId(n, "azure://")),
        (Gce, NodeNetwork.Cloud, n => ProviderId(n, "gce://")),
    ];

    public static NodePlatform Of(NodeSnapshot node)
    {
        foreach (var (platform, network, marker) in Rules)
            if (marker(node) is { } evidence) return new NodePlatform(node.Name, platform, network, evidence);
        return new NodePlatform(node.Name, Unknown, NodeNetwork.Layer2, $"node {node.Name}: no cloud provider's label or provider ID");
    }

    public static IReadOnlyList<NodePlatform> Of(IReadOnlyList<NodeSnapshot> nodes) => nodes.Select(Of).ToList();

    /// <summary>The nodes in a cloud's network, when the cluster also has nodes on a layer-2 network; empty otherwise.</summary>
    public static IReadOnlyList<NodePlatform> CloudNodesOfMixed(IReadOnlyList<NodeSnapshot> nodes)
    {
        var all = Of(nodes);
        return all.Any(n => n.Network == NodeNetwork.Layer2) ? all.Where(n => n.Network == NodeNetwork.Cloud).ToList() : [];
    }

    private static string? Label(NodeSnapshot n, Func<string, bool> key, Func<string, bool>? value = null) =>
        n.Labels.Where(kv => key(kv.Key) && (value is null || value(kv.Value))).Select(kv => $"node {n.Name} label {kv.Key}={kv.Value}").Order(StringComparer.Ordinal).FirstOrDefault();

    private static string? Annotation(NodeSnapshot n, Func<string, bool> key) =>
        n.Annotations.Where(kv => key(kv.Key)).Select(kv => $"node {n.Name} annotation {kv.Key}").Order(StringComparer.Ordinal).FirstOrDefault();

    private static string? ProviderId(NodeSnapshot n, string prefix) =>
        n.ProviderId.StartsWith(prefix, StringComparison.Ordinal) ? $"node {n.Name} providerID {n.ProviderId}" : null;

    private static string? Kubelet(NodeSnapshot n, string part) =>
        n.KubeletVersion.Contains(part, StringComparison.Ordinal) ? $"node {n.Name} kubeletVersion {n.KubeletVersion}" : null;
}
