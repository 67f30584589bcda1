using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>How one source went in a <see cref="SourceMerge"/>.</summary>
/// <param name="Index">Its place among the sources given.</param>
/// <param name="First">Its first clock reading (null: none in its first <see cref="SourceMerge.LookAhead"/> observations).</param>
/// <param name="Last">Its latest clock reading.</param>
/// <param name="EarlierEnd">The latest clock reading of the sources ordered before it: when after <see cref="First"/>, they overlap.</param>
/// <param name="Runs">The runs it was read in: more than one where its clock goes back (<see cref="SourceMerge"/>).</param>
public sealed record MergedSource(int Index, DateTimeOffset? First, DateTimeOffset? Last, DateTimeOffset? EarlierEnd, int Runs = 1)
{
    /// <summary>It starts before the sources ordered before it end: their observations were interleaved by time.</summary>
    public bool Overlaps => First is { } f && EarlierEnd is { } e && f < e;
}

/// <summary>
/// Reads several sources of one incident into one analysis in time order. Each source's first clock reading is found by
/// pulling its first observations (at most <see cref="LookAhead"/>, held until read); sources without one come first, in
/// the order given, then the others by it. Where sources overlap in time their observations are merged k-way by time
/// (an observation without a clock keeps its place after the one before it in its source), so a history split over
/// files is one history again.
/// </summary>
/// <remarks>
/// A source whose clock goes back (<c>cat arping.log arping.log.1</c>: the newest run first) is split where it does,
/// with a warning naming the line, and each run is merged like a source of its own: phases never run against the clock.
/// A text source that can be read again (a file) is read once to find its runs, and again for each run up to that
/// run's end (at most <see cref="MaxRuns"/>), never held in memory. A source read once (standard input, a capture) is
/// read in the order written, with a warning where its clock goes back.
/// A source that ends with an error does not end the merge: what it yielded before stays, the others are read on,
/// and its index is among those that failed.
/// </remarks>
public static class SourceMerge
{
    /// <summary>Observations pulled from a source to find its first clock reading; held in memory meanwhile.</summary>
    public const int LookAhead = 10_000;

    /// <summary>Runs one source is read in at most; where its clock goes back more often, the rest is read in the order written.</summary>
    public const int MaxRuns = 32;

    /// <summary>Warnings about a clock going back in a source read once; the rest are counted.</summary>
    private const int MaxStepWarnings = 5;

    /// <summary>One run of a source: its observations from <see cref="Start"/> (counted from 0) up to <see cref="End"/>, excluded.</summary>
    private sealed record Run(long Start, long End, DateTimeOffset? First, DateTimeOffset? Last);

    /// <summary>
    /// Where a re-read run's reader says what it said the first time: its warnings nowhere (they were given then), the
    /// traits of its blocks to the run's feed (each run is judged as the whole source is).
    /// </summary>
    private sealed class Quiet(EvidenceFeed feed) : IObservationSink
    {
        public void Add(Observation observation) { }
        public void Warn(string warning, Ipv4Address? vip = null) { }
        public void AddTraits(SourceTraits traits) => feed.AddTraits(traits);
    }

    private sealed class Cursor(int index, EvidenceSource source, EvidenceFeed feed, IEnumerable<Observation> items, Run? run, bool single)
    {
        public readonly int Index = index;
        public readonly EvidenceSource Source = source;
        public readonly EvidenceFeed Feed = feed;
        public readonly IEnumerator<Observation> Items = items.GetEnumerator();
        public readonly Queue<Observation> Held = new();
        public DateTimeOffset? First = run?.First, Last, Key;
        public bool Done;

        /// <summary>Notices the clock going back in a source read once, which cannot be split into runs.</summary>
        private readonly ClockSteps? _steps = run is null ? new ClockSteps() : null;
        private long _steppedBack;

        /// <summary>Pulls until the first observation with a time (or the look-ahead is used up, or the source ends).</summary>
        public void FindFirst()
        {
            while (Held.Count < LookAhead && Items.MoveNext())
            {
                Held.Enqueue(Items.Current);
                if (Items.Current.Time is { } t) { First = t; return; }
            }
        }

        /// <summary>The next observation, pulled and not yet added; null at the end of the source.</summary>
        public Observation? Head;

        /// <summary>Pulls the next observation into <see cref="Head"/>; false at the end of the source.</summary>
        public bool Advance()
        {
            if (Held.TryDequeue(out var held)) Head = held;
            else if (!Done && Items.MoveNext()) Head = Items.Current;
            else
            {
                Done = true;
                Head = null;
            }
            return Head is not null;
        }

        /// <summary>Adds <see cref="Head"/> to the analysis.</summary>
        public void Take()
        {
            var observation = Head!;
            if (observation.Time is { } t)
            {
                Key = t;
                if (Last is null || t > Last) Last = t;
                if (_steps?.Back(observation) is { } from && ++_steppedBack <= MaxStepWarnings)
                    Feed.Warn($"{Source.Reading!.Where}{ClockSteps.Words(from, t)}; {(Source.Format.IsBinary ? "a capture" : "text read once (a pipe)")} " +
                        "is read in the order written: give it as a file (text) or sort it (captures: reordercap) to read each run in time order");
            }
            Feed.Add(observation);
        }

        /// <summary>The source (or run) ends at its last clock reading.</summary>
        public void End()
        {
            if (_steppedBack > MaxStepWarnings)
                Feed.Warn($"the clock goes back {_steppedBack - MaxStepWarnings} more times");
            // One run is the whole source: its reading's last clock counts lines that yielded nothing too.
            Feed.End(run is null || single ? Source.Reading!.LastTime : run.Last);
        }
    }

