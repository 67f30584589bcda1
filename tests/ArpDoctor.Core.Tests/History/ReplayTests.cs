using System.Text;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.History;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Core.Tests.History;

/// <summary>
/// Analyze replays a watch log through the same history the watch used: it finds the events the watch logged and the
/// phases the watch's own rounds make.
/// </summary>
public class ReplayTests
{
    // Address plan: we are 192.0.2.1 / 02:00:00:00:00:01; nodes A/B/C are 02:00:00:00:00:1{1,2,3}; VIP 203.0.113.10.
    private static readonly Ipv4Address Client = Ipv4Address.Parse("192.0.2.1");
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:11");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:12");
    private static readonly MacAddress C = MacAddress.Parse("02:00:00:00:00:13");
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly TimeSpan Firewall = TimeSpan.FromSeconds(30);

    private readonly ManualClock _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>What a watch hands its sinks: the log's lines (as the log sink writes them), its events and its rounds.</summary>
    private sealed class LoggingSink : IWatchSink
    {
        private readonly WatchLogRecorder _recorder = new();
        public readonly List<string> Lines = [];
        public readonly List<WatchEvent> Events = [];
        public readonly List<Round> Rounds = [];

        public void Probed(Ipv4Address vip) { }
        public void RoundEnded(Round round)
        {
            Rounds.Add(round);
            Write(_recorder.Round(round));
        }
        public void Event(WatchEvent e)
        {
            Events.Add(e);
            Write(_recorder.Event(e));
        }
        public void Ended() => Write(_recorder.End());
        private void Write(IReadOnlyList<byte[]> lines) => Lines.AddRange(lines.Select(l => Encoding.UTF8.GetString(l).TrimEnd('\n')));
    }

    public enum Scenario { Steady, Failover, Flap, ConflictThenFix, Silence }

    /// <summary>Runs a 10-minute watch (a round every 10 s) while <paramref name="scenario"/> happens on the fake link.</summary>
    private async Task<LoggingSink> Watch(Scenario scenario)
    {
        using var link = new TimedFakeArpLink(_time, inline: true);
        link.Answer(Vip, A);
        var request = new WatchRequest([Vip], Client, MacAddress.Parse("02:00:00:00:00:01"), TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(10));
        var sink = new LoggingSink();
        var start = _time.GetUtcNow();
        var run = new Watcher(link, _time, request).RunAsync(sink, null, CancellationToken.None);
        var done = new HashSet<int>();
        bool At(TimeSpan elapsed, int seconds) => elapsed >= TimeSpan.FromSeconds(seconds) && done.Add(seconds);
        for (int i = 0; i < 100_000 && !run.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(250));
            var elapsed = _time.GetUtcNow() - start;
            switch (scenario)
            {
                case Scenario.Failover when At(elapsed, 125):
                    link.Silence(Vip);
                    link.Answer(Vip, B);
                    link.Announce(Vip, B);
                    break;
                case Scenario.Flap when At(elapsed, 125):
                    link.Silence(Vip);
                    link.Answer(Vip, B);
                    break;
                case Scenario.Flap when At(elapsed, 305):
                    link.Silence(Vip);
                    link.Answer(Vip, A);
                    break;
                case Scenario.ConflictThenFix when At(elapsed, 65):
                    link.Answer(Vip, B, () => TimeSpan.FromMilliseconds(5));
                    link.Answer(Vip, C, () => TimeSpan.FromMilliseconds(9));
                    break;
                case Scenario.ConflictThenFix when At(elapsed, 305):
                    link.Silence(Vip);
                    link.Answer(Vip, B);
                    break;
                case Scenario.Silence when At(elapsed, 125):
                    link.Silence(Vip);
                    break;
                case Scenario.Silence when At(elapsed, 245):
                    link.Answer(Vip, A);
                    break;
            }
        }
        Assert.True(run.IsCompleted, "the watch did not end");
        await run;
        return sink;
    }

    [Theory]
    [InlineData(Scenario.Failover, "first-seen announcement winner-changed:failover")]
    [InlineData(Scenario.Flap, "first-seen winner-changed:flap winner-changed:flap")]
    [InlineData(Scenario.ConflictThenFix, "first-seen conflict winner-changed:fixed one-responder")]
    [InlineData(Scenario.Silence, "first-seen no-answer recovered")]
    public async Task Analyze_of_a_watch_log_finds_the_events_and_phases_the_watch_found(Scenario scenario, string expected)
    {
        var watch = await Watch(scenario);
        Assert.Equal(expected, Words(watch.Events));

        // The log, read back as analyze reads it: line by line, through the feeder, into one history.
        var analysis = new EvidenceAnalysis();
        var feed = analysis.Begin(EvidenceFormats.ResolutionTraits);
        var feeder = new WatchLogFeeder(new EvidenceAnalysis());   // what each line stands for; the feed above takes it
        var replayed = new ResponderHistory(Vip);
        DateTimeOffset? last = null;
        var events = new List<WatchEvent>();
        foreach (var line in watch.Lines)
        {
            Assert.True(WatchLogFormat.TryParseRecord(line, out var record, out var why), why);
            foreach (var observation in feeder.Observations(record))
            {
                events.AddRange(replayed.Add(observation));
                feed.Add(observation);
                if (observation.Time > last || last is null) last = observation.Time;
            }
        }
        feed.End(last);   // every VIP holds its last state to the last line, as the feeder ends a log
        if (replayed.Flush() is { } waiting) events.Add(waiting);
        Assert.Equal(watch.Events.Select(Line), events.Select(Line));

        // The phases: the same as the watch's own rounds make.
        var direct = new VipAccumulator(Vip, traits: EvidenceFormats.ResolutionTraits);
        foreach (var round in watch.Rounds) direct.Add(round);
        foreach (var announcement in watch.Events.Where(e => e.Kind == WatchEventKind.Announcement))
            direct.Add(new Announcement(announcement.Time, Vip, announcement.Mac!.Value));
        direct.EndOfEvidence(watch.Rounds[^1].Time);
        var fromLog = Assert.Single(analysis.ToReport(Firewall).Vips);
        var fromWatch = direct.ToReport(Firewall);
        Assert.Equal(fromWatch.ProbesSent, fromLog.ProbesSent);
        Assert.Equal(fromWatch.Phases.Select(p => (p.Verdict, p.From, p.ProbesSent)), fromLog.Phases.Select(p => (p.Verdict, p.From, p.ProbesSent)));
        Assert.Equal(fromWatch.Changes.Select(c => (c.Kind, c.At)), fromLog.Changes.Select(c => (c.Kind, c.At)));
        Assert.Equal(fromWatch.Verdict, fromLog.Verdict);
    }

    [Fact]
    public async Task A_log_of_an_answer_that_never_changes_is_a_few_lines()
    {
        // 60 rounds of one answer: the first round's record and the first-seen event, then one record of the other 59 at the end.
        var watch = await Watch(Scenario.Steady);
        Assert.Equal(60, watch.Rounds.Count);
        Assert.Equal(3, watch.Lines.Count);
        Assert.Equal(watch.Rounds.Count, watch.Lines.Where(l => l.Contains("\"event\":\"rounds\"", StringComparison.Ordinal))
            .Sum(l => { WatchLogFormat.TryParseRecord(l, out var r, out _); return r.Rounds!.Count; }));
    }

    private static string Line(WatchEvent e) => Encoding.UTF8.GetString(WatchLogFormat.ToLine(e));

    private static string Words(IEnumerable<WatchEvent> events) =>
        string.Join(' ', events.Select(e => e.Cause is { } c ? $"{e.Kind.ToWord()}:{c.ToWord()}" : e.Kind.ToWord()));
}
