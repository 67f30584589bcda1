using System.Globalization;
using ArpDoctor.Cli.Common;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Probing;
using Spectre.Console;

namespace ArpDoctor.Cli.Analyze;

/// <summary>Turns an <see cref="AnalysisReport"/> into text, JSON or HTML.</summary>
public static class AnalyzeRenderer
{
    public static void Render(AnalysisReport report, IReadOnlyList<EvidenceInput> inputs, string format, IAnsiConsole console)
    {
        switch (format)
        {
            case "json": console.Profile.Out.Writer.WriteLine(ToJson(report, inputs)); break;
            case "html": console.Profile.Out.Writer.Write(HtmlReport.Render(report, inputs)); break;
            default: RenderText(report, inputs, console); break;
        }
    }

    public static string ToJson(AnalysisReport report, IReadOnlyList<EvidenceInput> inputs) => Json.Serialize(new
    {
        verdict = report.Verdict.ToWord(),
        inputs = inputs.Select(i => new { file = i.Name, kind = i.Kind?.ToWord(), frames = i.Kind is EvidenceKind.Pcap or EvidenceKind.Pcapng ? i.Frames : (long?)null, warning = i.Warning }),
        vips = report.Vips.Select(v => new
        {
            vip = v.Vip.ToString(),
            verdict = v.Verdict.ToWord(),
            probesSent = v.ProbesSent,
            probesAnswered = v.ProbesAnswered,
            replies = v.Replies,
            distinctMacs = v.Responders.Count(r => r.Replies > 0),
            winnerChanges = v.WinnerChanges,
            contestedProbes = v.ContestedProbes,
            responders = v.Responders.Select(r => new
            {
                mac = r.Mac.ToString(),
                replies = r.Replies,
                wins = r.Wins,
                winShare = Math.Round(r.WinShare, 4),
                probesAnswered = r.ProbesAnswered,
                probesAnsweredMoreThanOnce = r.ProbesAnsweredMoreThanOnce,
                repliesPerProbe = Math.Round(r.RepliesPerProbe, 3),
                announcements = r.Announcements,
                firstSeen = r.FirstSeen,
                lastSeen = r.LastSeen,
            }),
            winners = v.WinnerRuns.Select(w => new { mac = w.Winner?.ToString(), fromProbe = w.FirstProbe, probes = w.Probes }),
            winnersTruncated = v.WinnerRunsTruncated ? true : (bool?)null,
            chanceNextDiffers = Math.Round(v.Odds.ChanceNextDiffers, 4),
            shareBasis = v.Odds.Basis == ShareBasis.Time ? "time" : "probes",
            firewallTimeoutSeconds = v.Odds.FirewallTimeout.TotalSeconds,
            expectedSecondsToMove = v.Odds.ExpectedTimeToMove is { } t ? Math.Round(t.TotalSeconds, 1) : (double?)null,
            likelyAnnouncer = v.Inference?.Announcer.ToString(),
            kernelResponders = v.Inference?.KernelResponders.Select(m => m.ToString()),
            droppedConnections = v.DroppedConnections,
            warnings = v.Warnings,
        }),
        warnings = report.Warnings,
    });

    private static void RenderText(AnalysisReport report, IReadOnlyList<EvidenceInput> inputs, IAnsiConsole console)
    {
        foreach (var input in inputs)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{input.Name}: {input.Kind?.ToWord()}{(input.Frames > 0 ? $", {input.Frames} frame(s)" : "")}[/]");
            if (input.Warning is { } w) console.MarkupLineInterpolated($"[yellow]warning:[/] {input.Name}: {w}");
        }
        if (report.Vips.Count == 0)
            console.MarkupLine("[bold red]no-answer[/]: no ARP replies for any address in this evidence");
        foreach (var v in report.Vips)
        {
            var colour = v.Verdict == Verdict.Healthy ? "green" : "red";
            console.WriteLine();
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{v.Vip}[/]: [bold {colour}]{v.Verdict.ToWord()}[/] — {v.Responders.Count(r => r.Replies > 0)} MAC(s), {v.Replies} repl(ies) to {v.ProbesSent} probe(s), {v.ProbesAnswered} answered");
            if (v.Responders.Count > 0)
            {
                var table = new Table().Border(TableBorder.Simple)
                    .AddColumn("MAC")
                    .AddColumn(new TableColumn("replies").RightAligned())
                    .AddColumn(new TableColumn("won").RightAligned())
                    .AddColumn(new TableColumn("share").RightAligned())
                    .AddColumn(new TableColumn("replies/probe").RightAligned())
                    .AddColumn(new TableColumn("announced").RightAligned());
                foreach (var r in v.Responders)
                    table.AddRow(
                        r.Mac.ToString(),
                        r.Replies.ToString(CultureInfo.InvariantCulture),
                        $"{r.Wins}/{v.ProbesAnswered}",
                        r.WinShare.ToString("P0", CultureInfo.InvariantCulture),
                        r.RepliesPerProbe.ToString("0.##", CultureInfo.InvariantCulture),
                        r.Announcements.ToString(CultureInfo.InvariantCulture));
                console.Write(table);
            }
            foreach (var line in Explanations.Lines(v)) console.WriteLine(line);
            foreach (var w in v.Warnings) console.MarkupLineInterpolated($"[yellow]warning:[/] {w}");
        }
        foreach (var w in report.Warnings) console.MarkupLineInterpolated($"[yellow]warning:[/] {w}");
    }
}
