using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Watching;

/// <summary>What one broadcast re-resolution of a VIP heard.</summary>
/// <param name="Responders">Every MAC that answered, in arrival order: the first is the winner.</param>
public sealed record Resolution(DateTimeOffset Time, Ipv4Address Vip, IReadOnlyList<MacAddress> Responders)
{
    /// <summary>The MAC a firewall re-resolving now would use; null when nobody answered.</summary>
    public MacAddress? Winner => Responders.Count > 0 ? Responders[0] : null;
}
