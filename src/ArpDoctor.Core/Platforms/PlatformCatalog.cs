namespace ArpDoctor.Core.Platforms;

/// <summary>
/// Every platform ArpDoctor knows: what becomes of a kube-proxy ConfigMap edit there, and the change that lasts, from
/// each platform's own code and docs (docs/kubernetes.md has the table with the sources).
/// </summary>
public static class PlatformCatalog
{
    private const string Restart = "kubectl -n kube-system rollout restart daemonset kube-proxy";

    public static readonly IReadOnlyList<PlatformInfo> All =
    [
        new(KubeProxyManager.Kubeadm, "kubeadm", null, PatchFate.Lasts,
            "Set ipvs.strictARP: true in kube-proxy's configuration file and restart the kube-proxy DaemonSet ('arpdoctor fix' does both, with a backup); kubeadm upgrade keeps the edit, it re-renders from that ConfigMap.",
            null),
        new(KubeProxyManager.ClusterApi, "Cluster API (kubeadm)", null, PatchFate.Lasts,
            "Cluster API never rewrites kube-proxy's ConfigMap (it only bumps the DaemonSet's image), so 'arpdoctor fix' lasts; for new clusters of the same template add the setting to the kubeadm config they are built from.",
            null),
        new(KubeProxyManager.Kubespray, "Kubespray", "kubespray", PatchFate.LastsUntilPlatformRuns,
            "Kubespray (>= 2.28) rewrites kube-proxy's config.conf from the inventory on upgrade_cluster.yml: set kube_proxy_strict_arp: true in the inventory as well as patching now ('arpdoctor fix', then 'arpdoctor fix --emit kubespray').",
            """
            # Kubespray: inventory/<cluster>/group_vars/k8s_cluster/k8s-cluster.yml
            # upgrade_cluster.yml (>= 2.28) renders kube-proxy's config.conf from it with kubeadm init phase addon kube-proxy.
            kube_proxy_strict_arp: true

            """),
        new(KubeProxyManager.KubeOne, "KubeOne", "kubeone", PatchFate.Reverted,
            "KubeOne (>= 1.9) overwrites kube-proxy's config.conf from the KubeOneCluster manifest on every upgrade and 'kubeone apply --force-upgrade' (a plain 'kubeone apply' does not touch it): set clusterNetwork.kubeProxy.ipvs.strictARP: true there, run 'kubeone apply --force-upgrade', then restart kube-proxy ('arpdoctor fix --emit kubeone').",
            $"""
            # KubeOne >= 1.9: in the KubeOneCluster manifest. A plain 'kubeone apply' leaves kube-proxy alone; this rewrites it:
            #   kubeone apply -m kubeone.yaml -t tf.json --force-upgrade
            #   {Restart}
            # (kubeone.k8c.io/v1beta3 is KubeOne's current API; a v1beta2 manifest converts with 'kubeone config migrate'.)
            apiVersion: kubeone.k8c.io/v1beta3
            kind: KubeOneCluster
            clusterNetwork:
              kubeProxy:
                ipvs:
                  strictARP: true

            """),
        new(KubeProxyManager.Kkp, "Kubermatic KKP", "kkp", PatchFate.Reverted,
            "Kubermatic KKP (>= 2.18) re-applies its kube-proxy addon every few minutes: set spec.clusterNetwork.ipvs.strictArp: true in the user cluster's Cluster object on the seed ('arpdoctor fix --emit kkp'); KKP >= 2.30 restarts kube-proxy itself, older ones need a rollout restart.",
            $"""
            # Kubermatic KKP >= 2.18: the user cluster's Cluster object on the seed (kubectl edit cluster CLUSTER-ID).
            # KKP renders kube-proxy's ConfigMap from it; >= 2.30 restarts kube-proxy itself, older: {Restart}
            apiVersion: kubermatic.k8c.io/v1
            kind: Cluster
            spec:
              clusterNetwork:
                ipvs:
                  strictArp: true

            """),
        new(KubeProxyManager.Rke2, "RKE2", "rke2", PatchFate.NoConfigMap,
            "RKE2 runs kube-proxy as a static pod from its own flags, rewritten on every start: add ipvs-strict-arp=true to kube-proxy-arg in the RKE2 configuration of every node and restart rke2-server/rke2-agent one node at a time ('arpdoctor fix --emit rke2').",
            """
            # RKE2, on every server and agent node: /etc/rancher/rke2/config.yaml.d/90-arpdoctor-strict-arp.yaml
            # ("kube-proxy-arg+" appends to the kube-proxy-arg list config.yaml already has; the proxy mode is left as it is), then
            #   systemctl restart rke2-server   (or rke2-agent), one node at a time
            kube-proxy-arg+:
              - ipvs-strict-arp=true

            """),
        new(KubeProxyManager.RancherRke2, "Rancher-provisioned RKE2", "rancher-rke2", PatchFate.NoConfigMap,
            "Rancher writes each node's RKE2 configuration from its provisioning Cluster: add ipvs-strict-arp=true to spec.rkeConfig.machineGlobalConfig.kube-proxy-arg of the cluster in Rancher (fleet-default namespace of Rancher's local cluster); Rancher rolls the nodes itself ('arpdoctor fix --emit rancher-rke2').",
            """
            # Rancher-provisioned RKE2: Rancher's local cluster, kubectl -n fleet-default edit clusters.provisioning.cattle.io CLUSTER
            # Keep the entries kube-proxy-arg already has and add this one; Rancher rolls the nodes.
            apiVersion: provisioning.cattle.io/v1
            kind: Cluster
            spec:
              rkeConfig:
                machineGlobalConfig:
                  kube-proxy-arg:
                    - ipvs-strict-arp=true

            """),
        new(KubeProxyManager.K3s, "k3s", "k3s", PatchFate.NoConfigMap,
            "k3s runs kube-proxy inside the k3s process, from --kube-proxy-arg: add ipvs-strict-arp=true to kube-proxy-arg in the k3s configuration of every node and restart k3s/k3s-agent one node at a time ('arpdoctor fix --emit k3s').",
            """
            # k3s, on every server and agent node: /etc/rancher/k3s/config.yaml.d/90-arpdoctor-strict-arp.yaml
            # ("kube-proxy-arg+" appends to the kube-proxy-arg list config.yaml already has), then
            #   systemctl restart k3s   (or k3s-agent), one node at a time
            kube-proxy-arg+:
              - ipvs-strict-arp=true

            """),
        new(KubeProxyManager.K0s, "k0s", "k0s", PatchFate.Reverted,
            "k0s renders kube-proxy's ConfigMap from its ClusterConfig and replaces config.conf whenever it re-renders: set spec.network.kubeProxy.ipvs.strictARP: true in the k0s configuration (k0s.yaml on every controller, or the ClusterConfig kube-system/k0s with dynamic config); k0s then rolls kube-proxy itself ('arpdoctor fix --emit k0s').",
            """
            # k0s: /etc/k0s/k0s.yaml on every controller (then restart k0scontroller one at a time),
            # or with dynamic config: kubectl -n kube-system edit clusterconfig k0s. k0s rolls kube-proxy itself.
            apiVersion: k0s.k0sproject.io/v1beta1
            kind: ClusterConfig
            spec:
              network:
                kubeProxy:
                  ipvs:
                    strictARP: true

            """),
        new(KubeProxyManager.Talos, "Talos", "talos", PatchFate.Reverted,
            "Talos renders kube-proxy from the machine config and re-applies it on 'talosctl upgrade-k8s': add ipvs-strict-arp: \"true\" to cluster.proxy.extraArgs in the machine config of every control-plane node, then run 'talosctl upgrade-k8s --to <the current version>' ('arpdoctor fix --emit talos').",
            """
            # Talos: patch the machine config of every control-plane node, then re-render the manifests:
            #   talosctl -n CP1,CP2,CP3 patch mc --patch @strict-arp.yaml
            #   talosctl -n CP1 upgrade-k8s --to <the Kubernetes version the cluster runs>
            cluster:
              proxy:
                extraArgs:
                  ipvs-strict-arp: "true"

            """),
        new(KubeProxyManager.MicroK8s, "MicroK8s", "microk8s", PatchFate.NoConfigMap,
            "MicroK8s runs kube-proxy inside kubelite with the arguments in /var/snap/microk8s/current/args/kube-proxy on each node, which the API does not show: add --ipvs-strict-arp=true there and restart kubelite on every node ('arpdoctor fix --emit microk8s').",
            """
            # MicroK8s, on every node: append to /var/snap/microk8s/current/args/kube-proxy
            #   then: sudo snap restart microk8s.daemon-kubelite
            --ipvs-strict-arp=true

            """),
        new(KubeProxyManager.K8sSnap, "Canonical Kubernetes (k8s-snap)", "k8s-snap", PatchFate.NoConfigMap,
            "Canonical Kubernetes (k8s-snap) runs kube-proxy as a host service with its arguments in /var/snap/k8s/common/args/kube-proxy on each node, which the API does not show: add --ipvs-strict-arp=true there and restart k8s.kube-proxy on every node ('arpdoctor fix --emit k8s-snap').",
            """
            # Canonical Kubernetes (k8s-snap), on every node: append to /var/snap/k8s/common/args/kube-proxy
            #   then: sudo snap restart k8s.kube-proxy
            --ipvs-strict-arp=true

            """),
        new(KubeProxyManager.EksHybrid, "Amazon EKS with hybrid nodes", "eks-hybrid", PatchFate.LastsUntilPlatformRuns,
            "The EKS kube-proxy add-on owns kube-system/kube-proxy-config: an edit works on the hybrid nodes now, but an add-on update with --resolve-conflicts OVERWRITE rewrites it from the add-on's configuration values. Set those too ('arpdoctor fix --emit eks-hybrid'): mode iptables needs no strictARP (EKS deprecates kube-proxy's IPVS mode from 1.35 and removes it in 1.36), or ipvs.strictARP: true where the add-on version's configuration schema lists it.",
            $$$"""
            # Amazon EKS with hybrid nodes: the kube-proxy EKS add-on renders kube-system/kube-proxy-config from its configuration values,
            # and an add-on update with --resolve-conflicts OVERWRITE replaces a hand edit. Which keys this add-on version accepts:
            #   aws eks describe-addon-configuration --addon-name kube-proxy --addon-version VERSION --query configurationSchema --output text
            # Apply, then restart kube-proxy:
            #   aws eks update-addon --cluster-name CLUSTER --addon-name kube-proxy --resolve-conflicts OVERWRITE --configuration-values file://kube-proxy-values.json
            #   {{{Restart}}}
            # kube-proxy-values.json: iptables mode has no kube-ipvs0, so no node answers ARP for a VIP (EKS removes IPVS mode in 1.36).
            # To stay on IPVS where the schema lists ipvs.strictARP: {"mode": "ipvs", "ipvs": {"strictARP": true}}
            {"mode": "iptables"}

            """),
        new(KubeProxyManager.GdcBareMetal, "Google Distributed Cloud (bare metal)", null, PatchFate.NotApplicable,
            "Google Distributed Cloud on bare metal implements Services with Dataplane V2 (anetd), without kube-proxy: nodes do not answer ARP for VIPs on kube-ipvs0, and its bundled MetalLB announces them in layer 2 on the nodes' own network.",
            null),
        new(KubeProxyManager.OpenShift, "OpenShift", null, PatchFate.NotApplicable,
            "OpenShift implements Services with OVN-Kubernetes, without kube-proxy's IPVS mode: nodes do not answer ARP for VIPs on kube-ipvs0.",
            null),
        new(KubeProxyManager.Eks, "Amazon EKS", null, PatchFate.Cloud, CloudAdvice("an AWS VPC"), null),
        new(KubeProxyManager.Aks, "Azure AKS", null, PatchFate.Cloud, CloudAdvice("an Azure VNet"), null),
        new(KubeProxyManager.Gke, "Google GKE", null, PatchFate.Cloud, CloudAdvice("a Google VPC"), null),
    ];

    private static string CloudAdvice(string network) =>
        $"In {network} the cloud's network answers ARP and forwards only to addresses it assigned, so layer-2 announcement of LoadBalancer VIPs (MetalLB L2, kube-vip ARP) does not work there and kube-proxy's ARP answers cannot move traffic; use the cloud's load balancer.";

    public static PlatformInfo Of(KubeProxyManager id) => All.First(p => p.Id == id);

    /// <summary>The words <c>fix --emit</c> accepts.</summary>
    public static IReadOnlyList<string> FragmentWords => All.Where(p => p.Word is not null).Select(p => p.Word!).ToList();

    /// <summary>The fragment <c>fix --emit WORD</c> prints; <c>null</c> for an unknown word.</summary>
    public static string? Fragment(string word) => All.FirstOrDefault(p => p.Word == word)?.Fragment;
}
