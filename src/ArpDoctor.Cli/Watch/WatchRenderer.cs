using System.Globalization;
using ArpDoctor.Cli.Common;
using ArpDoctor.Core.Text;
using ArpDoctor.Core.Watching;

namespace ArpDoctor.Cli.Watch;

/// <summary>The summary at the end of a watch, as text or JSON.</summary>
public static class WatchRenderer
{
    private static readonly System.Text.Json.JsonSerializerOptions CompactJson = new(Json.Options) { WriteIndented = false };

    public static void Render(WatchSummary s, bool json, TextWriter output)
    {
        if (json)
        {
            output.WriteLine(System.Text.Json.JsonSerializer.Serialize(ToJsonObject(s), CompactJson));
            return;
        }
        foreach (var line in ToText(s))
            output.WriteLine(line);
    }

    public static object ToJsonObject(WatchSummary s) => new
    {
        summary = new
        {
            start = s.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            end = s.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            resolutions = s.Resolutions,
            winnerChanges = s.WinnerChanges,
            flaps = s.Flaps,
            failovers = s.Failovers,
            gratuitous = s.Gratuitous,
            multipleResponders = s.MultipleResponders,
            noAnswers = s.NoAnswers,
            connectionDrops = s.ConnectionDrops,
            longestStableSeconds = Math.Round(s.LongestStable.TotalSeconds, 3),
            longestStableVip = s.LongestStableVip?.ToString(),
            distinctResponders = s.DistinctResponders.Select(m => m.ToString()),
            earlierEvents = s.EarlierEvents,
            verdict = s.Verdict.ToWord(),
        },
    };

    public static IEnumerable<string> ToText(WatchSummary s)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"Watched {Durations.Format(s.End - s.Start)}{(s.EarlierEvents > 0 ? $" (with {s.EarlierEvents} event(s) of earlier runs)" : "")}: " +
            $"{s.Resolutions} resolution(s), {s.WinnerChanges} winner change(s) ({s.Flaps} flap(s), {s.Failovers} failover(s)), " +
            $"{s.Gratuitous} gratuitous, {s.MultipleResponders} multiple-responders, {s.NoAnswers} no-answer, {s.ConnectionDrops} connection drop(s).");
        yield return $"Longest stable period: {Durations.Format(s.LongestStable)}{(s.LongestStableVip is { } v ? $" ({v})" : "")}; " +
            $"distinct responders: {s.DistinctResponders.Count}{(s.DistinctResponders.Count > 0 ? " (" + string.Join(", ", s.DistinctResponders) + ")" : "")}.";
        yield return s.Verdict == WatchVerdict.Stable
            ? "Verdict: stable — the MAC a client resolves stayed put" + (s.Failovers > 0 ? " apart from announced failovers." : ".")
            : "Verdict: unstable — " + Reasons(s) + ".";
    }

    private static string Reasons(WatchSummary s)
    {
        var reasons = new List<string>();
        if (s.Flaps > 0) reasons.Add($"the winning MAC flapped {s.Flaps} time(s) without an announcement");
        if (s.MultipleResponders > 0) reasons.Add("several MACs answered (strictARP off on kube-proxy IPVS is the usual cause)");
        if (s.NoAnswers > 0) reasons.Add("a VIP went unanswered");
        if (s.ConnectionDrops > 0) reasons.Add($"the held connection dropped {s.ConnectionDrops} time(s)");
        return string.Join("; ", reasons);
    }
}
