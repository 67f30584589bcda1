using System.Runtime.CompilerServices;
using ArpDoctor.Core.Packets;
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

    private sealed class MacCounters
    {
        public long Replies, Wins, ProbesAnswered, ProbesAnsweredMoreThanOnce, Announcements;
        public long ShareTicks;
        public DateTimeOffset? FirstSeen, LastSeen;
    }

    private readonly Dictionary<MacAddress, MacCounters> _macs = [];
    private readonly List<(MacAddress Mac, int Count)> _probeReplies = [];
    private readonly List<string> _warnings = [];
    private readonly List<WinnerRun> _winnerRuns = [];
    private bool _winnerRunsTruncated;
    private readonly BoundedTimeline _timeline;
    private MacAddress _lastMac;
    private MacCounters? _lastCounters;
    private bool _probeOpen;
    private DateTimeOffset? _probeTime;
    private MacAddress? _lastWinner;
    private MacAddress? _lastKnownWinner;
    private DateTimeOffset? _lastWinnerTime;
    private long _suppressedWarnings;

    public VipAccumulator(Ipv4Address vip, int timelineCapacity = BoundedTimeline.DefaultCapacity)
    {
        Vip = vip;
        _timeline = new BoundedTimeline(timelineCapacity);
    }

    public Ipv4Address Vip { get; }
    public long ProbesSent { get; private set; }
    public long ProbesAnswered { get; private set; }
    public long Replies { get; private set; }
    public long WinnerChanges { get; private set; }
    /// <summary>Probes answered by more than one MAC.</summary>
    public long ContestedProbes { get; private set; }
    public long DroppedConnections { get; private set; }
    /// <summary>Set by evidence that names several responders at once (a watch log's conflict event).</summary>
    public bool SawConflict { get; private set; }
    public bool IsTimeSeries { get; set; }
    public bool UsesTimeShare { get; set; }
    public int DistinctMacs => _macs.Count;
    public bool ProbeOpen => _probeOpen;
    public DateTimeOffset? ProbeTime => _probeTime;

    /// <summary>Starts a probe (closing any open one). <paramref name="time"/> is null when the evidence has no clock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void BeginProbe(DateTimeOffset? time)
    {
        if (_probeOpen) EndProbe();
        _probeOpen = true;
        _probeTime = time;
        ProbesSent++;
    }

    /// <summary>A reply to the open probe; opens one when none is (an unsolicited reply).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Reply(MacAddress mac, DateTimeOffset? time)
    {
        if (!_probeOpen) BeginProbe(time);
        Replies++;
        var counters = Counters(mac, time);
        counters.Replies++;
        bool first = _probeReplies.Count == 0;
        int index = -1;
        for (int i = 0; i < _probeReplies.Count; i++)
            if (_probeReplies[i].Mac == mac) { index = i; break; }
        if (index < 0) _probeReplies.Add((mac, 1));
        else _probeReplies[index] = (mac, _probeReplies[index].Count + 1);
        _timeline.Add(new TimelinePoint(ProbesSent, time ?? _probeTime, mac, first ? TimelineMark.Winner : TimelineMark.Reply));
    }

    /// <summary>Closes the open probe: counts its winner and who answered more than once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EndProbe()
    {
        if (!_probeOpen) return;
        _probeOpen = false;
        if (_probeReplies.Count == 0)
        {
            AddWinnerRun(null);
            return;
        }
        ProbesAnswered++;
        if (_probeReplies.Count > 1) ContestedProbes++;
        var winner = _probeReplies[0].Mac;
        _macs[winner].Wins++;
        foreach (var (mac, count) in _probeReplies)
        {
            var c = _macs[mac];
            c.ProbesAnswered++;
            if (count > 1) c.ProbesAnsweredMoreThanOnce++;
        }
        _probeReplies.Clear();
        AddWinnerRun(winner);
        ObserveWinner(winner, _probeTime);
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

    /// <summary>The MAC clients resolve to from <paramref name="time"/> on; counts changes and time shares.</summary>
    private void ObserveWinner(MacAddress? winner, DateTimeOffset? time)
    {
        // A change is counted against the last MAC seen, even across a spell of no answers.
        if (_lastKnownWinner is { } last && winner is { } now && last != now) WinnerChanges++;
        if (_lastWinner is { } previous && _lastWinnerTime is { } since && time is { } t && t > since)
            _macs[previous].ShareTicks += (t - since).Ticks;
        _lastWinner = winner;
        if (winner is not null) _lastKnownWinner = winner;
        _lastWinnerTime = time;
    }

    /// <summary>A gratuitous ARP from <paramref name="mac"/> claiming the VIP.</summary>
    public void Announcement(MacAddress mac, DateTimeOffset? time)
    {
        Counters(mac, time).Announcements++;
        _timeline.Add(new TimelinePoint(Math.Max(ProbesSent, 1), time, mac, TimelineMark.Announcement));
    }

    /// <summary>A watch log's observation that clients now resolve the VIP to <paramref name="mac"/> (null: nobody answers).</summary>
    public void ObservedResolution(MacAddress? mac, DateTimeOffset? time)
    {
        if (mac is { } m)
        {
            BeginProbe(time);
            Reply(m, time);
            EndProbe();
        }
        else
        {
            BeginProbe(time);
            EndProbe();
            ObserveWinner(null, time);
        }
    }

    /// <summary>Several MACs seen answering at once (watch log); the first is taken as the winner.</summary>
    public void ObservedResponders(IReadOnlyList<MacAddress> responders, DateTimeOffset? time)
    {
        if (responders.Count > 1) SawConflict = true;
        if (responders.Count == 0) return;
        BeginProbe(time);
        foreach (var mac in responders) Reply(mac, time);
        EndProbe();
    }

    public void ConnectionDropped() => DroppedConnections++;

    /// <summary>Closes the time share of the last winner at the end of the evidence.</summary>
    public void EndOfEvidence(DateTimeOffset? time)
    {
        EndProbe();
        if (_lastWinner is { } last && _lastWinnerTime is { } since && time is { } t && t > since)
        {
            _macs[last].ShareTicks += (t - since).Ticks;
            _lastWinnerTime = t;
        }
    }

    public void Warn(string warning)
    {
        if (_warnings.Count < MaxWarnings) _warnings.Add(warning);
        else _suppressedWarnings++;
    }

    private MacCounters Counters(MacAddress mac, DateTimeOffset? time)
    {
        // Replies come in runs from the same few MACs: a one-entry cache saves most dictionary lookups.
        MacCounters? c = _lastMac == mac ? _lastCounters : null;
        if (c is null && !_macs.TryGetValue(mac, out c)) _macs[mac] = c = new MacCounters();
        _lastMac = mac;
        _lastCounters = c;
        if (time is { } t)
        {
            if (c.FirstSeen is null || t < c.FirstSeen) c.FirstSeen = t;
            if (c.LastSeen is null || t > c.LastSeen) c.LastSeen = t;
        }
        return c;
    }

    /// <summary>The figures so far; the accumulator can keep going afterwards.</summary>
    public VipReport ToReport(TimeSpan firewallTimeout)
    {
        EndProbe();
        long totalTicks = _macs.Values.Sum(c => c.ShareTicks);
        bool byTime = UsesTimeShare && totalTicks > 0;
        long totalWins = _macs.Values.Sum(c => c.Wins);
        var responders = _macs
            .Select(kv => new ResponderStats(kv.Key, kv.Value.Replies, kv.Value.Wins, kv.Value.ProbesAnswered,
                kv.Value.ProbesAnsweredMoreThanOnce, kv.Value.Announcements,
                byTime ? (double)kv.Value.ShareTicks / totalTicks : totalWins == 0 ? 0 : (double)kv.Value.Wins / totalWins,
                kv.Value.FirstSeen, kv.Value.LastSeen))
            .OrderByDescending(r => r.WinShare).ThenByDescending(r => r.Replies).ThenBy(r => r.Mac)
            .ToList();
        var odds = FlapMath.Odds(responders.Select(r => r.WinShare), firewallTimeout, byTime ? ShareBasis.Time : ShareBasis.Probes);
        var warnings = _warnings.ToList();
        if (_suppressedWarnings > 0) warnings.Add($"{Words.Count(_suppressedWarnings, "more warning", "more warnings")} not shown");
        var verdict = VerdictRules.For(this, responders);
        return new VipReport(Vip, verdict, ProbesSent, ProbesAnswered, Replies, responders, WinnerChanges, ContestedProbes, odds,
            AnnouncerRules.Infer(responders), DroppedConnections, _timeline.Points.ToList(), _timeline.Thinned,
            _winnerRuns.ToList(), _winnerRunsTruncated, warnings);
    }
}
