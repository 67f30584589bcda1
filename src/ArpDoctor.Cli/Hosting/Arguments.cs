using System.Net;
using System.Net.Sockets;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Hosting;

/// <summary>Validation of user-typed values, each failure one sentence that names the value.</summary>
public static class Arguments
{
    public static bool TryVip(string text, out Ipv4Address vip, out string error)
    {
        error = "";
        if (Ipv4Address.TryParse(text, out vip))
        {
            if (VipAddresses.WhyNot(vip) is not { } why) return true;
            error = $"{text} cannot be a LoadBalancer VIP: {why}";
            return false;
        }
        if (IPAddress.TryParse(text, out var any) && any.AddressFamily == AddressFamily.InterNetworkV6)
            error = $"{text} is an IPv6 address; ARP is IPv4 only (IPv6 uses NDP, which arpdoctor does not cover yet)";
        else
            error = $"'{text}' is not an IPv4 address (expected dotted quad, e.g. 203.0.113.10)";
        return false;
    }

    public static bool TryDuration(string option, string text, out TimeSpan duration, out string error)
    {
        error = "";
        if (Durations.TryParse(text, out duration) && duration >= TimeSpan.Zero) return true;
        error = $"{option} '{text}' is not a duration of at most 49d (e.g. 100ms, 1.5s, 30s, 24h)";
        return false;
    }
}
