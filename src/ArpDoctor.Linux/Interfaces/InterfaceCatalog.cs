using System.Net.NetworkInformation;
using System.Net.Sockets;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Linux.Interfaces;

/// <summary>Reads the interfaces of the current network namespace.</summary>
public static class InterfaceCatalog
{
    // IFF_UP in /sys/class/net/NAME/flags (include/uapi/linux/if.h).
    private const int IffUp = 0x1;

    public static IReadOnlyList<string> Names() =>
        NetworkInterface.GetAllNetworkInterfaces().Select(n => n.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The named interface (its MAC, first IPv4 address, whether it is up), or <c>null</c> when there is none.
    /// Asked with the interface ioctls: every probe and scan starts here, and enumerating every interface
    /// costs milliseconds more.
    /// </summary>
    public static InterfaceInfo? Find(string name) => InterfaceRequests.Find(name);

    /// <summary>Every IPv4 network of every interface that is up (address and prefix length).</summary>
    public static IReadOnlyList<InterfaceNetwork> Networks() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(IsAdministrativelyUp)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses
                .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
                .Select(a => new InterfaceNetwork(nic.Name, Ipv4Address.FromIPAddress(a.Address), a.PrefixLength)))
            .ToList();

    /// <summary>The interface of the IPv4 default route (from <c>/proc/net/route</c>), or <c>null</c> when there is none.</summary>
    public static string? DefaultRouteInterface(string routeFile = "/proc/net/route")
    {
        try
        {
            // "Iface Destination Gateway Flags ..." with hex fields; the default route has destination 00000000.
            foreach (var line in File.ReadLines(routeFile).Skip(1))
            {
                var f = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 2 && f[1] == "00000000") return f[0];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No procfs: no default.
        }
        return null;
    }

    private static bool IsAdministrativelyUp(NetworkInterface nic)
    {
        // OperationalStatus reports "Unknown" for some virtual links that work fine, so ask sysfs for IFF_UP.
        try
        {
            var text = File.ReadAllText($"/sys/class/net/{nic.Name}/flags").Trim();
            return (Convert.ToInt32(text, 16) & IffUp) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return nic.OperationalStatus != OperationalStatus.Down;
        }
    }
}
