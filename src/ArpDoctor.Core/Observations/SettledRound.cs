using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Observations;

/// <summary>
/// A watch log's one-responder event: the watch saw <paramref name="Mac"/> answer alone for several rounds in a row,
/// so the state is already confirmed and a phase of that MAC begins here without further proof.
/// </summary>
public sealed record SettledRound(DateTimeOffset? Time, Ipv4Address Vip, MacAddress Mac) : Observation(Time, Vip);
