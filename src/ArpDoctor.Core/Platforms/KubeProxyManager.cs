namespace ArpDoctor.Core.Platforms;

/// <summary>Who owns kube-proxy's configuration, and so where a strictARP change lasts. <see cref="PlatformCatalog.Of"/> says the rest.</summary>
public enum KubeProxyManager
{
    /// <summary>Plain kubeadm (or unknown): the ConfigMap is the source of truth; patch and restart.</summary>
    Kubeadm,
    /// <summary>Cluster API with the kubeadm bootstrap and control-plane providers: kubeadm underneath.</summary>
    ClusterApi,
    /// <summary>Kubermatic KKP: its kube-proxy addon is re-applied within minutes.</summary>
    Kkp,
    /// <summary>KubeOne: rewrites the ConfigMap on apply and upgrades.</summary>
    KubeOne,
    /// <summary>RKE2: kube-proxy is a static pod configured by flags; there is no ConfigMap.</summary>
    Rke2,
    /// <summary>RKE2 provisioned by Rancher: Rancher's plan writes the node configuration.</summary>
    RancherRke2,
    /// <summary>k3s: kube-proxy runs inside the k3s process, configured by <c>--kube-proxy-arg</c>.</summary>
    K3s,
    /// <summary>Kubespray: re-running its playbooks rewrites the ConfigMap.</summary>
    Kubespray,
    /// <summary>k0s: renders kube-proxy's DaemonSet and ConfigMap from its ClusterConfig.</summary>
    K0s,
    /// <summary>Talos: renders kube-proxy from the machine config; <c>talosctl upgrade-k8s</c> re-applies it.</summary>
    Talos,
    /// <summary>MicroK8s: kube-proxy runs inside kubelite with arguments in a file on each node.</summary>
    MicroK8s,
    /// <summary>OpenShift: OVN-Kubernetes implements Services; no kube-proxy IPVS.</summary>
    OpenShift,
    /// <summary>Canonical Kubernetes (k8s-snap): kube-proxy is a host service with its arguments in a file on each node.</summary>
    K8sSnap,
    /// <summary>Google Distributed Cloud on bare metal: Dataplane V2 implements Services; no kube-proxy.</summary>
    GdcBareMetal,
    /// <summary>Amazon EKS with hybrid nodes on premises: the EKS kube-proxy add-on, on a layer-2 network.</summary>
    EksHybrid,
    Eks,
    Aks,
    Gke,
}

/// <summary>What becomes of a hand edit of kube-proxy's ConfigMap on a platform.</summary>
public enum PatchFate
{
    /// <summary>The ConfigMap is the source of truth: the edit lasts.</summary>
    Lasts,
    /// <summary>The edit works now, but the platform's next run (playbook, upgrade) rewrites it unless its own setting is changed too.</summary>
    LastsUntilPlatformRuns,
    /// <summary>The platform re-applies its own configuration: the edit is reverted; <c>fix</c> refuses without <c>--force</c>.</summary>
    Reverted,
    /// <summary>No ConfigMap to edit (flags, a file on the node, or an embedded kube-proxy).</summary>
    NoConfigMap,
    /// <summary>A cloud-managed cluster: layer-2 announcement of VIPs does not happen there.</summary>
    Cloud,
    /// <summary>No kube-proxy IPVS on this platform.</summary>
    NotApplicable,
}

/// <summary>One platform: its name, the fate of a ConfigMap edit, the fix that lasts, and the fragment <c>fix --emit WORD</c> prints.</summary>
public sealed record PlatformInfo(KubeProxyManager Id, string Name, string? Word, PatchFate Fate, string Advice, string? Fragment);

/// <summary>The platform, the markers that showed it, and the change that survives its reconciler.</summary>
public sealed record PlatformDetection(KubeProxyManager Manager, IReadOnlyList<string> Evidence)
{
    public PlatformInfo Info => PlatformCatalog.Of(Manager);
    public string Name => Info.Name;

    /// <summary>Whether something re-applies kube-proxy's configuration, undoing a ConfigMap patch.</summary>
    public bool RevertsConfigMapPatch => Info.Fate is PatchFate.Reverted or PatchFate.NoConfigMap;
}
