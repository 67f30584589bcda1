using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Doctoring;

/// <summary>One MAC heard for one address over a set of probe rounds.</summary>
public readonly record struct HeardFrom(MacAddress Mac, int Replies, int Wins);

/// <summary>
/// Everything heard over one set of probe rounds: for each VIP and each node InternalIP, every MAC that answered, how
/// often, and how often first. A node's InternalIP answered from several MACs is a host answering from several interfaces.
/// </summary>
/// <param name="Rounds">Probes sent to each address.</param>
public sealed record Hearing(string Interface, int Rounds, IReadOnlyDictionary<Ipv4Address, IReadOnlyList<HeardFrom>> Answers)
{
    public IReadOnlyList<HeardFrom> For(Ipv4Address ip) => Answers.TryGetValue(ip, out var heard) ? heard : [];
}
