using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// The readers of what people paste from packet tools and from other systems' ARP tables and logs: tcpdump text in
/// every form (<see cref="TcpdumpLines"/>), tshark's packet list (<see cref="TsharkArpLines"/>), <c>arp -n</c> and BSD
/// <c>arp -a</c> tables (<see cref="ArpTableLines"/>) and BSD kernel logs (<see cref="BsdKernelArpLines"/>). A line that
/// is one of these tools' ARP lines but cannot be read (a redacted or mistyped MAC) ends the reading with an error that
/// names it; other lines (banners, prompts, prose, other packets, hex dumps) are skipped.
/// </summary>
public static class PastedToolReaders
{
    /// <summary>A line tcpdump prints for an ARP frame, readable or not: the recognition signature.</summary>
    public static bool IsTcpdumpSignature(string line) => TcpdumpLines.Parse(line).Kind is TcpdumpLineKind.Frame or TcpdumpLineKind.Malformed;

    /// <summary>A packet-list line of an ARP frame, or Wireshark's duplicate-address note.</summary>
    public static bool IsTsharkSignature(string line) => TsharkArpLines.Parse(line).Kind is not TsharkLineKind.Noise;

    public static bool IsArpTableSignature(string line) => ArpTableLines.Parse(line).Kind is not ArpTableLineKind.Noise;

    public static bool IsBsdKernelSignature(string line) => BsdKernelArpLines.TryParse(line, null, out _, out var problem) || problem is not null;

    /// <summary>
    /// tcpdump text: frames in order, their stamps made times by a <see cref="TcpdumpClock{T}"/> (<c>-ttt</c> and
    /// <c>-ttttt</c> told apart, <c>-t</c> without a clock). Frames with a time go through the capture's assembler (a reply
    /// answers a request within its window); frames without one make rounds in line order.
    /// </summary>
    public static IEnumerable<Observation> Tcpdump(EvidenceReading reading)
    {
        var frames = new FrameOrder(reading);
        var clock = new TcpdumpClock<(ArpFrame Frame, bool Credited)>();
        var ready = new List<(DateTimeOffset? Time, (ArpFrame Frame, bool Credited) Item)>();
        return LineLoop.Run(reading, line =>
        {
            if (line.Truncated) return null;
            var parsed = TcpdumpLines.Parse(line.Text);
            if (parsed.Kind == TcpdumpLineKind.Malformed) return new EvidenceError(parsed.Problem!, line.Number, line.Text);
            if (parsed.Kind != TcpdumpLineKind.Frame) return null;
            // Without -e a gratuitous request names nobody: the ARP body of a request carries its sender's MAC, but tcpdump prints it only with -e.
            bool credited = parsed.HasEthernetHeader || parsed.Frame.Operation == ArpOperation.Reply;
            clock.Add(parsed.Stamp, (parsed.Frame, credited), ready);
            frames.Flush(ready);
            return null;
        }, _ =>
        {
            clock.End(ready);
            frames.Flush(ready);
            frames.End();
            return null;
        });
    }

    /// <summary>tshark's packet list: frames like tcpdump's; Wireshark's duplicate-address notes become warnings on their VIP.</summary>
    public static IEnumerable<Observation> Tshark(EvidenceReading reading)
    {
        var frames = new FrameOrder(reading);
        var clock = new TcpdumpClock<(ArpFrame Frame, bool Credited)>();
        var ready = new List<(DateTimeOffset? Time, (ArpFrame Frame, bool Credited) Item)>();
        var noted = new HashSet<Ipv4Address>();
        return LineLoop.Run(reading, line =>
        {
            if (line.Truncated) return null;
            var parsed = TsharkArpLines.Parse(line.Text);
            switch (parsed.Kind)
            {
                case TsharkLineKind.Malformed:
                    return new EvidenceError(parsed.Problem!, line.Number, line.Text);
                case TsharkLineKind.Noise:
                    return null;
            }
            if (parsed.Duplicate is { } d && reading.Wants(d.Ip) && noted.Add(d.Ip))
                reading.Warn($"line {line.Number}: Wireshark detected duplicate use of {d.Ip}" + (d is { Mac: { } a, Other: { } b } ? $" ({a} and {b})" : ""), d.Ip);
            if (parsed.Kind != TsharkLineKind.Frame) return null;
            clock.Add(parsed.Stamp, (parsed.Frame, parsed.SourceKnown || parsed.Frame.Operation == ArpOperation.Reply), ready);
            frames.Flush(ready);
            return null;
        }, _ =>
        {
            clock.End(ready);
            frames.Flush(ready);
            frames.End();
            return null;
        });
    }

