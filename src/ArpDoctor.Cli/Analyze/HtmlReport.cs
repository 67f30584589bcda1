using System.Globalization;
using System.Net;
using System.Text;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Causes;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Text;
using ArpDoctor.Core.Vendors;

namespace ArpDoctor.Cli.Analyze;

/// <summary>One self-contained HTML page: verdict, table, explanation and the timeline as inline SVG. No external assets.</summary>
public static class HtmlReport
{
    /// <param name="unread">Inputs that could not be read (in part or at all), each named with why.</param>
    public static string Render(AnalysisReport report, IReadOnlyList<EvidenceInput> inputs, MacVendors vendors, IReadOnlyList<EvidenceInput>? unread = null)
    {
        var h = new StringBuilder();
        var verdict = report.VerdictWord;
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ArpDoctor analysis: ").Append(verdict).Append("</title>\n<style>")
         .Append(Hosting.HtmlPage.Styles).Append("</style></head>\n<body>\n");
        h.Append("<h1>ArpDoctor analysis: <span id=\"verdict\" class=\"verdict ").Append(verdict).Append("\">").Append(verdict).Append("</span></h1>\n<p>Evidence: ");
        h.Append(string.Join(", ", inputs.Select(i => $"{E(i.Name)} ({i.Kind?.ToWord()})"))).Append("</p>\n");
        foreach (var u in unread ?? []) h.Append("<p class=\"warning\">not read: ").Append(E($"{EvidenceFiles.Called(u.Name)}: {u.Error}")).Append("</p>\n");
        foreach (var i in inputs)
            if (BlockText.Of(i) is { } blocks) h.Append("<p class=\"blocks\">").Append(E($"{i.Name}: read: {blocks}")).Append("</p>\n");
        foreach (var w in inputs.Where(i => i.Warning is not null)) h.Append("<p class=\"warning\">warning: ").Append(E($"{EvidenceFiles.Called(w.Name)}: {w.Warning}")).Append("</p>\n");
        foreach (var i in inputs)
            if (BlockText.Skipped(i) is { } skipped) h.Append("<p class=\"warning\">warning: ").Append(E($"{EvidenceFiles.Called(i.Name)}: {skipped}")).Append("</p>\n");
        foreach (var v in report.Vips)
        {
            h.Append("<section class=\"vip\" data-vip=\"").Append(v.Vip).Append("\"><h2>").Append(v.Vip).Append(": <span class=\"verdict ")
             .Append(v.Verdict.ToWord()).Append("\">").Append(v.Verdict.ToWord()).Append("</span></h2>\n");
            if (v.Phases.Count <= 1)
            {
                h.Append(CultureInfo.InvariantCulture, $"<p>{Words.Count(v.Responders.Count(r => r.Replies > 0), "MAC")}, {Words.Count(v.Replies, "reply", "replies")} to {Words.Count(v.ProbesSent, "probe")}, {v.ProbesAnswered} answered.</p>\n");
                Details(h, v, vendors);
            }
            else
            {
                h.Append("<p class=\"phases-headline\">").Append(E(PhaseText.Headline(v))).Append("</p>\n<ul class=\"phases\">\n");
                foreach (var line in PhaseText.Summary(v))
                    h.Append(line.StartsWith("  ", StringComparison.Ordinal) ? "<li class=\"change\">" : "<li>").Append(E(line.Trim())).Append("</li>\n");
                h.Append("</ul>\n");
                for (int i = Math.Max(0, v.Phases.Count - PhaseText.MaxPhasesShown); i < v.Phases.Count; i++)
                {
                    h.Append("<h3>").Append(E(PhaseText.Heading(v, i).TrimEnd(':'))).Append(" <span class=\"verdict ").Append(v.Phases[i].Verdict.ToWord())
                     .Append("\">").Append(v.Phases[i].Verdict.ToWord()).Append("</span></h3>\n");
                    Details(h, v.ForPhase(i), vendors);
                }
                if (PhaseText.Announcer(v) is { } announcer) h.Append("<p class=\"announcer\">").Append(E(announcer)).Append("</p>\n");
                if (v.ConnectionDrops > 0) h.Append("<p>").Append(E($"The watch log records {Words.Count(v.ConnectionDrops, "dropped connection")}.")).Append("</p>\n");
            }
            var claims = ClaimText.Lines(v).ToList();
            if (claims.Count > 0)
            {
                h.Append("<ul class=\"claims\">\n");
                foreach (var line in claims) h.Append("<li>").Append(E(line)).Append("</li>\n");
                h.Append("</ul>\n");
            }
            foreach (var w in v.Warnings) h.Append("<p class=\"warning\">warning: ").Append(E(w)).Append("</p>\n");
            h.Append("</section>\n");
        }
        foreach (var w in report.Warnings) h.Append("<p class=\"warning\">warning: ").Append(E(w)).Append("</p>\n");
        if (report.Vips.Any(v => v.Timeline.Count > 0))
        {
            h.Append("<h2>Timeline</h2>\n<div class=\"plot\" id=\"timeline\">\n");
            h.Append(StripXmlDeclaration(TimelinePlot.ToSvg(report)));
            h.Append("\n</div>\n");
            if (report.Vips.Any(v => v.TimelineThinned)) h.Append("<p>The timeline shows an even sample of the replies; the table counts all of them.</p>\n");
        }
        h.Append("</body></html>\n");
        return h.ToString();
    }

