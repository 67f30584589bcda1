using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.History;

/// <summary>
/// The phases part of a <see cref="ResponderHistory"/>: splits a VIP's rounds into phases where the answering set
/// changes: nobody, one MAC, or several MACs (and which). A change counts only when <see cref="ResponderHistory.Confirm"/>
/// rounds in a row disagree with the phase and agree among themselves, so a lost reply (or a reply lost from a conflict)
/// is not a phase; the new phase starts at the first of them. Memory is bounded: at most
/// <see cref="ResponderHistory.Confirm"/> rounds wait for a decision and at most <see cref="MaxPhases"/> phases are kept.
/// </summary>
internal sealed class PhaseBook
{
    private const int Confirm = ResponderHistory.Confirm;
    public const int MaxPhases = ResponderHistory.MaxPhases;
    private const int MaxPendingAnnouncements = 64;
    private const int RecentAnnouncements = 32;

    private sealed class Phase(PhaseShape shape, IEnumerable<MacAddress> answering)
    {
        public readonly PhaseShape Shape = shape;
        public readonly HashSet<MacAddress> Set = [.. answering];
        public readonly ResponderTally Tally = new();
        public DateTimeOffset? LastProbeTime;

        public bool Holds(ReadOnlySpan<RoundResponder> replies)
        {
            switch (Shape)
            {
                case PhaseShape.Silent: return replies.IsEmpty;
                case PhaseShape.One: return replies.Length == 1 && Set.Contains(replies[0].Mac);
                default:
                    if (replies.Length < 2) return false;
                    foreach (var r in replies) if (!Set.Contains(r.Mac)) return false;
                    return true;
            }
        }

        public void Add(in Pending item)
        {
            if (item.Replies is { } replies)
            {
                Tally.AddProbe(item.Ordinal, item.Time, replies, item.Silence);
                // Repeats of the same observation: counted as probes, placed at the last of them.
                for (int i = 0; i < item.Repeats; i++) Tally.AddProbe(item.LastOrdinal, item.LastTime ?? item.Time, replies, item.Silence);
                if ((item.Repeats > 0 ? item.LastTime : item.Time) is { } t) LastProbeTime = t;
                if (Shape == PhaseShape.Several) foreach (var r in replies) Set.Add(r.Mac);
            }
            else Tally.Announcement(item.Mac, item.Time);
        }
    }

    /// <summary>A probe (with its replies) or an announcement (Replies null) waiting for the decision.</summary>
    private readonly record struct Pending(long Ordinal, DateTimeOffset? Time, RoundResponder[]? Replies, bool Silence, MacAddress Mac,
        int Repeats = 0, long LastOrdinal = 0, DateTimeOffset? LastTime = null);

    private readonly List<Phase> _phases = [];
    private readonly List<Pending> _pending = [];
    private readonly List<PhaseChange> _changes = [];
    private readonly Queue<(MacAddress Mac, long Ordinal, DateTimeOffset? Time)> _recentAnnouncements = new();
    private int _pendingProbes;

    /// <summary>More than <see cref="MaxPhases"/> phases: later changes were folded into the last one.</summary>
    public bool Truncated { get; private set; }

    /// <param name="repeat">
    /// The same observation as the one before (a neighbour cache that still holds the same entry, a watch log's state):
    /// it neither confirms nor breaks a phase, since a cache entry kept is not a fresh answer. It goes where the
    /// observation it repeats went.
    /// </param>
    public void Probe(long ordinal, DateTimeOffset? time, ReadOnlySpan<RoundResponder> replies, bool silenceObserved, bool repeat)
    {
        var current = _phases.Count > 0 ? _phases[^1] : null;
        if (repeat)
        {
            int last = _pending.FindLastIndex(p => p.Replies is not null);
            if (last >= 0)
            {
                var p = _pending[last];
                _pending[last] = p with { Repeats = p.Repeats + 1, LastOrdinal = ordinal, LastTime = time ?? p.LastTime };
                return;
            }
            if (current is not null && _pendingProbes == 0)
            {
                current.Tally.AddProbe(ordinal, time, replies, silenceObserved);
                if (time is { } rt) current.LastProbeTime = rt;
                return;
            }
        }
        if (current is not null && current.Holds(replies))
        {
            // The probes that disagreed were noise: they belong to the phase they interrupted. Announcements made while
            // this probe was open (a capture closes a probe at the next request) wait for what comes next.
            FoldPending(current, before: ordinal);
            current.Tally.AddProbe(ordinal, time, replies, silenceObserved);
            if (time is { } t) current.LastProbeTime = t;
            return;
        }
        _pending.Add(new Pending(ordinal, time, replies.ToArray(), silenceObserved, default));
        if (++_pendingProbes >= Confirm) Decide();
    }

    public void Announcement(MacAddress mac, long ordinal, DateTimeOffset? time)
    {
        if (_recentAnnouncements.Count == RecentAnnouncements) _recentAnnouncements.Dequeue();
        _recentAnnouncements.Enqueue((mac, ordinal, time));
        if (_changes.Count > 0 && _changes[^1] is { Kind: PhaseChangeKind.Flap } moved && moved.After.Count == 1 && moved.After[0] == mac
            && Announces(moved, ordinal, time))
            _changes[^1] = moved with { Kind = PhaseChangeKind.Failover };
        var item = new Pending(ordinal, time, null, false, mac);
        // Held until the next probe says which phase it belongs to: a failover's announcement comes just before the new MAC answers.
        if (_pending.Count < MaxPendingAnnouncements + Confirm) _pending.Add(item);
        else if (_phases.Count > 0) _phases[^1].Add(item);
    }

