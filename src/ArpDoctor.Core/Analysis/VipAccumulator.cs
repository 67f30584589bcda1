using System.Runtime.CompilerServices;
using ArpDoctor.Core.Causes;
using ArpDoctor.Core.History;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Core.Analysis;

/// <summary>
/// One VIP's figures: the whole evidence's tally, its <see cref="ResponderHistory"/> (phases), the timeline and the
/// winners' runs, all fed from the same observations through <see cref="Add(Observation)"/>. Memory is bounded by the
/// number of distinct MACs and the timeline's capacity, never by the evidence size.
/// </summary>
public sealed class VipAccumulator
{
    public const int MaxWarnings = 50;
    public const int MaxWinnerRuns = 1000;

    private readonly ResponderTally _all = new();
    private readonly ClaimTally _claims = new();
    private long _announcements;
    private long _claimLines;   // claims and releases read, counted as announcements in the whole evidence's verdict
    private readonly ResponderHistory _history;
    private readonly List<string> _warnings = [];
    private readonly List<WinnerRun> _winnerRuns = [];
    private readonly BoundedTimeline _timeline;
    private readonly TimeWindow _window;   // --since/--until
    private SourceTraits _traits;
    private bool _winnerRunsTruncated;
    private long _suppressedWarnings, _untimedSkipped, _cacheRounds;
    private DateTimeOffset? _endTime;
    // The round being pushed by a reader that does not yet yield observations (BeginProbe/Reply/EndProbe).
    private List<Reply>? _pushed;
    private readonly List<Announcement> _heldAnnouncements = [];

    /// <param name="traits">The traits of the evidence, when they do not change (tests, one kind of evidence).</param>
    public VipAccumulator(Ipv4Address vip, int timelineCapacity = BoundedTimeline.DefaultCapacity, TimeWindow window = default,
        SourceTraits traits = SourceTraits.None)
    {
        Vip = vip;
        _history = new ResponderHistory(vip, keepsPhases: true, saysEvents: false);
        _timeline = new BoundedTimeline(timelineCapacity);
        _window = window;
        _traits = traits;
    }

    public Ipv4Address Vip { get; }

    /// <summary>The latest clock reading of any observation; null without a clock.</summary>
    public DateTimeOffset? Latest { get; private set; }

    public long ProbesSent { get; private set; }
    public long ProbesAnswered => _all.ProbesAnswered;
    public long Replies { get; private set; }
    public long WinnerChanges => _all.WinnerChanges;
    /// <summary>Probes answered by more than one MAC.</summary>
    public long ContestedProbes => _all.ContestedProbes;
    public long ConnectionDrops { get; private set; }

    /// <summary>Folds one observation of this VIP, from a source with <paramref name="traits"/> (they hold for the whole VIP from then on).</summary>
    public void Add(Observation observation, SourceTraits traits = SourceTraits.None)
    {
        _traits |= traits;
        switch (observation)
        {
            case Round round: Add(round); break;
            case Announcement announcement: Add(announcement); break;
            case ConnectionDrop drop: Add(drop); break;
            case Claim claim: Add(claim); break;
        }
    }

    /// <summary>Judges this VIP's evidence by <paramref name="traits"/> too, from now on (the end of a source of several blocks).</summary>
    public void JudgeAs(SourceTraits traits) => _traits |= traits;

    /// <summary>Evidence outside <c>--since</c>/<c>--until</c>, or without a clock when a window is set, is left out.</summary>
    private bool Outside(DateTimeOffset? time)
    {
        if (_window.IsOpen) return false;
        if (time is { } t) return !_window.Contains(t);
        _untimedSkipped++;
        return true;
    }