    /// <summary>
    /// ARP tables (<c>arp -n</c>, <c>arp -vn</c>, BSD <c>arp -a</c>): what the host resolves each address to, dated by the
    /// <c>date</c> stamps between snapshots. A static entry was set by hand, not learnt from an answer: it is skipped,
    /// with a warning.
    /// </summary>
    public static IEnumerable<Observation> ArpTable(EvidenceReading reading)
    {
        var resolutions = new ResolutionFeeder(reading);
        DateTimeOffset? stamp = null;
        return LineLoop.Run(reading, line =>
        {
            if (line.Truncated) return null;
            if (DateStamps.TryParse(line.Text, out var time))
            {
                stamp = time;
                return null;
            }
            var parsed = ArpTableLines.Parse(line.Text);
            if (parsed.Kind == ArpTableLineKind.Malformed) return new EvidenceError(parsed.Problem!, line.Number, line.Text);
            if (parsed.Kind != ArpTableLineKind.Entry) return null;
            var entry = parsed.Entry;
            if (entry.Permanent)
            {
                if (reading.Wants(entry.Ip))
                    reading.Warn($"line {line.Number}: {entry.Ip} is a static entry ({entry.Mac}), set by hand: it says nothing about who answers", entry.Ip);
                return null;
            }
            resolutions.Observe(entry.Ip, entry.Mac, stamp);
            return null;
        }, _ => null);
    }

    /// <summary>
    /// BSD kernel ARP messages. A move is a change of what the host resolves the address to (the old MAC first, when
    /// this log has not shown it yet); an answer that came in on another interface, for a static entry, or for the host's
    /// own address is someone claiming the address unasked: an announcement.
    /// </summary>
    public static IEnumerable<Observation> BsdKernel(EvidenceReading reading)
    {
        var resolutions = new ResolutionFeeder(reading);
        DateTimeOffset? last = null;
        return LineLoop.Run(reading, line =>
        {
            if (line.Truncated) return null;
            if (!BsdKernelArpLines.TryParse(line.Text, last, out var message, out var problem, reading.Options.Written))
                return problem is null ? null : new EvidenceError(problem, line.Number, line.Text);
            if (message.Time is { } t) last = t;
            if (message.Event == BsdArpEvent.Moved)
            {
                if (message.Previous is { } old && !resolutions.Seen(message.Ip)) resolutions.Observe(message.Ip, old, message.Time);
                resolutions.Observe(message.Ip, message.Mac, message.Time);
            }
            else if (reading.Wants(message.Ip))
            {
                reading.Clock(message.Time);
                reading.Add(new Announcement(message.Time, message.Ip, message.Mac));
            }
            return null;
        }, _ => null);
    }

    /// <summary>
    /// Frames in line order into observations: frames with a time go to a <see cref="CaptureAssembler"/>; frames without
    /// one (tcpdump <c>-t</c>) into rounds by order, the same way: a request opens a round, the replies after it answer it
    /// (a reply before any request is an announcement), and addresses only ever asked for are counted, not reported,
    /// until someone answers for them.
    /// </summary>
    private sealed class FrameOrder(EvidenceReading reading)
    {
        private readonly CaptureAssembler _timed = new(reading, reading.OnlyVip);
        private readonly RoundRecorder _untimed = new(reading);
        private readonly Dictionary<Ipv4Address, long> _asked = [];
        private readonly HashSet<Ipv4Address> _answered = [];
        private long _uncredited;

        public void Flush(List<(DateTimeOffset? Time, (ArpFrame Frame, bool Credited) Item)> ready)
        {
            foreach (var (time, (frame, credited)) in ready)
            {
                if (frame.IsGratuitous && !credited)
                {
                    if (reading.Wants(frame.SenderIp)) _uncredited++;
                    continue;
                }
                if (time is { } t)
                {
                    reading.Clock(t);
                    _timed.Observe(t, frame);
                    continue;
                }
                if (frame.Operation == ArpOperation.Request && !frame.IsGratuitous)
                {
                    var ip = frame.TargetIp;
                    if (!reading.Wants(ip)) continue;
                    if (_answered.Contains(ip)) _untimed.Begin(ip, null);
                    else if (_asked.Count < CaptureAssembler.MaxPending || _asked.ContainsKey(ip)) _asked[ip] = _asked.GetValueOrDefault(ip) + 1;
                    continue;
                }
                var vip = frame.SenderIp;
                if (!reading.Wants(vip)) continue;
                Answered(vip);
                // Without a clock a reply answers the request before it; with none before it, it is unsolicited: an announcement.
                if (frame.IsGratuitous || !_untimed.IsOpen(vip, out _)) _untimed.Announce(vip, frame.SenderMac, null);
                else _untimed.Reply(vip, frame.SenderMac, null);
            }
            ready.Clear();
        }

        private void Answered(Ipv4Address ip)
        {
            if (!_answered.Add(ip) || !_asked.Remove(ip, out var count)) return;
            for (long i = 1; i < count; i++) reading.Add(new Round(null, ip, []));
            _untimed.Begin(ip, null);
        }

        public void End()
        {
            _timed.End();
            _untimed.EndAll();
            // With a VIP asked for, its requests nobody answered are unanswered rounds.
            if (reading.OnlyVip is { } only && _asked.TryGetValue(only, out var count))
                for (long i = 0; i < count; i++) reading.Add(new Round(null, only, []));
            if (_uncredited > 0)
                reading.Warn($"{_uncredited} gratuitous ARP request(s) without the Ethernet header: their announcer is not shown (capture with tcpdump -e, or tshark -n)");
        }
    }
}