    /// <summary>At the end of the evidence: probes still waiting are too few to be a phase and join the last one.</summary>
    public void End(DateTimeOffset? time)
    {
        if (_phases.Count == 0 && _pending.Count > 0) Open();
        if (_phases.Count == 0) return;
        FoldPending(_phases[^1]);
        _phases[^1].Tally.Close(time);
    }
    public IReadOnlyList<PhaseChange> Changes => _changes;

    /// <summary>The phases' tallies in order (call <see cref="End"/> first).</summary>
    public IEnumerable<ResponderTally> Tallies => _phases.Select(p => p.Tally);

    private void Decide()
    {
        var window = new HashSet<MacAddress>();
        foreach (var p in _pending) if (p.Replies is { } replies) foreach (var r in replies) window.Add(r.Mac);
        var current = _phases.Count > 0 ? _phases[^1] : null;
        if (current is not null && (Truncated || (current.Shape == PhaseShape.Several && window.Count >= 2 && (window.IsSubsetOf(current.Set) || TakingTurns(current)))))
        {
            FoldPending(current);
            return;
        }
        if (_phases.Count >= MaxPhases)
        {
            Truncated = true;
            FoldPending(current!);
            return;
        }
        // Announcements that came before the first disagreeing probe belong to the new phase when a MAC of it made
        // them (a failover announces itself), and otherwise stay with the phase they were made in.
        int first = _pending.FindIndex(p => p.Replies is not null);
        var early = _pending.Take(first).ToList();
        _pending.RemoveRange(0, first);
        if (current is not null) foreach (var a in early.Where(a => !window.Contains(a.Mac))) current.Add(a);
        _pending.InsertRange(0, early.Where(a => current is null || window.Contains(a.Mac)));
        Open(window);
    }

    /// <summary>
    /// MACs that answer one at a time (a cache moving between nodes) stay one phase when another MAC takes a turn: only
    /// answers at the same time make the set of several a fixed thing that can change.
    /// </summary>
    private bool TakingTurns(Phase current) =>
        current.Tally.ContestedProbes == 0 && _pending.All(p => p.Replies is not { Length: > 1 });

    private void Open(HashSet<MacAddress>? window = null)
    {
        if (window is null)
        {
            window = [];
            foreach (var p in _pending) if (p.Replies is { } replies) foreach (var r in replies) window.Add(r.Mac);
        }
        var shape = window.Count switch { 0 => PhaseShape.Silent, 1 => PhaseShape.One, _ => PhaseShape.Several };
        var previous = _phases.Count > 0 ? _phases[^1] : null;
        var phase = new Phase(shape, window);
        var firstProbe = _pending.FirstOrDefault(p => p.Replies is not null);
        if (previous is not null)
        {
            previous.Tally.Close(firstProbe.Time);
            var before = previous.Tally.Answering.Order().ToList();
            var after = window.Order().ToList();
            var change = new PhaseChange(Kind(previous.Shape, shape), firstProbe.Ordinal, firstProbe.Time, before, after,
                previous.LastProbeTime, previous.Tally.LastProbe);
            if (change.Kind == PhaseChangeKind.Flap && _recentAnnouncements.Any(a => a.Mac == after[0] && Announces(change, a.Ordinal, a.Time)))
                change = change with { Kind = PhaseChangeKind.Failover };
            _changes.Add(change);
        }
        _phases.Add(phase);
        // Announcements made while the last of these probes was open wait, like those after a probe that holds.
        int lastProbe = _pending.FindLastIndex(p => p.Replies is not null);
        long lastOrdinal = lastProbe >= 0 ? _pending[lastProbe].Ordinal : long.MaxValue;
        bool Waits(Pending p) => p.Replies is null && p.Ordinal >= lastOrdinal;
        foreach (var item in _pending.Where(p => !Waits(p))) phase.Add(item);
        _pending.RemoveAll(p => !Waits(p));
        _pendingProbes = 0;
    }

    private void FoldPending(Phase phase, long before = long.MaxValue)
    {
        if (_pending.Count == 0) return;
        foreach (var item in _pending.Where(p => p.Replies is not null || p.Ordinal < before)) phase.Add(item);
        _pending.RemoveAll(p => p.Replies is not null || p.Ordinal < before);
        _pendingProbes = 0;
    }

    private static PhaseChangeKind Kind(PhaseShape before, PhaseShape after) => (before, after) switch
    {
        (_, PhaseShape.Silent) => PhaseChangeKind.Stopped,
        (PhaseShape.Silent, _) => PhaseChangeKind.Resumed,
        (PhaseShape.Several, PhaseShape.One) => PhaseChangeKind.Fixed,
        (PhaseShape.One, PhaseShape.Several) => PhaseChangeKind.Broke,
        (PhaseShape.One, PhaseShape.One) => PhaseChangeKind.Flap,
        _ => PhaseChangeKind.Changed,
    };

    /// <summary>
    /// Whether an announcement belongs to a change of MAC: <see cref="ResponderHistory.Announces"/> by the clock, or,
    /// without clocks, between the last round before the change and the one right after its first.
    /// </summary>
    private static bool Announces(PhaseChange change, long ordinal, DateTimeOffset? time)
    {
        if (time is { } t && change.At is { } at) return ResponderHistory.Announces(t, change.LastBefore, at);
        return ordinal >= change.LastProbeBefore && ordinal <= change.AtProbe + 1;
    }
}
