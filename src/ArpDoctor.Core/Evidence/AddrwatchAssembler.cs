using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Turns addrwatch lines into rounds. addrwatch logs who answered, not who asked, and to the second: the replies for an
/// address within one second are taken as the answers to one round, in the order logged. A request whose sender is an
/// address someone has answered for is that host claiming it (a gratuitous ARP, as a new speaker sends): an announcement.
/// Addresses that only ever asked (clients) are not reported.
/// </summary>
public sealed class AddrwatchAssembler(EvidenceReading reading)
{
    private readonly RoundRecorder _rounds = new(reading);
    private readonly HashSet<Ipv4Address> _answered = [];

    public void Line(in AddrwatchLine line)
    {
        // Only addresses someone answered for are tracked, not every client that ever asked.
        if (!reading.Wants(line.Ip)) return;
        reading.Clock(line.Time);
        switch (line.Origin)
        {
            case AddrwatchOrigin.Reply:
                _answered.Add(line.Ip);
                if (!_rounds.IsOpen(line.Ip, out var since) || since != line.Time) _rounds.Begin(line.Ip, line.Time);
                _rounds.Reply(line.Ip, line.Mac, line.Time);
                break;
            case AddrwatchOrigin.Request:
                if (_answered.Contains(line.Ip)) _rounds.Announce(line.Ip, line.Mac, line.Time);
                break;
        }
    }

    /// <summary>Closes the open rounds; each address holds its last state until the last line's time (<see cref="EvidenceReading.LastTime"/>).</summary>
    public void End() => _rounds.EndAll();
}
