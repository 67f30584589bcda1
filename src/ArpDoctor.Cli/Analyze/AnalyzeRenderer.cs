using ArpDoctor.Core.History;
using System.Globalization;
using System.Text.Json;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Causes;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Vendors;
using Spectre.Console;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Analyze;

/// <summary>Turns an <see cref="AnalysisReport"/> into text, JSON or HTML.</summary>
public static class AnalyzeRenderer
{
    /// <param name="unread">Inputs that could not be read (in part or at all), with why; text says so on standard error.</param>
    public static void Render(AnalysisReport report, IReadOnlyList<EvidenceInput> inputs, string format, IAnsiConsole console, Lazy<MacVendors> vendors,
        IReadOnlyList<EvidenceInput>? unread = null)
    {
        switch (format)
        {
            case "json": console.Profile.Out.Writer.WriteLine(ToJson(report, inputs, vendors.Value, unread)); break;
            case "html": console.Profile.Out.Writer.Write(HtmlReport.Render(report, inputs, vendors.Value, unread)); break;
            default: RenderText(report, inputs, console, vendors.Value); break;
        }
    }

    public static string ToJson(AnalysisReport report, IReadOnlyList<EvidenceInput> inputs, MacVendors vendors, IReadOnlyList<EvidenceInput>? unread = null) =>
        JsonSerializer.Serialize(new AnalyzeJson(
        report.VerdictWord,
        inputs.Select(i => new InputJson(i.Name, i.Kind?.ToWord(), i.Kind is EvidenceKind.Pcap or EvidenceKind.Pcapng ? i.Frames : null, i.Warning,
            i.Blocks?.Select(b => new BlockJson(b.Kind.ToWord(), b.FirstLine, b.LastLine)).ToList(), i.Skipped)).ToList(),
        (unread ?? []).Select(u => new UnreadJson(u.Name, u.Error ?? "")).ToList(),
        report.Vips.Select(v => new VipJson(
            v.Vip.ToString(),
            v.Verdict.ToWord(),
            v.ProbesSent,
            v.ProbesAnswered,
            v.Replies,
            v.Responders.Count(r => r.Replies > 0),
            v.WinnerChanges,
            v.ContestedProbes,
            Responders(v.Responders, vendors),
            v.WinnerRuns.Select(w => new WinnerRunJson(w.Winner?.ToString(), w.FirstProbe, w.Probes)).ToList(),
            v.WinnerRunsTruncated,
            Math.Round(v.Odds.ChanceNextDiffers, 4),
            v.Odds.Basis == ShareBasis.Time ? "time" : "probes",
            v.Odds.FirewallTimeout.TotalSeconds,
            v.Odds.ExpectedTimeToMove is { } t ? Math.Round(t.TotalSeconds, 1) : null,
            v.Inference?.Announcer.ToString(),
            v.Inference?.KernelResponders.Select(m => m.ToString()).ToList(),
            v.ConnectionDrops,
            v.Warnings,
            v.Clockless ? "position" : "evidence",
            v.Phases.Select(p => new PhaseJson(p.From, p.To, p.FirstProbe, p.LastProbe, p.Verdict.ToWord(), p.ProbesSent, p.ProbesAnswered,
                p.Replies, p.Responders.Count(r => r.Replies > 0), p.WinnerChanges, p.ContestedProbes, Responders(p.Responders, vendors),
                Math.Round(p.Odds.ChanceNextDiffers, 4), p.Odds.Basis == ShareBasis.Time ? "time" : "probes",
                p.Odds.ExpectedTimeToMove is { } t ? Math.Round(t.TotalSeconds, 1) : null,
                p.Inference?.Announcer.ToString(), p.Inference?.KernelResponders.Select(m => m.ToString()).ToList())).ToList(),
            v.Changes.Select(c => new ChangeJson(PhaseText.Word(c.Kind), c.AtProbe, c.At,
                c.Before.Select(m => m.ToString()).ToList(), c.After.Select(m => m.ToString()).ToList())).ToList(),
            v.Inference is null ? [] : v.Inference.AloneAfter is null ? ["answers-more-than-once-per-probe"] : ["answers-more-than-once-per-probe", "alone-after-fix"],
            Claims(v.Claims),
            EvidenceCauses.AllHints(v, vendors).Select(c => new CauseJson(c.Id.ToWord(), c.Summary, c.Evidence, c.Confirm, c.RuledOutBy, c.Remedy.Text)).ToList())).ToList(),
        report.Warnings,
        report.Incomplete,
        report.SkippedLines), AnalyzeJsonContext.Relaxed.AnalyzeJson);

    private static ClaimsJson? Claims(ClaimReport? c) => c is null ? null : new ClaimsJson(
        c.Announcers.Select(a => new AnnouncerClaimsJson(Node(a.Node), a.Claims, a.Releases, a.First, a.Last)).ToList(),
        c.Holds.Select(h => new HoldJson(Node(h.Node), h.From, h.To, h.Open)).ToList(),
        c.Overlaps.Select(o => new OverlapJson([Node(o.First), Node(o.Second)], o.From, o.To, o.Open)).ToList(),
        c.Claims.Select(x => new ClaimJson(x.Time, Node(x.Node), x.Released, x.Lease)).ToList(),
        c.ClaimsTruncated,
        c.Settle);

    private static string? Node(string node) => node == Core.Observations.Claim.ThisAnnouncer ? null : node;

