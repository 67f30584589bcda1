using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Makes observations of the form "at this time, clients resolve this IP to this MAC" (arpwatch, neighbour-cache
/// snapshots) into cache rounds (<see cref="RoundSource.Cache"/>): a different MAC than the last one is a change of
/// winner, a missing answer is no answer. Memory: the set of IPs seen.
/// </summary>
public sealed class ResolutionFeeder(EvidenceReading reading)
{
    private readonly HashSet<Ipv4Address> _seen = [];

    /// <summary>Whether this IP has been observed before in this evidence.</summary>
    public bool Seen(Ipv4Address ip) => reading.Wants(ip) && _seen.Contains(ip);

    /// <summary>Clients resolve <paramref name="ip"/> to <paramref name="mac"/> from <paramref name="time"/> on (null: nobody answers).</summary>
    public void Observe(Ipv4Address ip, MacAddress? mac, DateTimeOffset? time)
    {
        if (!reading.Wants(ip)) return;
        _seen.Add(ip);
        reading.Clock(time);
        reading.Add(new Round(time, ip, mac is { } m ? [new Reply(m, time)] : [], RoundSource.Cache));
    }
}
