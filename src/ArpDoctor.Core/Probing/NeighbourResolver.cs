using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Probing;

/// <summary>
/// Resolves many IPv4 addresses to MACs at once over one link with the <see cref="ProbeEngine"/>: a broadcast request
/// for every address, then one shared wait, and a second round for the silent ones. A hundred nodes take one wait, not
/// a hundred. The first MAC that answers for an address is its owner.
/// </summary>
public sealed class NeighbourResolver(IArpLink link, TimeProvider time)
{
    /// <summary>Pause between two requests of a round, so a switch or a slow host does not drop a burst.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(2);

    public async Task<IReadOnlyDictionary<Ipv4Address, MacAddress?>> ResolveAsync(
        IReadOnlyCollection<Ipv4Address> targets, Ipv4Address sourceIp, TimeSpan wait, CancellationToken ct, int rounds = 2)
    {
        var owners = targets.Distinct().ToDictionary(t => t, _ => (MacAddress?)null);
        int silent = owners.Count;
        var engine = new ProbeEngine(link, time, link.Mac, sourceIp, (in CapturedArp c, ArpFrameKind kind) =>
        {
            var f = c.Frame;
            if (kind != ArpFrameKind.ReplyToUs || f.SenderMac == link.Mac) return;
            if (owners.TryGetValue(f.SenderIp, out var known) && known is null)
            {
                owners[f.SenderIp] = f.SenderMac;
                silent--;
            }
        });
        for (int round = 0; round < rounds && silent > 0; round++)
        {
            var asking = owners.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList();
            await engine.SendAsync(asking, (int)(TimeSpan.FromSeconds(1) / Spacing), null, ct).ConfigureAwait(false);
            // Ends at once when every address has its owner.
            await engine.ListenUntilAsync(engine.After(wait), () => silent == 0 ? 0 : null, ct).ConfigureAwait(false);
        }
        return owners;
    }
}
