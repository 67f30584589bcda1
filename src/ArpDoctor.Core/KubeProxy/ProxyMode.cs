namespace ArpDoctor.Core.KubeProxy;

/// <summary>kube-proxy's proxy mode as it takes effect on Linux.</summary>
public enum ProxyMode
{
    Iptables,
    Ipvs,
    Nftables,
    /// <summary>A word kube-proxy does not know; it refuses to start with it.</summary>
    Other,
}

public static class ProxyModes
{
    /// <summary>
    /// The effective mode for the <c>mode</c> field or <c>--proxy-mode</c> value: empty means iptables on Linux. Case
    /// matters, as in kube-proxy's validation: <c>IPVS</c> is a mode it refuses (<see cref="ProxyMode.Other"/>).
    /// </summary>
    public static ProxyMode FromWord(string? word) => (word ?? "").Trim() switch
    {
        "" or "iptables" => ProxyMode.Iptables,
        "ipvs" => ProxyMode.Ipvs,
        "nftables" => ProxyMode.Nftables,
        _ => ProxyMode.Other,
    };

    public static string ToWord(this ProxyMode mode) => mode switch
    {
        ProxyMode.Iptables => "iptables",
        ProxyMode.Ipvs => "ipvs",
        ProxyMode.Nftables => "nftables",
        _ => "other",
    };
}
