using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Reads keepalived's VRRP log into <see cref="Claim"/>s: a host whose instance is MASTER and sends gratuitous ARPs for a
/// VIP claims it (one claim per host, VIP and second, however many packets the burst logs); the instance leaving MASTER
/// releases the VIPs it announced. A host claiming a VIP another host holds, with no release between, is split brain:
/// two masters answering for one address, a warning on that VIP. So is an instance entering MASTER on a second host
/// while the first still is MASTER. The lines carry no MAC: who answers for the VIP with which MAC needs an arping or a
/// capture beside this log.
/// </summary>
public sealed class KeepalivedLogReader
{
    private readonly EvidenceReading _reading;
    // Per host and instance: MASTER or not, and the VIPs it announced.
    private readonly Dictionary<(string Host, string Instance), (bool Master, HashSet<Ipv4Address> Vips)> _instances = [];
    private readonly Dictionary<Ipv4Address, string> _holder = [];
    private readonly Dictionary<(string Host, Ipv4Address Vip), DateTimeOffset?> _lastClaim = [];

    private KeepalivedLogReader(EvidenceReading reading) => _reading = reading;

    public static IEnumerable<Observation> Read(EvidenceReading reading)
    {
        var reader = new KeepalivedLogReader(reading);
        DateTimeOffset? last = null;
        return LineLoop.Run(reading, line =>
        {
            if (line.Truncated) return null;
            if (!KeepalivedLogLines.TryParse(line.Text, last, reading.Options.Written, out var parsed, out var problem))
                return problem is null ? null : new EvidenceError(problem, line.Number, line.Text);
            if (parsed.Time is { } t) last = t;
            reader.Line(parsed, line.Number);
            return null;
        }, _ => null);
    }

    private void Line(KeepalivedLine line, long number)
    {
        _reading.Clock(line.Time);
        var host = line.Host ?? Claim.ThisAnnouncer;
        // The per-packet line names no instance: its address is the host's, released by no instance leaving MASTER (when an
        // instance's own line named it first, that instance releases it).
        var instance = line.Instance ?? "";
        var key = (host, instance);
        _instances.TryGetValue(key, out var state);
        state.Vips ??= [];
        switch (line.Event)
        {
            case KeepalivedEvent.Master:
                if (!state.Master)
                    foreach (var other in _instances.Where(i => i.Key.Instance == instance && i.Key.Host != host && i.Value.Master))
                        _reading.Warn($"line {number}: {Name(host)} entered MASTER for {instance} while {Name(other.Key.Host)} is MASTER (no BACKUP between): split brain, two hosts answering for its VIPs");
                state.Master = true;
                foreach (var vip in state.Vips) Claimed(vip, host, line.Time, number);
                break;
            case KeepalivedEvent.Left:
                state.Master = false;
                foreach (var vip in state.Vips) Released(vip, host, line.Time);
                break;
            case KeepalivedEvent.GratuitousArp:
                var address = line.Vip!.Value;
                state.Vips.Add(address);
                Claimed(address, host, line.Time, number);
                break;
        }
        _instances[key] = state;
    }

    private static string Name(string host) => host == Claim.ThisAnnouncer ? "this host" : host;

    private void Claimed(Ipv4Address vip, string host, DateTimeOffset? time, long number)
    {
        if (!_reading.Wants(vip)) return;
        // A burst logs each packet (garp_master_repeat): one claim per host, VIP and second.
        if (_lastClaim.TryGetValue((host, vip), out var at) && at == Second(time) && _holder.GetValueOrDefault(vip) == host) return;
        _lastClaim[(host, vip)] = Second(time);
        if (_holder.TryGetValue(vip, out var holder) && holder != host && holder != Claim.ThisAnnouncer && host != Claim.ThisAnnouncer)
            _reading.Warn($"line {number}: {host} claims {vip} while {holder} holds it (no release between): two announcers (split brain)", vip);
        _holder[vip] = host;
        _reading.Add(new Claim(time, vip, host));
    }

    private void Released(Ipv4Address vip, string host, DateTimeOffset? time)
    {
        if (!_reading.Wants(vip)) return;
        if (_holder.TryGetValue(vip, out var holder) && holder == host) _holder.Remove(vip);
        _lastClaim.Remove((host, vip));
        _reading.Add(new Claim(time, vip, host, Released: true));
    }

    private static DateTimeOffset? Second(DateTimeOffset? time) => time is { } t ? new DateTimeOffset(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset) : null;
}
