using System.Globalization;
using System.Net;
using System.Text;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Causes;
using ArpDoctor.Core.Doctoring;

namespace ArpDoctor.Cli.Doctor;

/// <summary>The doctor report as one self-contained HTML page in the look of analyze's report, to attach to a ticket.</summary>
public static class DoctorHtml
{
    public static string Render(DoctorReport r)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ArpDoctor doctor: ").Append(r.Verdict).Append("</title>\n<style>")
         .Append(HtmlPage.Styles).Append(".cause-found,.cannot-tell,.not-probed,.unmapped{background:#b52a2a}.cannot-tell,.not-probed{background:#8a5a00}")
         .Append("dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}</style></head>\n<body>\n");
        h.Append("<h1>ArpDoctor doctor: <span id=\"verdict\" class=\"verdict ").Append(r.Verdict).Append("\">").Append(r.Verdict).Append("</span></h1>\n");
        h.Append("<p>Cluster ").Append(E(r.Server)).Append(", ").Append(E(r.Where)).Append("</p>\n");
        h.Append("<table id=\"vips\"><tr><th>VIP</th><th>service</th><th>announcer</th><th>MAC</th><th>node</th><th>role</th><th>replies</th><th>won</th><th>verdict</th></tr>\n");
        foreach (var v in r.Vips)
        {
            int rows = Math.Max(1, v.Responders.Count);
            h.Append("<tr data-vip=\"").Append(v.Vip).Append("\"><td rowspan=\"").Append(rows).Append("\">").Append(v.Vip).Append("</td><td rowspan=\"").Append(rows).Append("\">")
             .Append(E(v.Service)).Append("</td><td rowspan=\"").Append(rows).Append("\">").Append(E(v.Announcer is null ? "none named" : $"{v.Announcer} ({v.AnnouncerKind ?? "unknown kind"})")).Append("</td>");
            if (v.Responders.Count == 0) h.Append("<td colspan=\"5\">").Append(v.Probed ? "nobody answered" : "not probed").Append("</td>");
            for (int i = 0; i < v.Responders.Count; i++)
            {
                var x = v.Responders[i];
                if (i > 0) h.Append("<tr>");
                h.Append(CultureInfo.InvariantCulture, $"<td>{E(x.Mac + (x.Vendor is null ? "" : $" ({x.Vendor})"))}</td><td>{E(x.Node ?? "-")}</td><td class=\"role\">{E(x.Role.ToWord())}</td><td>{x.Replies}</td><td>{x.Wins}/{v.Probes}</td>");
                if (i == 0) h.Append("<td rowspan=\"").Append(rows).Append("\"><span class=\"verdict ").Append(v.Verdict).Append("\">").Append(v.Verdict).Append("</span></td>");
                h.Append("</tr>\n");
            }
            if (v.Responders.Count == 0) h.Append("<td><span class=\"verdict ").Append(v.Verdict).Append("\">").Append(v.Verdict).Append("</span></td></tr>\n");
        }
        h.Append("</table>\n");
        foreach (var (cause, vips) in r.Causes)
        {
            h.Append("<section class=\"cause\" data-cause=\"").Append(cause.Id.ToWord()).Append("\"><h2>").Append(cause.Id.ToWord()).Append("</h2>\n<p class=\"summary\">")
             .Append(E(cause.Summary)).Append("</p>\n<dl><dt>VIPs</dt><dd>").Append(E(string.Join(", ", vips))).Append("</dd>");
            if (cause.Nodes.Count > 0) h.Append("<dt>nodes</dt><dd class=\"nodes\">").Append(E(string.Join(", ", cause.Nodes))).Append("</dd>");
            h.Append("<dt>evidence</dt><dd><ul>");
            foreach (var e in cause.Evidence) h.Append("<li>").Append(E(e)).Append("</li>");
            h.Append("</ul></dd><dt>ruled out by</dt><dd>").Append(E(cause.RuledOutBy)).Append("</dd><dt>remedy (").Append(cause.Remedy.Kind.ToWord()).Append(")</dt><dd class=\"remedy\">")
             .Append(E(cause.Remedy.Text)).Append("</dd>");
            if (cause.Remedy.Command is { } command) h.Append("<dt>run</dt><dd><code>").Append(E(command)).Append("</code></dd>");
            h.Append("<dt>prove</dt><dd><code>").Append(E(cause.Proof)).Append("</code></dd></dl></section>\n");
        }
        foreach (var n in r.NotDone) h.Append("<p class=\"warning\">not done: ").Append(E(n)).Append("</p>\n");
        foreach (var n in r.Notes) h.Append("<p class=\"warning\">not read: ").Append(E(n)).Append("</p>\n");
        h.Append("</body></html>\n");
        return h.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