    private void Saw(DateTimeOffset? time)
    {
        if (time is { } t && (Latest is null || t > Latest)) Latest = t;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Add(Round round)
    {
        Saw(round.Time);
        if (round.Source == RoundSource.Cache) _traits |= SourceTraits.TimeShare;
        if (Outside(round.Time)) return;
        if (!_window.IsOpen && OutsideReplies(round)) round = round with { Replies = [.. round.Replies.Where(r => r.Time is not { } t || _window.Contains(t))] };
        ProbesSent++;
        if (round.Source == RoundSource.Cache) _cacheRounds++;
        Replies += round.Replies.Count;
        _history.Add(round);
        var replies = _history.LastRound;
        _all.AddProbe(ProbesSent, round.Time, replies, silenceObserved: round.Source == RoundSource.Cache && replies.IsEmpty);
        bool first = true;
        var all = round.Replies;
        for (int n = 0; n < all.Count; n++)   // indexed: an IReadOnlyList's enumerator is an allocation per round
        {
            var reply = all[n];
            _timeline.Add(new TimelinePoint(ProbesSent, reply.Time ?? round.Time, reply.Mac, first ? TimelineMark.Winner : TimelineMark.Reply));
            first = false;
        }
        AddWinnerRun(round.Winner);
    }

    private bool OutsideReplies(Round round)
    {
        for (int n = 0; n < round.Replies.Count; n++)
            if (round.Replies[n].Time is { } t && !_window.Contains(t)) return true;
        return false;
    }

    private void Add(Announcement announcement)
    {
        Saw(announcement.Time);
        if (Outside(announcement.Time)) return;
        _announcements++;
        _all.Announcement(announcement.Mac, announcement.Time);
        _history.Add(announcement);
        _timeline.Add(new TimelinePoint(Math.Max(ProbesSent, 1), announcement.Time, announcement.Mac, TimelineMark.Announcement));
    }

    /// <summary>An announcer's log: who took the VIP and when. Not a reply: it says nothing of which MACs answer.</summary>
    private void Add(Claim claim)
    {
        Saw(claim.Time);
        if (Outside(claim.Time)) return;
        _claims.Add(claim);
        _claimLines++;
    }

    private void Add(ConnectionDrop drop)
    {
        Saw(drop.When);
        if (Outside(drop.When)) return;
        ConnectionDrops++;
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

    // The push form, for readers that build a round from lines (a request line, then reply lines): it makes a Round and
    // folds it like any other. An announcement made while a round is open is folded after that round, as a reader that
    // yields observations gives it: the round comes out when it closes.

    /// <summary>Whether a pushed round is open.</summary>
    public bool ProbeOpen => _pushed is not null;

    /// <summary>The time of the open pushed round.</summary>
    public DateTimeOffset? ProbeTime { get; private set; }

    /// <summary>Starts a round (closing any open one). <paramref name="time"/> is null when the evidence has no clock.</summary>
    public void BeginProbe(DateTimeOffset? time)
    {
        EndProbe();
        _pushed = [];
        ProbeTime = time;
    }

    /// <summary>A reply to the open round; opens one when none is (an unsolicited reply).</summary>
    public void Reply(MacAddress mac, DateTimeOffset? time)
    {
        if (_pushed is null) BeginProbe(time);
        _pushed!.Add(new Reply(mac, time));
    }

    /// <summary>Closes the open round and folds it.</summary>
    public void EndProbe()
    {
        if (_pushed is not { } replies) return;
        _pushed = null;
        Add(new Round(ProbeTime, Vip, replies));
        foreach (var a in _heldAnnouncements) Add(a);
        _heldAnnouncements.Clear();
    }

    /// <summary>An announcement of the VIP by <paramref name="mac"/> (push form of <see cref="Announcement"/>).</summary>
    public void Announcement(MacAddress mac, DateTimeOffset? time)
    {
        if (_pushed is not null) _heldAnnouncements.Add(new Announcement(time, Vip, mac));
        else Add(new Announcement(time, Vip, mac));
    }

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
        _history.End(_endTime);
        var warnings = _warnings.ToList();
        if (_suppressedWarnings > 0) warnings.Add($"{Words.Count(_suppressedWarnings, "more warning", "more warnings")} not shown");
        if (_untimedSkipped > 0)
            warnings.Add($"{Words.Count(_untimedSkipped, "probe or announcement", "probes and announcements")} without a clock left out: --since and --until can only place evidence that has times");
        if (_history.PhasesTruncated) warnings.Add($"more than {ResponderHistory.MaxPhases} phases; later changes are counted in the last one");
        var phases = _history.Phases.Select(t =>
        {
            var figures = Figures(t, firewallTimeout, 0);
            return new VipPhase(t.From, t.To, t.FirstProbe, t.LastProbe, t.ProbesSent, t.ProbesAnswered, t.Replies, figures.Responders,
                t.WinnerChanges, t.ContestedProbes, figures.Verdict, figures.Odds, figures.Inference);
        }).ToList();
        // A claim says a node took the VIP, not which MAC answers: like an announcement it answers no one, so a VIP seen
        // only through claims is inconclusive (evidence of something), never no-evidence.
        var all = Figures(_all, firewallTimeout, _claimLines);
        // The present state is the last phase's; a VIP with no phase (no probe at all) keeps the whole evidence's verdict.
        var verdict = phases.Count > 0 ? phases[^1].Verdict : all.Verdict;
        var inference = AcrossPhases(phases, _history.Changes)
            ?? phases.LastOrDefault(p => p.Inference is not null)?.Inference
            ?? all.Inference;
        return new VipReport(Vip, verdict, ProbesSent, ProbesAnswered, Replies, all.Responders, WinnerChanges, ContestedProbes, all.Odds,
            inference, ConnectionDrops, _timeline.Points.ToList(), _timeline.Thinned,
            _winnerRuns.ToList(), _winnerRunsTruncated, warnings)
        {
            Phases = phases,
            Changes = _history.Changes.ToList(),
            Claims = _claims.ToReport(onlyClaims: ProbesSent == 0 && Replies == 0 && _announcements == 0, Vip),
            SnapshotsOnly = ProbesSent > 0 && _cacheRounds == ProbesSent,
        };
    }

    private (IReadOnlyList<ResponderStats> Responders, Verdict Verdict, FlapOdds Odds, AnnouncerInference? Inference) Figures(
        ResponderTally tally, TimeSpan firewallTimeout, long claims)
    {
        var responders = tally.Responders((_traits & SourceTraits.TimeShare) != 0, out var basis);
        var odds = FlapMath.Odds(responders.Select(r => r.WinShare), firewallTimeout, basis);
        var facts = VerdictFacts.Of((_traits & SourceTraits.TimeSeries) != 0, tally.ProbesSent, tally.WinnerChanges, tally.ContestedProbes, responders,
            (_traits & SourceTraits.Moves) != 0);
        var verdict = VerdictRules.For(facts with { Announcements = facts.Announcements + claims });
        return (responders, verdict, odds, IpvsPattern.Infer(responders));
    }

    /// <summary>
    /// The announcer across a fix: the MAC that answered more than once per probe in the conflict phase and answers
    /// alone in the phase after it (the kernels went quiet; the speaker kept answering). Null when the two disagree.
    /// </summary>
    private static AnnouncerInference? AcrossPhases(IReadOnlyList<VipPhase> phases, IReadOnlyList<PhaseChange> changes)
    {
        for (int i = changes.Count - 1; i >= 0; i--)
        {
            if (changes[i].Kind != PhaseChangeKind.Fixed || i + 1 >= phases.Count) continue;
            if (phases[i].Inference is not { } before) continue;
            var after = phases[i + 1].Responders.Where(r => r.Replies > 0).ToList();
            if (after.Count == 1 && after[0].Mac == before.Announcer) return before with { AloneAfter = changes[i] };
        }
        return null;
    }
}