    /// <summary>The responders' table and what the figures mean, for the whole evidence or one phase.</summary>
    private static void Details(StringBuilder h, VipReport v, MacVendors vendors)
    {
        if (v.Responders.Count > 0)
        {
            h.Append("<table><tr><th>MAC</th><th>replies</th><th>won</th><th>share</th><th>replies/probe</th><th>announced</th></tr>\n");
            foreach (var r in v.Responders)
                h.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{E(vendors.Describe(r.Mac))}</td><td>{r.Replies}</td><td>{r.Wins}/{v.ProbesAnswered}</td><td>{r.WinShare:P0}</td><td>{r.RepliesPerProbe:0.##}</td><td>{r.Announcements}</td></tr>\n");
            h.Append("</table>\n");
        }
        foreach (var line in Explanations.Lines(v)) h.Append("<p>").Append(E(line)).Append("</p>\n");
        Hints(h, v, vendors);
    }

    /// <summary>Each cause the evidence points to, with its evidence and what confirms or rules it out.</summary>
    private static void Hints(StringBuilder h, VipReport v, MacVendors vendors)
    {
        if (!EvidenceCauses.NeedsCause(v)) return;
        var causes = EvidenceCauses.Hints(v, vendors);
        if (causes.Count == 0) h.Append("<p class=\"cause none\">").Append(E(Explanations.NoCause(v))).Append("</p>\n");
        foreach (var c in causes)
        {
            h.Append("<div class=\"cause\" data-cause=\"").Append(c.Id.ToWord()).Append("\"><p><strong>").Append(E(Explanations.Title(c))).Append("</strong>: ")
             .Append(E(c.Summary)).Append("</p>\n<dl><dt>evidence</dt><dd><ul>");
            foreach (var e in c.Evidence) h.Append("<li>").Append(E(e)).Append("</li>");
            h.Append("</ul></dd><dt>confirm</dt><dd><ul>");
            foreach (var confirm in c.Confirm) h.Append("<li class=\"confirm\">").Append(E(confirm)).Append("</li>");
            h.Append("</ul></dd><dt>ruled out by</dt><dd>").Append(E(c.RuledOutBy)).Append("</dd></dl></div>\n");
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string StripXmlDeclaration(string svg)
    {
        if (!svg.StartsWith("<?xml", StringComparison.Ordinal)) return svg;
        int end = svg.IndexOf("?>", StringComparison.Ordinal);
        return end < 0 ? svg : svg[(end + 2)..].TrimStart();
    }
}
