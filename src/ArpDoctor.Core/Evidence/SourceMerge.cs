using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Observations;

namespace ArpDoctor.Core.Evidence;

/// <summary>How one source went in a <see cref="SourceMerge"/>.</summary>
/// <param name="Index">Its place among the sources given.</param>
/// <param name="First">Its first clock reading (null: none in its first <see cref="SourceMerge.LookAhead"/> observations).</param>
/// <param name="Last">Its latest clock reading.</param>
/// <param name="EarlierEnd">The latest clock reading of the sources ordered before it: when after <see cref="First"/>, they overlap.</param>
public sealed record MergedSource(int Index, DateTimeOffset? First, DateTimeOffset? Last, DateTimeOffset? EarlierEnd)
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
public static class SourceMerge
{
    /// <summary>Observations pulled from a source to find its first clock reading; held in memory meanwhile.</summary>
    public const int LookAhead = 10_000;

    private sealed class Cursor(int index, EvidenceSource source, EvidenceFeed feed)
    {
        public readonly int Index = index;
        public readonly EvidenceSource Source = source;
        public readonly EvidenceFeed Feed = feed;
        public readonly IEnumerator<Observation> Items = source.Read(feed).GetEnumerator();
        public readonly Queue<Observation> Held = new();
        public DateTimeOffset? First, Last, Key;
        public bool Done;

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
            }
            Feed.Add(observation);
        }
    }

    /// <summary>
    /// Reads every source into <paramref name="analysis"/>; the sources in the order read, and the index of the first
    /// that ended with an error (its <see cref="EvidenceSource.Reading"/> says which), where reading stopped.
    /// </summary>
    public static (IReadOnlyList<MergedSource> Order, int? Failed) Read(IReadOnlyList<EvidenceSource> sources, EvidenceAnalysis analysis,
        CancellationToken cancellationToken = default)
    {
        var cursors = new List<Cursor>();
        try
        {
            for (int i = 0; i < sources.Count; i++)
            {
                var cursor = new Cursor(i, sources[i], analysis.Begin(sources[i].Format.Traits));
                cursors.Add(cursor);
                cursor.FindFirst();
                if (sources[i].Reading!.Error is not null) return (Ordered(cursors), i);
            }
            var order = cursors.OrderBy(c => c.First is not null).ThenBy(c => c.First ?? DateTimeOffset.MinValue).ThenBy(c => c.Index).ToList();
            foreach (var clockless in order.TakeWhile(c => c.First is null))
                if (!Drain(clockless, cancellationToken)) return (Ordered(order), clockless.Index);
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
                    if (!End(cursor)) return (Ordered(order), cursor.Index);
                    continue;
                }
                cursor.Take();
                cursor.Advance();
                // Without a clock, the next observation stays right after the one before it in its source.
                queue.Enqueue(cursor, (cursor.Head?.Time ?? cursor.Key ?? priority.Key, priority.Rank));
            }
            return (Ordered(order), null);
        }
        finally
        {
            foreach (var c in cursors) c.Items.Dispose();
        }
    }

    private static bool Drain(Cursor cursor, CancellationToken cancellationToken)
    {
        long n = 0;
        while (cursor.Advance())
        {
            if ((++n & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            cursor.Take();
        }
        return End(cursor);
    }

    private static bool End(Cursor cursor)
    {
        cursor.Feed.End(cursor.Source.Reading!.LastTime);
        return cursor.Source.Reading.Error is null;
    }

    private static List<MergedSource> Ordered(IEnumerable<Cursor> order)
    {
        var result = new List<MergedSource>();
        DateTimeOffset? end = null;
        foreach (var c in order)
        {
            result.Add(new MergedSource(c.Index, c.First, c.Last, end));
            if (c.Last is { } l && (end is null || l > end)) end = l;
        }
        return result;
    }
}
