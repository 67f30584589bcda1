namespace ArpDoctor.Core.KubeProxy;

/// <summary>What kube-proxy runs with: the file's values with the command-line flags on top.</summary>
public sealed record KubeProxySettings(KubeProxyConfig File, KubeProxyFlags Flags)
{
    public ProxyMode Mode => Flags.ProxyMode is { } m ? ProxyModes.FromWord(m) : File.Mode;
    public bool StrictArp => Flags.StrictArp ?? File.EffectiveStrictArp;
    public bool ModeFromFlag => Flags.ProxyMode is not null;
    public bool StrictArpFromFlag => Flags.StrictArp is not null;

    /// <summary>IPVS mode with strictARP off: every node answers ARP for every VIP on kube-ipvs0.</summary>
    public bool AnswersArpForEveryVip => Mode == ProxyMode.Ipvs && !StrictArp;
}
