using System.Globalization;
using System.Text.Json;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Vendors;
using Spectre.Console;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Analyze;

/// <summary>Turns an <see cref="AnalysisReport"/> into text, JSON or HTML.</summary>
public static class AnalyzeRenderer
{
    public static void Render(AnalysisReport report, IReadOnlyList<EvidenceInput> inputs, string format, IAnsiConsole console, Lazy<MacVendors> vendors)
    {
        switch (format)
        {
            case "json": console.Profile.Out.Writer.WriteLine(ToJson(report, inputs, vendors.Value)); break;
            case "html": console.Profile.Out.Writer.Write(HtmlReport.Render(report, inputs, vendors.Value)); break;
            default: RenderText(report, inputs, console, vendors.Value); break;
        }
    }

    public static string ToJson(AnalysisReport report, IReadOnlyList<EvidenceInput> inputs, MacVendors vendors) => JsonSerializer.Serialize(new AnalyzeJson(
        report.VerdictWord,
        inputs.Select(i => new InputJson(i.Name, i.Kind?.ToWord(), i.Kind is EvidenceKind.Pcap or EvidenceKind.Pcapng ? i.Frames : null, i.Warning)).ToList(),
        report.Vips.Select(v => new VipJson(
            v.Vip.ToString(),
            v.Verdict.ToWord(),
            v.ProbesSent,
            v.ProbesAnswered,
            v.Replies,
            v.Responders.Count(r => r.Replies > 0),
            v.WinnerChanges,
            v.ContestedProbes,
            v.Responders.Select(r => new ResponderJson(
                r.Mac.ToString(), vendors.NameOf(r.Mac), r.Replies, r.Wins, Math.Round(r.WinShare, 4), r.ProbesAnswered, r.ProbesAnsweredMoreThanOnce,
                Math.Round(r.RepliesPerProbe, 3), r.Announcements, r.FirstSeen, r.LastSeen)).ToList(),
            v.WinnerRuns.Select(w => new WinnerRunJson(w.Winner?.ToString(), w.FirstProbe, w.Probes)).ToList(),
            v.WinnerRunsTruncated,
            Math.Round(v.Odds.ChanceNextDiffers, 4),
            v.Odds.Basis == ShareBasis.Time ? "time" : "probes",
            v.Odds.FirewallTimeout.TotalSeconds,
            v.Odds.ExpectedTimeToMove is { } t ? Math.Round(t.TotalSeconds, 1) : null,
            v.Inference?.Announcer.ToString(),
            v.Inference?.KernelResponders.Select(m => m.ToString()).ToList(),
            v.DroppedConnections,
            v.Warnings)).ToList(),
        report.Warnings), AnalyzeJsonContext.Relaxed.AnalyzeJson);

    private static void RenderText(AnalysisReport report, IReadOnlyList<EvidenceInput> inputs, IAnsiConsole console, MacVendors vendors)
    {
        foreach (var input in inputs)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{input.Name}: {input.Kind?.ToWord()}{(input.Frames > 0 ? $", {Words.Count(input.Frames, "frame")}" : "")}[/]");
            if (input.Warning is { } w) console.MarkupLineInterpolated($"[yellow]warning:[/] {input.Name}: {w}");
        }
        if (report.Vips.Count == 0)
            console.MarkupLine("[bold red]no-answer[/]: no ARP replies for any address in this evidence");
        foreach (var v in report.Vips)
        {
            var colour = v.Verdict == Verdict.Healthy ? "green" : "red";
            console.WriteLine();
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{v.Vip}[/]: [bold {colour}]{v.Verdict.ToWord()}[/] — {Words.Count(v.Responders.Count(r => r.Replies > 0), "MAC")}, {Words.Count(v.Replies, "reply", "replies")} to {Words.Count(v.ProbesSent, "probe")}, {v.ProbesAnswered} answered");
            if (v.Responders.Count > 0)
                VendorTables.Write(console, vendors, v.Responders.Select(x => x.Mac), separator => ResponderTable(v, vendors, separator));
            foreach (var line in Explanations.Lines(v)) console.WriteLine(line);
            foreach (var w in v.Warnings) console.MarkupLineInterpolated($"[yellow]warning:[/] {w}");
        }
        foreach (var w in report.Warnings) console.MarkupLineInterpolated($"[yellow]warning:[/] {w}");
    }

    private static Table ResponderTable(VipReport v, MacVendors vendors, string separator)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("MAC").NoWrap())
            // Right-aligned numbers need no padding on their right: the table fits 60 columns without cutting a header.
            .AddColumn(new TableColumn("replies").RightAligned().NoWrap().PadRight(0))
            .AddColumn(new TableColumn("won").RightAligned().NoWrap().PadRight(0))
            .AddColumn(new TableColumn("share").RightAligned().NoWrap().PadRight(0))
            .AddColumn(new TableColumn("/probe").RightAligned().NoWrap().PadRight(0))
            .AddColumn(new TableColumn("GARPs").RightAligned().NoWrap().PadRight(0));
        foreach (var r in v.Responders)
            table.AddRow(
                VendorTables.Cell(vendors, r.Mac, separator),
                r.Replies.ToString(CultureInfo.InvariantCulture),
                $"{r.Wins}/{v.ProbesAnswered}",
                r.WinShare.ToString("P0", CultureInfo.InvariantCulture),
                r.RepliesPerProbe.ToString("0.##", CultureInfo.InvariantCulture),
                r.Announcements.ToString(CultureInfo.InvariantCulture));
        return table;
    }
}
