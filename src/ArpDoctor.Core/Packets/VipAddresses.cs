namespace ArpDoctor.Core.Packets;

/// <summary>Which IPv4 addresses can be a LoadBalancer VIP a node answers ARP for.</summary>
public static class VipAddresses
{
    /// <summary>Why <paramref name="vip"/> can never be one; <c>null</c> when it can.</summary>
    public static string? WhyNot(Ipv4Address vip)
    {
        var first = (byte)(vip.Value >> 24);
        return vip.Value switch
        {
            0 => "it is the unspecified address 0.0.0.0",
            0xFFFF_FFFF => "it is the broadcast address",
            _ when first == 127 => "it is a loopback address",
            _ when first is >= 224 and <= 239 => "it is a multicast address",
            _ when first >= 240 => "it is reserved (240.0.0.0/4)",
            _ when first == 0 => "it is in 0.0.0.0/8 (this network)",
            _ => null,
        };
    }

    /// <summary><paramref name="text"/> is an IPv4 address that can be a VIP.</summary>
    public static bool TryParse(string? text, out Ipv4Address vip) => Ipv4Address.TryParse(text, out vip) && WhyNot(vip) is null;
}