    /// <summary>
    /// Reads every source into <paramref name="analysis"/>; the sources in the order read, and the indexes of those
    /// that ended with an error (each one's <see cref="EvidenceSource.Reading"/> says which), in the order given.
    /// </summary>
    public static (IReadOnlyList<MergedSource> Order, IReadOnlyList<int> Failed) Read(IReadOnlyList<EvidenceSource> sources, EvidenceAnalysis analysis,
        CancellationToken cancellationToken = default)
    {
        var cursors = new List<Cursor>();
        try
        {
            for (int i = 0; i < sources.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var source = sources[i];
                if (source.CanReadAgain)
                {
                    var runs = Runs(source, analysis.Begin(source.Format.Traits, source.Options.Name), cancellationToken);
                    foreach (var run in runs)
                    {
                        var feed = analysis.Begin(source.Format.Traits, source.Options.Name);
                        cursors.Add(new Cursor(i, source, feed, Slice(source.Again(), run, feed), run, runs.Count == 1));
                    }
                    continue;
                }
                var once = analysis.Begin(source.Format.Traits, source.Options.Name);
                var cursor = new Cursor(i, source, once, source.Read(once), null, true);
                cursors.Add(cursor);
                cursor.FindFirst();
            }
            // Stable: a source's runs without a clock keep their order, and ties go to the source given first.
            var order = cursors.OrderBy(c => c.First is not null).ThenBy(c => c.First ?? DateTimeOffset.MinValue).ThenBy(c => c.Index).ToList();
            foreach (var clockless in order.TakeWhile(c => c.First is null)) Drain(clockless, cancellationToken);
            // k-way: the cursor whose next observation is earliest goes next; ties go to the source ordered first.
            var queue = new PriorityQueue<Cursor, (DateTimeOffset Key, int Rank)>();
            var timed = order.Where(c => c.First is not null).ToList();
            for (int rank = 0; rank < timed.Count; rank++)
            {
                var cursor = timed[rank];
                cursor.Advance();
                queue.Enqueue(cursor, (cursor.Head?.Time ?? cursor.First!.Value, rank));
            }
            long n = 0;
            while (queue.TryDequeue(out var cursor, out var priority))
            {
                if ((++n & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                if (cursor.Head is null)
                {
                    cursor.End();
                    continue;
                }
                cursor.Take();
                cursor.Advance();
                // Without a clock, the next observation stays right after the one before it in its source.
                queue.Enqueue(cursor, (cursor.Head?.Time ?? cursor.Key ?? priority.Key, priority.Rank));
            }
            var failed = Enumerable.Range(0, sources.Count).Where(i => sources[i].Reading?.Error is not null).ToList();
            return (Ordered(order), failed);
        }
        finally
        {
            foreach (var c in cursors) c.Items.Dispose();
        }
    }

    /// <summary>
    /// Reads a source through once, yielding nothing to the analysis but its reader's warnings, to find where its clock
    /// goes back: the runs to read it in (one when it never does), each step back warned about with its line.
    /// </summary>
    private static List<Run> Runs(EvidenceSource source, EvidenceFeed warnings, CancellationToken cancellationToken)
    {
        var runs = new List<Run>();
        var steps = new ClockSteps();
        long index = 0, start = 0;
        DateTimeOffset? first = null, last = null;
        bool tooMany = false;
        foreach (var observation in source.Read(warnings))
        {
            if ((index & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (steps.Back(observation) is { } from && !tooMany)
            {
                var step = $"{source.Reading!.Where}{ClockSteps.Words(from, observation.Time!.Value)}";
                if (runs.Count < MaxRuns - 1)
                {
                    warnings.Warn($"{step}; read from here as a separate run");
                    runs.Add(new Run(start, index, first, last));
                    (start, first, last) = (index, null, null);
                }
                else
                {
                    tooMany = true;
                    warnings.Warn($"{step}; it went back {MaxRuns - 1} times before: the rest is read in the order written");
                }
            }
            if (observation.Time is { } t)
            {
                first ??= t;
                if (last is null || t > last) last = t;
            }
            index++;
        }
        runs.Add(new Run(start, long.MaxValue, first, last));
        return runs;
    }

    /// <summary>One run's observations, read again from the source's first line; its warnings were said the first time.</summary>
    private static IEnumerable<Observation> Slice(EvidenceSource again, Run run, EvidenceFeed feed)
    {
        long index = 0;
        foreach (var observation in again.Read(new Quiet(feed)))
        {
            if (index >= run.End) yield break;
            if (index++ >= run.Start) yield return observation;
        }
    }

    private static void Drain(Cursor cursor, CancellationToken cancellationToken)
    {
        long n = 0;
        while (cursor.Advance())
        {
            if ((++n & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            cursor.Take();
        }
        cursor.End();
    }

    /// <summary>Each source once, in the order its first run was read, with its first and last clock readings over all its runs.</summary>
    private static List<MergedSource> Ordered(List<Cursor> order)
    {
        var result = new List<MergedSource>();
        DateTimeOffset? end = null;
        foreach (var runs in order.GroupBy(c => c.Index))
        {
            var first = runs.Select(c => c.First).Where(t => t is not null).Min();
            var last = runs.Select(c => c.Last).Where(t => t is not null).Max();
            result.Add(new MergedSource(runs.Key, first, last, end, runs.Count()));
            if (last is { } l && (end is null || l > end)) end = l;
        }
        return result;
    }
}
