using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Core.Analysis;

/// <summary>
/// Streaming bookkeeping for one VIP: probes are opened, replies added, probes closed. Memory is
/// bounded by the number of distinct MACs and the timeline's capacity, never by the evidence size.
/// </summary>
public sealed class VipAccumulator
{
    public const int MaxWarnings = 50;
    public const int MaxWinnerRuns = 1000;

    private readonly ResponderTally _all = new();
    private readonly PhaseTracker _phases = new();
    private readonly List<ProbeReply> _probeReplies = [];
    private readonly List<string> _warnings = [];
    private readonly List<WinnerRun> _winnerRuns = [];
    private bool _winnerRunsTruncated;
    private readonly BoundedTimeline _timeline;
    private bool _probeOpen;
    private DateTimeOffset? _probeTime;
    private long _suppressedWarnings;
    private DateTimeOffset? _endTime;
    // --since/--until, and evidence left out by it.
    private readonly TimeWindow _window;
    private bool _skipping;
    private long _untimedSkipped;
    // The last observation (ObservedResolution), to tell a repeat from a fresh answer.
    private bool _observed;
    private MacAddress? _lastObserved;
    public VipAccumulator(Ipv4Address vip, int timelineCapacity = BoundedTimeline.DefaultCapacity, TimeWindow window = default)
    {
        Vip = vip;
        _timeline = new BoundedTimeline(timelineCapacity);
        _window = window;
    }

    /// <summary>Evidence outside <c>--since</c>/<c>--until</c>, or without a clock when a window is set, is left out.</summary>
    private bool Outside(DateTimeOffset? time)
    {
        if (_window.IsOpen) return false;
        if (time is { } t) return !_window.Contains(t);
        _untimedSkipped++;
        return true;
    }

    /// <summary>The latest clock reading of any probe or announcement; null without a clock.</summary>
    public DateTimeOffset? Latest { get; private set; }

    public Ipv4Address Vip { get; }
    public long ProbesSent { get; private set; }
    public long ProbesAnswered => _all.ProbesAnswered;
    public long Replies { get; private set; }
    public long WinnerChanges => _all.WinnerChanges;
    /// <summary>Probes answered by more than one MAC.</summary>
    public long ContestedProbes => _all.ContestedProbes;
    public long DroppedConnections { get; private set; }
    /// <summary>Set by evidence that names several responders at once (a watch log's conflict event).</summary>
    public bool SawConflict { get; private set; }
    public bool IsTimeSeries { get; set; }
    public bool UsesTimeShare { get; set; }
    public bool ProbeOpen => _probeOpen;
    public DateTimeOffset? ProbeTime => _probeTime;

    /// <summary>Starts a probe (closing any open one). <paramref name="time"/> is null when the evidence has no clock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void BeginProbe(DateTimeOffset? time)
    {
        if (_probeOpen) EndProbe();
        if (time is { } t && (Latest is null || t > Latest)) Latest = t;
        _skipping = Outside(time);
        if (_skipping) return;
        _probeOpen = true;
        _probeTime = time;
        ProbesSent++;
    }

    /// <summary>A reply to the open probe; opens one when none is (an unsolicited reply).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Reply(MacAddress mac, DateTimeOffset? time)
    {
        if (!_probeOpen && !_skipping) BeginProbe(time);
        if (_skipping || (!_window.IsOpen && time is { } t && !_window.Contains(t))) return;
        Replies++;
        bool first = _probeReplies.Count == 0;
        int index = -1;
        for (int i = 0; i < _probeReplies.Count; i++)
            if (_probeReplies[i].Mac == mac) { index = i; break; }
        if (index < 0) _probeReplies.Add(new ProbeReply(mac, 1, time, time));
        else
        {
            var r = _probeReplies[index];
            _probeReplies[index] = r with { Count = r.Count + 1, Last = time ?? r.Last };
        }
        _timeline.Add(new TimelinePoint(ProbesSent, time ?? _probeTime, mac, first ? TimelineMark.Winner : TimelineMark.Reply));
    }

    /// <summary>Closes the open probe: counts its winner and who answered more than once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EndProbe() => CloseProbe(silenceObserved: false);

    private void CloseProbe(bool silenceObserved, bool repeat = false, bool confirmed = false)
    {
        _skipping = false;
        if (!_probeOpen) return;
        _probeOpen = false;
        var replies = CollectionsMarshal.AsSpan(_probeReplies);
        _all.AddProbe(ProbesSent, _probeTime, replies, silenceObserved);
        _phases.Probe(ProbesSent, _probeTime, replies, silenceObserved, repeat, confirmed);
        AddWinnerRun(replies.IsEmpty ? null : replies[0].Mac);
        _probeReplies.Clear();
    }

    /// <summary>Winners in probe order, run-length encoded; bounded so a capture of millions of probes stays small.</summary>
    private void AddWinnerRun(MacAddress? winner)
    {
        if (_winnerRuns.Count > 0 && _winnerRuns[^1].Winner == winner)
        {
            var last = _winnerRuns[^1];
            _winnerRuns[^1] = last with { Probes = last.Probes + 1 };
        }
        else if (_winnerRuns.Count < MaxWinnerRuns)
            _winnerRuns.Add(new WinnerRun(winner, ProbesSent, 1));
        else
            _winnerRunsTruncated = true;
    }

