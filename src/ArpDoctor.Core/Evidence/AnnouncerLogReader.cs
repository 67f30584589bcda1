using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Reads announcer logs (MetalLB's speaker, kube-vip) into what they say: <see cref="Claim"/>s of a VIP by a node, and
/// announcements by MAC where the log names one (kube-vip's gratuitous ARPs, MetalLB's answers). A log speaks for the
/// announcer that wrote it: "this node" is its pod, or the name it said it runs under; an election names its winner
/// but no VIP, so it claims the VIPs this log has shown. A second node claiming a VIP that another holds, with no
/// release between, is two announcers at once: a warning on that VIP.
/// </summary>
public sealed class AnnouncerLogReader
{
    /// <summary>Who "this node" is when a log never says: its lines are still one announcer's.</summary>
    public const string ThisAnnouncer = Claim.ThisAnnouncer;

    private readonly EvidenceReading _reading;
    private readonly Dictionary<Ipv4Address, string> _holder = [];
    private readonly List<Ipv4Address> _vips = [];
    private IReadOnlyList<Ipv4Address> _allocated = [];
    private string? _self;
    // Elections seen before any VIP was named, in order: they apply to the first VIP the log names.
    private readonly List<(string Node, DateTimeOffset? Time)> _pending = [];

    private AnnouncerLogReader(EvidenceReading reading) => _reading = reading;

    public static bool IsMetalLbSignature(string line) =>
        MetalLbSpeakerLines.TryParse(line, out var l, out var problem) ? l.Event is not AnnouncerEvent.Allocated : problem is not null;

    /// <summary>kube-vip's own lines (a broadcast, a VIP taken, an election); client-go's lease lines are everyone's.</summary>
    public static bool IsKubeVipSignature(string line) =>
        KubeVipLogLines.TryParse(line, null, out var l, out var problem)
            ? l.Event is AnnouncerEvent.Broadcast or AnnouncerEvent.Claimed or AnnouncerEvent.LeaderElected
            : problem is not null;

    public static IEnumerable<Observation> MetalLb(EvidenceReading reading)
    {
        var reader = new AnnouncerLogReader(reading);
        return LineLoop.Run(reading, line =>
        {
            if (line.Truncated) return null;
            if (!MetalLbSpeakerLines.TryParse(line.Text, out var parsed, out var problem))
                return problem is null ? null : new EvidenceError(problem, line.Number, line.Text);
            reader.Line(parsed, line.Number);
            return null;
        }, _ => null);
    }

    public static IEnumerable<Observation> KubeVip(EvidenceReading reading)
    {
        var reader = new AnnouncerLogReader(reading);
        DateTimeOffset? last = null;
        return LineLoop.Run(reading, line =>
        {
            if (line.Truncated) return null;
            if (!KubeVipLogLines.TryParse(line.Text, last, out var parsed, out var problem))
                return problem is null ? null : new EvidenceError(problem, line.Number, line.Text);
            if (parsed.Time is { } t) last = t;
            reader.Line(parsed, line.Number);
            return null;
        }, _ => null);
    }

    private void Line(AnnouncerLogLine line, long number)
    {
        _reading.Clock(line.Time);
        var speaker = line.Node ?? line.Pod ?? _self ?? ThisAnnouncer;
        switch (line.Event)
        {
            case AnnouncerEvent.Identity:
                _self = line.Node;
                break;
            case AnnouncerEvent.Allocated:
                _allocated = line.Vips;
                break;
            case AnnouncerEvent.Broadcast or AnnouncerEvent.Answered:
                foreach (var vip in line.Vips)
                {
                    Known(vip);
                    if (_reading.Wants(vip)) _reading.Add(new Announcement(line.Time, vip, line.Mac!.Value));
                }
                break;
            case AnnouncerEvent.Claimed:
                // MetalLB's nodeAssigned Event names the node, not the address: the address is the one allocated before it.
                foreach (var vip in line.Vips.Count > 0 ? line.Vips : _allocated) Claimed(vip, speaker, line.Time, number);
                break;
            case AnnouncerEvent.Released:
                foreach (var vip in line.Vips.Count > 0 ? line.Vips : Held(speaker)) Released(vip, speaker, line.Time);
                break;
            case AnnouncerEvent.LeaderElected:
                Elected(line.Node!, line.Time, number);
                break;
            case AnnouncerEvent.LeaseAcquired:
                Elected(_self ?? line.Pod ?? ThisAnnouncer, line.Time, number);
                break;
        }
    }

    /// <summary>A leader election: the lease, and with it the VIPs this log shows, changed hands to <paramref name="node"/>.</summary>
    private void Elected(string node, DateTimeOffset? time, long number)
    {
        if (_vips.Count == 0)
        {
            _pending.Add((node, time));
            return;
        }
        foreach (var vip in _vips.ToList()) Claimed(vip, node, time, number, lease: true);
    }

    /// <summary>A VIP this log speaks of; the elections seen before any VIP was named apply to the first one.</summary>
    private void Known(Ipv4Address vip)
    {
        if (_vips.Contains(vip)) return;
        _vips.Add(vip);
        var pending = _pending.ToList();
        _pending.Clear();
        foreach (var (leader, time) in pending) Claimed(vip, leader, time, null, lease: true);
    }

    private IEnumerable<Ipv4Address> Held(string node) => [.. _holder.Where(h => h.Value == node).Select(h => h.Key)];

    /// <param name="lease">Through a leader election: the previous holder's lease ended, so it is a handover, not a second announcer.</param>
    private void Claimed(Ipv4Address vip, string node, DateTimeOffset? time, long? number, bool lease = false)
    {
        Known(vip);
        if (!_reading.Wants(vip)) return;
        if (!lease && _holder.TryGetValue(vip, out var holder) && holder != node && holder != ThisAnnouncer && node != ThisAnnouncer)
            _reading.Warn($"{(number is { } n ? $"line {n}: " : "")}{node} claims {vip} while {holder} holds it (no release between): two announcers", vip);
        _holder[vip] = node;
        _reading.Add(new Claim(time, vip, node, Lease: lease));
    }

    private void Released(Ipv4Address vip, string node, DateTimeOffset? time)
    {
        Known(vip);
        if (!_reading.Wants(vip)) return;
        if (_holder.TryGetValue(vip, out var holder) && holder == node) _holder.Remove(vip);
        _reading.Add(new Claim(time, vip, node, Released: true));
    }
}
