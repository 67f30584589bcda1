using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Probing;

/// <summary>
/// Resolves many IPv4 addresses to MACs at once over one link: a broadcast request for every address,
/// then one shared wait, and a second round for the silent ones. A hundred nodes take one wait, not a
/// hundred. The first MAC that answers for an address is its owner.
/// </summary>
public sealed class NeighbourResolver(IArpLink link, TimeProvider time)
{
    /// <summary>Pause between two requests of a round, so a switch or a slow host does not drop a burst.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(2);

    public async Task<IReadOnlyDictionary<Ipv4Address, MacAddress?>> ResolveAsync(
        IReadOnlyCollection<Ipv4Address> targets, Ipv4Address sourceIp, TimeSpan wait, CancellationToken ct, int rounds = 2)
    {
        var owners = targets.Distinct().ToDictionary(t => t, _ => (MacAddress?)null);
        for (int round = 0; round < rounds && owners.Values.Any(m => m is null); round++)
        {
            foreach (var target in owners.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
            {
                link.Send(ArpFrame.Request(link.Mac, sourceIp, target));
                Drain(owners);
                await Task.Delay(Spacing, time, ct).ConfigureAwait(false);
            }
            using var timer = new CancellationTokenSource(wait, time);
            using var window = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
            try
            {
                while (owners.Values.Any(m => m is null) && await link.Received.WaitToReadAsync(window.Token).ConfigureAwait(false))
                    Drain(owners);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The round's wait is over.
            }
            Drain(owners);
        }
        return owners;
    }

    private void Drain(Dictionary<Ipv4Address, MacAddress?> owners)
    {
        while (link.Received.TryRead(out var captured))
        {
            var f = captured.Frame;
            if (f.Operation != ArpOperation.Reply || f.SenderMac == link.Mac) continue;
            if (f.TargetMac != link.Mac && f.EthernetDestination != link.Mac) continue;
            if (owners.TryGetValue(f.SenderIp, out var known) && known is null) owners[f.SenderIp] = f.SenderMac;
        }
    }
}
