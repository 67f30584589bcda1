using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Linux.Sysctl;

/// <summary>
/// The node's ARP truth from <c>/proc/sys/net/ipv4/conf/{all,IFACE}/arp_{ignore,announce}</c> and the
/// addresses on <c>kube-ipvs0</c> and the probing interface. Both are per network namespace: an agent with
/// <c>hostNetwork: true</c> sees the node's.
/// </summary>
public sealed class ProcNodeNetwork(string procRoot = "/proc/sys/net/ipv4/conf") : INodeNetwork
{
    public const string IpvsInterface = "kube-ipvs0";

    public (NodeArpState? State, string? Error) Read(string node, string interfaceName)
    {
        if (!TryRead("all", out var all, out var error) || !TryRead(interfaceName, out var device, out error))
            return (null, error);
        var nics = NetworkInterface.GetAllNetworkInterfaces();
        return (new NodeArpState(node, interfaceName, ArpSysctls.Effective(all, device),
            AddressesOf(nics, IpvsInterface), AddressesOf(nics, interfaceName)), null);
    }

    public IReadOnlyList<InterfaceNetwork> Networks() => Interfaces.InterfaceCatalog.Networks();

    private bool TryRead(string conf, out ArpSysctls value, out string? error)
    {
        value = default;
        error = null;
        if (!TryReadInt(Path.Combine(procRoot, conf, "arp_ignore"), out var ignore, out error) ||
            !TryReadInt(Path.Combine(procRoot, conf, "arp_announce"), out var announce, out error))
            return false;
        value = new ArpSysctls(ignore, announce);
        return true;
    }

    private static bool TryReadInt(string path, out int value, out string? error)
    {
        value = 0;
        error = null;
        try
        {
            var text = File.ReadAllText(path).Trim();
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return true;
            error = $"{path}: '{text}' is not a number";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: {e.Message}";
        }
        return false;
    }

    private static HashSet<Ipv4Address> AddressesOf(NetworkInterface[] nics, string name)
    {
        var set = new HashSet<Ipv4Address>();
        var nic = nics.FirstOrDefault(n => n.Name == name);
        if (nic is null) return set;
        foreach (var a in nic.GetIPProperties().UnicastAddresses)
            if (a.Address.AddressFamily == AddressFamily.InterNetwork)
                set.Add(Ipv4Address.FromIPAddress(a.Address));
        return set;
    }
}
