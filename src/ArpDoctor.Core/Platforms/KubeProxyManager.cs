namespace ArpDoctor.Core.Platforms;

/// <summary>Who owns kube-proxy's configuration, and so where a strictARP change lasts.</summary>
public enum KubeProxyManager
{
    /// <summary>Plain kubeadm (or unknown): the ConfigMap is the source of truth; patch and restart.</summary>
    Kubeadm,
    /// <summary>Kubermatic KKP: its kube-proxy addon is re-applied within minutes.</summary>
    Kkp,
    /// <summary>KubeOne: rewrites the ConfigMap on <c>kubeone apply</c> and upgrades.</summary>
    KubeOne,
    /// <summary>RKE2: kube-proxy is a static pod configured by flags; there is no ConfigMap.</summary>
    Rke2,
    /// <summary>Kubespray: re-running its playbooks rewrites the ConfigMap.</summary>
    Kubespray,
}

/// <summary>The platform, the markers that showed it, and the change that survives its reconciler.</summary>
public sealed record PlatformDetection(KubeProxyManager Manager, IReadOnlyList<string> Evidence)
{
    public string Name => Manager switch
    {
        KubeProxyManager.Kkp => "Kubermatic KKP",
        KubeProxyManager.KubeOne => "KubeOne",
        KubeProxyManager.Rke2 => "RKE2",
        KubeProxyManager.Kubespray => "Kubespray",
        _ => "kubeadm",
    };

    /// <summary>Whether something re-applies kube-proxy's configuration, undoing a ConfigMap patch.</summary>
    public bool RevertsConfigMapPatch => Manager is KubeProxyManager.Kkp or KubeProxyManager.KubeOne or KubeProxyManager.Rke2;
}
