namespace ArpDoctor.Core.Platforms;

/// <summary>The strictARP change that each platform keeps, as advice and as the fragment to apply there.</summary>
public static class DurableFix
{
    public static string Advice(KubeProxyManager manager) => manager switch
    {
        KubeProxyManager.Kkp =>
            "Kubermatic KKP (≥ 2.18) re-applies its kube-proxy addon: set spec.clusterNetwork.ipvs.strictArp: true in the user cluster's Cluster object ('arpdoctor fix --emit kkp' prints it).",
        KubeProxyManager.KubeOne =>
            "KubeOne (≥ 1.3) rewrites the ConfigMap on apply and upgrade: set clusterNetwork.kubeProxy.ipvs.strictARP: true in the KubeOneCluster manifest, then run 'kubeone apply' ('arpdoctor fix --emit kubeone' prints it).",
        KubeProxyManager.Rke2 =>
            "RKE2 runs kube-proxy from flags, with no ConfigMap: add 'kube-proxy-arg: [ipvs-strict-arp=true]' to /etc/rancher/rke2/config.yaml on every node and restart rke2-server/rke2-agent ('arpdoctor fix --emit rke2' prints it).",
        KubeProxyManager.Kubespray =>
            "Kubespray rewrites the ConfigMap when its playbooks run again: set kube_proxy_strict_arp: true in the inventory's group_vars/k8s_cluster/k8s-net-*.yml or k8s-cluster.yml as well as patching now ('arpdoctor fix').",
        _ =>
            "Set ipvs.strictARP: true in kube-system/kube-proxy's config.conf and restart the kube-proxy DaemonSet ('arpdoctor fix' does both, with a backup).",
    };

    /// <summary>The fragment <c>fix --emit WORD</c> prints; <c>null</c> for an unknown word.</summary>
    public static string? Fragment(string word) => word switch
    {
        "kkp" => """
            # Kubermatic KKP >= 2.18: the user cluster's Cluster object (kubectl edit cluster CLUSTER-ID on the seed).
            # KKP renders kube-proxy's ConfigMap from it, so the change survives the addon being re-applied.
            apiVersion: kubermatic.k8c.io/v1
            kind: Cluster
            spec:
              clusterNetwork:
                proxyMode: ipvs
                ipvs:
                  strictArp: true

            """,
        "kubeone" => """
            # KubeOne >= 1.3: in the KubeOneCluster manifest, then run: kubeone apply -m kubeone.yaml -t .
            apiVersion: kubeone.k8c.io/v1beta2
            kind: KubeOneCluster
            clusterNetwork:
              kubeProxy:
                ipvs:
                  strictARP: true

            """,
        "rke2" => """
            # RKE2: /etc/rancher/rke2/config.yaml on every server and agent node, then
            # systemctl restart rke2-server (or rke2-agent) one node at a time.
            kube-proxy-arg:
              - proxy-mode=ipvs
              - ipvs-strict-arp=true

            """,
        _ => null,
    };

    public static readonly IReadOnlyList<string> FragmentWords = ["kkp", "kubeone", "rke2"];

    public static string? FragmentWord(KubeProxyManager manager) => manager switch
    {
        KubeProxyManager.Kkp => "kkp",
        KubeProxyManager.KubeOne => "kubeone",
        KubeProxyManager.Rke2 => "rke2",
        _ => null,
    };
}
