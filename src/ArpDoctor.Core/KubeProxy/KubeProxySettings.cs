namespace ArpDoctor.Core.KubeProxy;

/// <summary>
/// What kube-proxy runs with, worked out as kube-proxy does: with <c>--config</c> the file's values, and its
/// <c>--proxy-mode</c> and <c>--ipvs-strict-arp</c> flags are ignored; without it the flags, else the defaults
/// (mode <c>""</c>, which is iptables on Linux; strictARP false).
/// </summary>
/// <param name="File">The configuration file's values; <see cref="KubeProxyConfig.Defaults"/> when there is none.</param>
public sealed record KubeProxySettings(KubeProxyConfig File, KubeProxyFlags Flags)
{
    /// <summary>Whether kube-proxy reads a file (<c>--config</c>), which makes it ignore the other flags.</summary>
    public bool FromFile => Flags.ConfigPath is not null;

    public ProxyMode Mode => !FromFile && Flags.ProxyMode is { } m ? ProxyModes.FromWord(m) : File.Mode;
    public bool StrictArp => !FromFile && Flags.StrictArp is { } s ? s : File.EffectiveStrictArp;
    public bool ModeFromFlag => !FromFile && Flags.ProxyMode is not null;
    public bool StrictArpFromFlag => !FromFile && Flags.StrictArp is not null;

    /// <summary>The flags kube-proxy ignores because <c>--config</c> is given; a finding says so, since people expect them to count.</summary>
    public IReadOnlyList<string> IgnoredFlags => FromFile ? Flags.Evidence.Where(e => !e.StartsWith("--config", StringComparison.Ordinal)).ToList() : [];

    /// <summary>IPVS mode with strictARP off: every node answers ARP for every VIP on kube-ipvs0.</summary>
    public bool AnswersArpForEveryVip => Mode == ProxyMode.Ipvs && !StrictArp;
}
