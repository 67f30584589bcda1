using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Infers which arping replies answer the same probe. arping prints replies in arrival order with the
/// round trip measured from the latest probe, so inside one probe the round trips never decrease: a
/// decrease is a certain boundary. Replies that keep growing across probes (one responder, steady
/// latency) need the summary's probe count: equal groups when they fit the certain boundaries, one
/// reply per probe for a single responder, else the certain boundaries alone.
/// </summary>
public static class ProbeBoundaries
{
    /// <summary>Start index of each inferred probe group (the first is always 0), and whether the split is a guess.</summary>
    public static (IReadOnlyList<int> Starts, bool Uncertain) Infer(IReadOnlyList<(MacAddress Mac, TimeSpan? RoundTrip)> replies, int? probes)
    {
        int m = replies.Count;
        if (m == 0) return ([], false);
        var forced = new List<int> { 0 };
        for (int i = 1; i < m; i++)
            if (replies[i].RoundTrip is { } now && replies[i - 1].RoundTrip is { } before && now < before)
                forced.Add(i);
        if (probes is not { } n || n <= 0) return (SingleResponderSplit(replies, forced, null), false);
        if (forced.Count >= n) return (forced, forced.Count > n);
        if (m % n == 0)
        {
            int size = m / n;
            if (forced.All(s => s % size == 0))
                return (Enumerable.Range(0, n).Select(k => k * size).ToList(), false);
        }
        var single = SingleResponderSplit(replies, forced, n);
        return (single, single.Count != n && m >= n);
    }

    /// <summary>When every reply comes from one MAC, each reply is its own probe (up to <paramref name="limit"/> groups).</summary>
    private static List<int> SingleResponderSplit(IReadOnlyList<(MacAddress Mac, TimeSpan? RoundTrip)> replies, List<int> forced, int? limit)
    {
        var first = replies[0].Mac;
        for (int i = 1; i < replies.Count; i++)
            if (replies[i].Mac != first) return forced;
        if (limit is { } n && replies.Count > n) return forced;
        return Enumerable.Range(0, replies.Count).ToList();
    }
}
