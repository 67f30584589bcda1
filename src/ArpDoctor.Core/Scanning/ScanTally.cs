using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Scanning;

/// <summary>
/// Counts replies per target and MAC while a scan runs. Built for the capture's hot path: a target is
/// found by a dictionary keyed by its <see cref="Ipv4Address"/> (a <c>uint</c>), and responders live in
/// one growable pool of slots chained per target, so observing a frame allocates nothing once the pool
/// has grown to the number of distinct (target, MAC) pairs.
/// </summary>
/// <remarks>Not thread-safe: the scan's one loop sends, feeds <see cref="Observe"/> and reads it in turn.</remarks>
public sealed class ScanTally
{
    private readonly Ipv4Address[] _targets;
    private readonly Dictionary<Ipv4Address, int> _index;
    private readonly MacAddress _sourceMac;
    private readonly int[] _head;          // first slot of each target, -1 when none
    private readonly int[] _probes;
    private readonly bool[] _answered;
    private readonly long[] _firstReply;   // capture time (UTC ticks) of each target's first reply
    private ulong[] _slotMac = new ulong[64];
    private int[] _slotReplies = new int[64];
    private int[] _slotNext = new int[64];
    private int _slots;
    private int _answeredCount;

    public ScanTally(IReadOnlyList<Ipv4Address> targets, MacAddress sourceMac)
    {
        _targets = [.. targets];
        _sourceMac = sourceMac;
        _index = new Dictionary<Ipv4Address, int>(_targets.Length);
        for (int i = 0; i < _targets.Length; i++)
            if (!_index.TryAdd(_targets[i], i))
                throw new ArgumentException($"target {_targets[i]} appears twice", nameof(targets));
        _head = new int[_targets.Length];
        Array.Fill(_head, -1);
        _probes = new int[_targets.Length];
        _answered = new bool[_targets.Length];
        _firstReply = new long[_targets.Length];
    }

    public int Count => _targets.Length;

    /// <summary>Targets with at least one reply.</summary>
    public int AnsweredCount => _answeredCount;
    public Ipv4Address Target(int index) => _targets[index];
    public int TotalReplies { get; private set; }

    /// <summary>
    /// The largest time from a target's first reply to a later one, over every target (capture
    /// timestamps): how far apart the responders of one VIP answer on this segment.
    /// </summary>
    public TimeSpan LargestSpread { get; private set; }

    public bool HasAnswered(int index) => _answered[index];

    /// <summary>Records that a probe for target <paramref name="index"/> left.</summary>
    public void Sent(int index) => _probes[index]++;

    /// <summary>Feeds one frame captured at <paramref name="time"/>; true when it is a reply for a target addressed to us.</summary>
    public bool Observe(DateTimeOffset time, in ArpFrame frame) => Observe(time, frame, ArpFrameKinds.Classify(frame, _sourceMac));

    /// <summary>Feeds one frame the engine has classified as <paramref name="kind"/>.</summary>
    public bool Observe(DateTimeOffset time, in ArpFrame frame, ArpFrameKind kind)
    {
        if (kind != ArpFrameKind.ReplyToUs) return false;
        if (!_index.TryGetValue(frame.SenderIp, out int target)) return false;
        ulong mac = frame.SenderMac.Value;
        int slot = _head[target], last = -1;
        while (slot >= 0 && _slotMac[slot] != mac)
        {
            last = slot;
            slot = _slotNext[slot];
        }
        if (slot < 0)
        {
            slot = NewSlot(mac);
            // Appending keeps arrival order: the head is the first MAC heard for this target.
            if (last < 0) _head[target] = slot;
            else _slotNext[last] = slot;
        }
        _slotReplies[slot]++;
        TotalReplies++;
        long at = time.UtcTicks;
        if (!_answered[target])
        {
            _firstReply[target] = at;
            _answered[target] = true;
            _answeredCount++;
        }
        else if (at - _firstReply[target] > LargestSpread.Ticks)
        {
            // Frames arrive in capture order, so a later reply never has an earlier timestamp (a clock step could; it is ignored).
            LargestSpread = TimeSpan.FromTicks(at - _firstReply[target]);
        }
        return true;
    }

    private int NewSlot(ulong mac)
    {
        if (_slots == _slotMac.Length)
        {
            Array.Resize(ref _slotMac, _slots * 2);
            Array.Resize(ref _slotReplies, _slots * 2);
            Array.Resize(ref _slotNext, _slots * 2);
        }
        int slot = _slots++;
        _slotMac[slot] = mac;
        _slotReplies[slot] = 0;
        _slotNext[slot] = -1;
        return slot;
    }

    /// <summary>The result of target <paramref name="index"/>: responders in the order first heard.</summary>
    public ScanTargetResult ResultOf(int index)
    {
        var responders = new List<ScanResponder>();
        for (int slot = _head[index]; slot >= 0; slot = _slotNext[slot])
            responders.Add(new ScanResponder(new MacAddress(_slotMac[slot]), _slotReplies[slot]));
        return new ScanTargetResult(_targets[index], responders,
            responders.Count > 0 ? responders[0].Mac : null, _probes[index]);
    }

    /// <summary>Every target, conflicts first, then silent ones, then healthy; by address within each.</summary>
    public IReadOnlyList<ScanTargetResult> Results() =>
        Enumerable.Range(0, _targets.Length).Select(ResultOf)
            .OrderBy(r => r.Verdict switch { Verdict.Conflict => 0, Verdict.NoAnswer => 1, _ => 2 })
            .ThenBy(r => r.Vip)
            .ToList();
}