    private static List<ResponderJson> Responders(IEnumerable<ResponderStats> responders, MacVendors vendors) => responders.Select(r => new ResponderJson(
        r.Mac.ToString(), vendors.NameOf(r.Mac), r.Replies, r.Wins, Math.Round(r.WinShare, 4), r.ProbesAnswered, r.ProbesAnsweredMoreThanOnce,
        Math.Round(r.RepliesPerProbe, 3), r.Announcements, r.FirstSeen, r.LastSeen)).ToList();

    private static void RenderText(AnalysisReport report, IReadOnlyList<EvidenceInput> inputs, IAnsiConsole console, MacVendors vendors)
    {
        foreach (var input in inputs)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{input.Name}: {input.Kind?.ToWord()}{(input.Frames > 0 ? $", {Words.Count(input.Frames, "frame")}" : "")}[/]");
            if (BlockText.Of(input) is { } blocks) console.MarkupLineInterpolated($"[grey]{input.Name}: read: {blocks}[/]");
            if (input.Warning is { } w) console.MarkupLineInterpolated($"[yellow]warning:[/] {EvidenceFiles.Called(input.Name)}: {w}");
            if (BlockText.Skipped(input) is { } skipped) console.MarkupLineInterpolated($"[yellow]warning:[/] {EvidenceFiles.Called(input.Name)}: {skipped}");
        }
        if (report.Vips.Count == 0)
            console.MarkupLineInterpolated($"[bold {Colour(report.Verdict)}]{report.VerdictWord}[/]: nothing in this evidence asks for, answers for or announces any address");
        foreach (var v in report.Vips)
        {
            console.WriteLine();
            if (v.Phases.Count <= 1)
            {
                console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{v.Vip}[/]: [bold {Colour(v.Verdict)}]{v.Verdict.ToWord()}[/] — {Words.Count(v.Responders.Count(r => r.Replies > 0), "MAC")}, {Words.Count(v.Replies, "reply", "replies")} to {Words.Count(v.ProbesSent, "probe")}, {v.ProbesAnswered} answered");
                Details(v, console, vendors);
            }
            else
            {
                console.MarkupLineInterpolated($"[bold {Colour(v.Verdict)}]{PhaseText.Headline(v)}[/]");
                foreach (var line in PhaseText.Summary(v)) console.WriteLine(line);
                int first = Math.Max(0, v.Phases.Count - PhasesDetailed);
                if (first > 0) console.WriteLine($"Details of the last {PhasesDetailed} phases follow; -o json has every phase's.");
                for (int i = first; i < v.Phases.Count; i++)
                {
                    console.WriteLine();
                    console.WriteLine(PhaseText.Heading(v, i));
                    Details(v.ForPhase(i), console, vendors);
                }
                if (PhaseText.Announcer(v) is { } announcer)
                {
                    console.WriteLine();
                    console.WriteLine(announcer);
                }
                if (v.ConnectionDrops > 0) console.WriteLine($"The watch log records {Words.Count(v.ConnectionDrops, "dropped connection")}.");
            }
            foreach (var line in ClaimText.Lines(v)) console.WriteLine(line);
            foreach (var w in v.Warnings) console.MarkupLineInterpolated($"[yellow]warning:[/] {w}");
        }
        foreach (var w in report.Warnings) console.MarkupLineInterpolated($"[yellow]warning:[/] {w}");
    }

    /// <summary>Phases whose tables and explanations the text shows (the latest ones).</summary>
    public const int PhasesDetailed = 4;

    private static string Colour(Verdict verdict) => VerdictRules.Outcome(verdict) switch
    {
        VerdictOutcome.Healthy => "green",
        VerdictOutcome.CannotTell => "yellow",
        _ => "red",
    };

    /// <summary>The responders' table and what the figures mean, for the whole evidence or one phase.</summary>
    private static void Details(VipReport v, IAnsiConsole console, MacVendors vendors)
    {
        if (v.Responders.Count > 0)
            VendorTables.Write(console, vendors, v.Responders.Select(x => x.Mac), separator => ResponderTable(v, vendors, separator));
        foreach (var line in Explanations.Lines(v)) console.WriteLine(line);
        Hints(v, console, vendors);
    }

    /// <summary>The causes the evidence points to, each with what points to it and what would confirm or rule it out.</summary>
    private static void Hints(VipReport v, IAnsiConsole console, MacVendors vendors)
    {
        if (!EvidenceCauses.NeedsCause(v)) return;
        var causes = EvidenceCauses.Hints(v, vendors);
        if (causes.Count == 0) console.WriteLine(Explanations.NoCause(v));
        foreach (var c in causes)
        {
            console.MarkupLine($"[bold]{Markup.Escape(Explanations.Title(c))}[/]");
            Hanging.Write(console, 2, "[bold]what:[/]", Markup.Escape(c.Summary));
            foreach (var e in c.Evidence) Hanging.Write(console, 2, "[dim]evidence:[/]", Markup.Escape(e));
            foreach (var confirm in c.Confirm) Hanging.Write(console, 2, "[green]confirm:[/]", Markup.Escape(confirm));
            Hanging.Write(console, 2, "[dim]ruled out by:[/]", Markup.Escape(c.RuledOutBy));
        }
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
            .AddColumn(new TableColumn("Ann.").RightAligned().NoWrap().PadRight(0));
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
