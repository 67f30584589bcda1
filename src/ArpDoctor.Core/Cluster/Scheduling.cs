namespace ArpDoctor.Core.Cluster;

/// <summary>
/// Which nodes a pod template may land on, as the scheduler's filters decide it for a DaemonSet: nodeSelector,
/// required node affinity, and NoSchedule/NoExecute taints against tolerations. An approximation: it ignores
/// resources, ports, <c>matchFields</c> and node conditions, so it names where pods <em>may</em> run, not where they do;
/// pods themselves, when the API shows them, are preferred (see <see cref="ArpDoctor.Core.KubeProxy.KubeProxyDeployment"/>).
/// </summary>
public static class Scheduling
{
    public static bool Fits(PodPlacement placement, NodeSnapshot node) =>
        placement.NodeSelector.All(kv => node.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && (placement.RequiredNodeTerms.Count == 0 || placement.RequiredNodeTerms.Any(term => term.All(r => Matches(r, node.Labels))))
        && node.Taints.Where(t => t.Effect is "NoSchedule" or "NoExecute").All(t => placement.Tolerations.Any(tol => Tolerates(tol, t)));

    private static bool Matches(NodeSelectorRequirement r, IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(r.Key, out var value);
        return r.Operator switch
        {
            "In" => has && r.Values.Contains(value!),
            "NotIn" => !has || !r.Values.Contains(value!),
            "Exists" => has,
            "DoesNotExist" => !has,
            "Gt" => has && long.TryParse(value, out var a) && r.Values.Count == 1 && long.TryParse(r.Values[0], out var b) && a > b,
            "Lt" => has && long.TryParse(value, out var c) && r.Values.Count == 1 && long.TryParse(r.Values[0], out var d) && c < d,
            _ => false,
        };
    }

    /// <summary>As the API server defines it: an empty key with Exists tolerates everything; an empty effect matches every effect.</summary>
    private static bool Tolerates(Toleration tol, Taint taint)
    {
        if (!string.IsNullOrEmpty(tol.Effect) && tol.Effect != taint.Effect) return false;
        if (string.IsNullOrEmpty(tol.Key)) return tol.Operator == "Exists";
        if (tol.Key != taint.Key) return false;
        return tol.Operator == "Exists" || (tol.Value ?? "") == (taint.Value ?? "");
    }

    /// <summary>The nodes a DaemonSet runs on: where its pods are, else where its placement fits (<paramref name="fromPods"/> says which).</summary>
    public static IReadOnlyList<string> NodesOf(DaemonSetSnapshot ds, IReadOnlyList<PodSnapshot>? pods, IReadOnlyList<NodeSnapshot> nodes, out bool fromPods)
    {
        var own = (pods ?? []).Where(p => p.OwnedBy(ds) && p.NodeName.Length > 0).Select(p => p.NodeName).Distinct().Order(StringComparer.Ordinal).ToList();
        fromPods = own.Count > 0;
        return fromPods ? own : nodes.Where(n => Fits(ds.Placement, n)).Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
    }
}
