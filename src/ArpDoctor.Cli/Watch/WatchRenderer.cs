using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Observations;
using System.Globalization;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Text;
using ArpDoctor.Core.Watching;
using Spectre.Console;

namespace ArpDoctor.Cli.Watch;

/// <summary>The summary at the end of a watch, as text or JSON.</summary>
public static class WatchRenderer
{
    /// <summary>
    /// JSON as one line on <paramref name="output"/>; text through <paramref name="console"/>, wrapped between words at its
    /// width (the event lines above it stay one line each: they are a log, read and grepped line by line).
    /// </summary>
    public static void Render(WatchSummary s, bool json, TextWriter output, IAnsiConsole console)
    {
        if (json)
        {
            output.WriteLine(ToJson(s));
            return;
        }
        foreach (var line in ToText(s))
            console.WriteLine(line);
    }

    /// <summary>One line, <c>{"summary":{...}}</c>; <c>longestStableVip</c> is left out when nothing was stable.</summary>
    public static string ToJson(WatchSummary s) => JsonText.Write(indented: false, json =>
    {
        json.WriteStartObject();
        json.WriteStartObject("summary");
        json.WriteString("start", s.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteString("end", s.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteNumber("rounds", s.Rounds);
        json.WriteNumber("winnerChanges", s.WinnerChanges);
        json.WriteNumber("flaps", s.Flaps);
        json.WriteNumber("failovers", s.Failovers);
        json.WriteNumber("announcements", s.Announcements);
        json.WriteNumber("conflicts", s.Conflict);
        json.WriteNumber("noAnswers", s.NoAnswers);
        json.WriteNumber("connectionDrops", s.ConnectionDrops);
        json.WriteNumber("longestStableSeconds", Math.Round(s.LongestStable.TotalSeconds, 3));
        json.WriteStringIfNotNull("longestStableVip", s.LongestStableVip?.ToString());
        json.WriteStrings("responders", s.Responders.Select(m => m.ToString()));
        json.WriteNumber("earlierEvents", s.EarlierEvents);
        json.WriteString("verdict", s.Verdict.ToWord());
        json.WriteEndObject();
        json.WriteEndObject();
    });

    public static IEnumerable<string> ToText(WatchSummary s)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"Watched {Durations.Format(s.End - s.Start)}{(s.EarlierEvents > 0 ? $" (with {Words.Count(s.EarlierEvents, "event")} of earlier runs)" : "")}: " +
            $"{Words.Count(s.Rounds, "round")}, {Words.Count(s.WinnerChanges, "winner change")} ({Words.Count(s.Flaps, "flap")}, {Words.Count(s.Failovers, "failover")}), " +
            $"{Words.Count(s.Announcements, "announcement")}, {s.Conflict} conflict, {s.NoAnswers} no-answer, {Words.Count(s.ConnectionDrops, "connection drop")}.");
        yield return $"Longest stable period: {Durations.Format(s.LongestStable)}{(s.LongestStableVip is { } v ? $" ({v})" : "")}; " +
            $"responders: {s.Responders.Count}{(s.Responders.Count > 0 ? " (" + string.Join(", ", s.Responders) + ")" : "")}.";
        yield return s.Verdict switch
        {
            Verdict.Healthy => "Verdict: healthy — the MAC a client resolves stayed put" + (s.Failovers > 0 ? " apart from announced failovers." : "."),
            Verdict.Unstable => "Verdict: unstable — " + Reasons(s) + ".",
            _ => "Verdict: no-evidence — the watch ended before its first round, so it proves nothing; watch longer.",
        };
    }

    private static string Reasons(WatchSummary s)
    {
        var reasons = new List<string>();
        if (s.Flaps > 0) reasons.Add($"the winning MAC flapped {Words.Count(s.Flaps, "time")} without an announcement");
        if (s.Conflict > 0) reasons.Add("several MACs answered (strictARP off on kube-proxy IPVS is the usual cause)");
        if (s.NoAnswers > 0) reasons.Add("a VIP went unanswered");
        if (s.ConnectionDrops > 0) reasons.Add($"the held connection dropped {Words.Count(s.ConnectionDrops, "time")}");
        return string.Join("; ", reasons);
    }
}