    /// <summary>A gratuitous ARP from <paramref name="mac"/> claiming the VIP.</summary>
    public void Announcement(MacAddress mac, DateTimeOffset? time)
    {
        if (time is { } t && (Latest is null || t > Latest)) Latest = t;
        if (Outside(time)) return;
        _all.Announcement(mac, time);
        _phases.Announcement(mac, ProbesSent, time);
        _timeline.Add(new TimelinePoint(Math.Max(ProbesSent, 1), time, mac, TimelineMark.Announcement));
    }

    /// <summary>An observation (a watch log's event, a neighbour cache's entry, arpwatch's line) that clients now resolve the VIP to <paramref name="mac"/> (null: nobody answers).</summary>
    /// <param name="confirmed">The source already confirmed this state over several rounds (a watch log's one-responder): it starts a phase at once.</param>
    public void ObservedResolution(MacAddress? mac, DateTimeOffset? time, bool confirmed = false)
    {
        // Observing the same again (a cache still holding its entry) is not a fresh answer: phases do not count it as one.
        bool repeat = !confirmed && _observed && _lastObserved == mac;
        _observed = true;
        _lastObserved = mac;
        BeginProbe(time);
        if (mac is { } m) Reply(m, time);
        CloseProbe(silenceObserved: mac is null, repeat, confirmed);
    }

    /// <summary>Several MACs seen answering at once (watch log); the first is taken as the winner.</summary>
    public void ObservedResponders(IReadOnlyList<MacAddress> responders, DateTimeOffset? time)
    {
        if (responders.Count == 0) return;
        _observed = false;   // what follows is not a repeat of an observation before this one
        BeginProbe(time);
        if (responders.Count > 1 && _probeOpen) SawConflict = true;
        foreach (var mac in responders) Reply(mac, time);
        EndProbe();
    }

    public void ConnectionDropped() => DroppedConnections++;

    /// <summary>Closes the time share of the last winner at the end of the evidence.</summary>
    public void EndOfEvidence(DateTimeOffset? time)
    {
        EndProbe();
        _all.Close(time);
        _endTime = time;
    }

    public void Warn(string warning)
    {
        if (_warnings.Count < MaxWarnings) _warnings.Add(warning);
        else _suppressedWarnings++;
    }

    /// <summary>The figures of the whole evidence and of each phase; call once, at the end of the evidence.</summary>
    public VipReport ToReport(TimeSpan firewallTimeout)
    {
        EndProbe();
        _phases.End(_endTime);
        var warnings = _warnings.ToList();
        if (_suppressedWarnings > 0) warnings.Add($"{Words.Count(_suppressedWarnings, "more warning", "more warnings")} not shown");
        if (_untimedSkipped > 0)
            warnings.Add($"{Words.Count(_untimedSkipped, "probe or announcement", "probes and announcements")} without a clock left out: --since and --until can only place evidence that has times");
        if (_phases.Truncated) warnings.Add($"more than {PhaseTracker.MaxPhases} phases; later changes are counted in the last one");
        var phases = _phases.Tallies.Select(t =>
        {
            var figures = Figures(t, firewallTimeout, sawConflict: false);
            return new VipPhase(t.From, t.To, t.FirstProbe, t.LastProbe, t.ProbesSent, t.ProbesAnswered, t.Replies, figures.Responders,
                t.WinnerChanges, t.ContestedProbes, figures.Verdict, figures.Odds, figures.Inference);
        }).ToList();
        var all = Figures(_all, firewallTimeout, SawConflict);
        // The present state is the last phase's; a VIP with no phase (no probe at all) keeps the whole evidence's verdict.
        var verdict = phases.Count > 0 ? phases[^1].Verdict : all.Verdict;
        var inference = AnnouncerRules.AcrossPhases(phases, _phases.Changes)
            ?? phases.LastOrDefault(p => p.Inference is not null)?.Inference
            ?? all.Inference;
        return new VipReport(Vip, verdict, ProbesSent, ProbesAnswered, Replies, all.Responders, WinnerChanges, ContestedProbes, all.Odds,
            inference, DroppedConnections, _timeline.Points.ToList(), _timeline.Thinned,
            _winnerRuns.ToList(), _winnerRunsTruncated, warnings)
        {
            Phases = phases,
            Changes = _phases.Changes.ToList(),
        };
    }

    private (IReadOnlyList<ResponderStats> Responders, Verdict Verdict, FlapOdds Odds, AnnouncerInference? Inference) Figures(
        ResponderTally tally, TimeSpan firewallTimeout, bool sawConflict)
    {
        var responders = tally.Responders(UsesTimeShare, out var basis);
        var odds = FlapMath.Odds(responders.Select(r => r.WinShare), firewallTimeout, basis);
        var verdict = VerdictRules.For(IsTimeSeries, tally.WinnerChanges, tally.ContestedProbes, sawConflict, responders);
        return (responders, verdict, odds, AnnouncerRules.Infer(responders));
    }
}
