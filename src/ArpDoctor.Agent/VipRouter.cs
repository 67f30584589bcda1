using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Agent;

/// <summary>
/// Splits the VIPs among the agent's interfaces (<see cref="VipInterfaces"/>): each probe round of an
/// interface takes the VIPs its connected networks hold, the first interface takes those no network holds.
/// The node's networks are re-read at most every <paramref name="refresh"/>, so an address added to a
/// NIC moves its VIPs there without a restart. With one interface every VIP is its own.
/// </summary>
public sealed class VipRouter(IReadOnlyList<string> interfaces, INodeNetwork node, TimeProvider time, TimeSpan refresh)
{
    private readonly Lock _lock = new();
    private IReadOnlyList<InterfaceNetwork> _networks = [];
    private long _readAt;
    private bool _read;

    public IReadOnlyList<string> Interfaces { get; } = interfaces.Count > 0 ? interfaces : throw new ArgumentException("at least one interface", nameof(interfaces));

    /// <summary>Whether <paramref name="vip"/> is probed on <paramref name="interfaceName"/>.</summary>
    public bool Owns(string interfaceName, Ipv4Address vip) =>
        Interfaces.Count == 1 || VipInterfaces.InterfaceOf(vip, Networks(), fallback: null, only: Interfaces) == interfaceName;

    private IReadOnlyList<InterfaceNetwork> Networks()
    {
        lock (_lock)
        {
            if (!_read || time.GetElapsedTime(_readAt) >= refresh)
            {
                _networks = node.Networks();
                _readAt = time.GetTimestamp();
                _read = true;
            }
            return _networks;
        }
    }
}
