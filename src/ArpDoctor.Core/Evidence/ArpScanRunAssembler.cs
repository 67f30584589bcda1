using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Collects arp-scan runs. arp-scan sends one request per target, so all replies for an IP within a run
/// answer one probe; the first one printed won it. A repeated first reply (no DUP marker) for an IP
/// already answered starts a new run: several scans pasted without their banners.
/// </summary>
/// <param name="onlyVip">The VIP asked for; replies for other addresses are skipped.</param>
public sealed class ArpScanRunAssembler(IObservationSink sink, Ipv4Address? onlyVip = null)
{
    /// <summary>Replies held per run before it is fed in parts (a /16 scan fits easily).</summary>
    public const int MaxRunReplies = 200_000;

    private readonly Dictionary<Ipv4Address, List<MacAddress>> _run = [];
    private readonly List<Ipv4Address> _order = [];
    private long _runLine;
    private int _held;
    private DateTimeOffset? _stamp;

    public void Line(in EvidenceLine line, long number)
    {
        switch (line.Kind)
        {
            case LineKind.Stamp:
                if (_held > 0) Flush(null, number);
                _stamp = line.Time;
                break;
            case LineKind.RunStart:
                if (_held > 0) Flush(null, number);
                break;
            case LineKind.Summary:
                Flush(line.Received, number);
                break;
            case LineKind.Reply:
                if (_run.TryGetValue(line.Ip, out var macs) && line.Duplicate == 1) Flush(null, number);
                if (_held == 0) _runLine = number;
                if (!_run.TryGetValue(line.Ip, out macs))
                {
                    if (onlyVip is { } only && only != line.Ip) return;
                    _run[line.Ip] = macs = [];
                    _order.Add(line.Ip);
                }
                if (line.Duplicate != macs.Count + 1)
                    sink.Warn($"line {number}: marked reply {line.Duplicate} for {line.Ip} but it is reply {macs.Count + 1} in the run from line {_runLine}", line.Ip);
                macs.Add(line.Mac);
                if (++_held >= MaxRunReplies) Flush(null, number);
                break;
        }
    }

    public void End(long lastLine)
    {
        if (_held > 0) Flush(null, lastLine);
    }

    private void Flush(int? responded, long number)
    {
        // "N responded" counts hosts in some arp-scan versions and every reply printed, duplicates (DUP: n) included, in
        // others: it disagrees with the run only when it matches neither.
        if (responded is { } r && r != _run.Count && r != _held && onlyVip is null)
            sink.Warn($"line {number}: arp-scan says {r} responded but the run from line {_runLine} lists {Words.Count(_run.Count, "host")} ({Words.Count(_held, "reply", "replies")})");
        foreach (var ip in _order)
            sink.Add(new Round(_stamp, ip, [.. _run[ip].Select(mac => new Reply(mac, _stamp))]));
        _run.Clear();
        _order.Clear();
        _held = 0;
        _stamp = null;
    }
}
