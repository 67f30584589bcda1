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
         // The shared sheet sets a table's first column in monospace; here a rowspan makes the MAC the first cell of a VIP's
         // later rows, so each column says what it is: addresses in monospace, words to the left, counts to the right.
         .Append("#vips td,#vips th{text-align:left;font-family:inherit}#vips .addr{font-family:monospace}#vips .count{text-align:right}")
         .Append("#vips .problem{color:#b52a2a;font-weight:bold}.legend{font-size:.9em;color:#555;max-width:60em}.legend dt{font-weight:normal;font-style:italic}")
         .Append("dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}</style></head>\n<body>\n");
        h.Append("<h1>ArpDoctor doctor: <span id=\"verdict\" class=\"verdict ").Append(r.Verdict).Append("\">").Append(r.Verdict).Append("</span></h1>\n");
        h.Append("<p>Cluster ").Append(E(r.Server)).Append(", ").Append(E(r.Where)).Append("</p>\n");
        h.Append("<p id=\"summary\"><strong>").Append(E(DoctorRenderer.Summary(r))).Append("</strong></p>\n");
        h.Append("<table id=\"vips\"><tr><th>VIP</th><th>service</th><th>announcer</th><th>MAC</th><th>node</th><th>role</th>")
         .Append("<th class=\"count\">replies</th><th class=\"count\">won</th><th>verdict</th></tr>\n");
        foreach (var v in r.Vips)
        {
            int rows = Math.Max(1, v.Responders.Count);
            h.Append("<tr data-vip=\"").Append(v.Vip).Append("\"><td class=\"addr\" rowspan=\"").Append(rows).Append("\">").Append(v.Vip).Append("</td><td rowspan=\"").Append(rows).Append("\">")
             .Append(E(v.Service)).Append("</td><td rowspan=\"").Append(rows).Append("\">").Append(E(v.Announcer is null ? "none named" : $"{v.Announcer} ({v.AnnouncerKind ?? "unknown kind"})")).Append("</td>");
            if (v.Responders.Count == 0) h.Append("<td colspan=\"5\">").Append(v.Probed ? "nobody answered" : "not probed").Append("</td>");
            for (int i = 0; i < v.Responders.Count; i++)
            {
                var x = v.Responders[i];
                if (i > 0) h.Append("<tr>");
                // A MAC that should not answer is marked: every role but the announcer's, on a VIP that is not healthy.
                var role = x.Role != DoctorRole.Announcer && !v.Healthy ? "role problem" : "role";
                h.Append(CultureInfo.InvariantCulture, $"<td class=\"addr\">{E(x.Mac.ToString())}{(x.Vendor is null ? "" : $" ({E(x.Vendor)})")}</td><td>{E(x.Node ?? "-")}</td>")
                 .Append(CultureInfo.InvariantCulture, $"<td class=\"{role}\">{E(x.Role.ToWord())}</td><td class=\"count\">{x.Replies}</td><td class=\"count\">{x.Wins}/{v.Probes}</td>");
                if (i == 0) h.Append("<td rowspan=\"").Append(rows).Append("\"><span class=\"verdict ").Append(v.Verdict).Append("\">").Append(v.Verdict).Append("</span></td>");
                h.Append("</tr>\n");
            }
            if (v.Responders.Count == 0) h.Append("<td><span class=\"verdict ").Append(v.Verdict).Append("\">").Append(v.Verdict).Append("</span></td></tr>\n");
        }
        h.Append("</table>\n");
        Legend(h, r);
        foreach (var (cause, vips) in r.Causes)
        {
            h.Append("<section class=\"cause\" data-cause=\"").Append(cause.Id.ToWord()).Append("\"><h2>Cause: ").Append(cause.Id.ToWord()).Append("</h2>\n<p class=\"summary\">")
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

    /// <summary>What the columns and the roles on this page mean, for a reader who has not run the tool.</summary>
    private static void Legend(StringBuilder h, DoctorReport r)
    {
        if (r.Vips.Count == 0) return;
        var roles = r.Vips.SelectMany(v => v.Responders).Select(x => x.Role).Distinct().Order().ToList();
        h.Append("<dl class=\"legend\"><dt>replies</dt><dd>ARP replies heard from the MAC for the VIP</dd>")
         .Append("<dt>won</dt><dd>probes the MAC answered first, of all sent: a client takes the first answer, so more than one MAC winning is a VIP that moves</dd>");
        foreach (var role in roles) h.Append("<dt>").Append(E(role.ToWord())).Append("</dt><dd>").Append(E(Meaning(role))).Append("</dd>");
        h.Append("</dl>\n");
    }

    private static string Meaning(DoctorRole role) => role switch
    {
        DoctorRole.Announcer => "the node the cluster names as the VIP's announcer: the one that should answer",
        DoctorRole.Kernel => "another node's kernel, answering because the VIP is on its kube-ipvs0 (kube-proxy IPVS without strictARP in effect)",
        DoctorRole.SecondAnnouncer => "another node holding the VIP itself: a second announcer",
        DoctorRole.SecondInterface => "a further interface of a node that already answered",
        DoctorRole.Node => "a node answering where the cluster names no announcer to compare with",
        _ => "a MAC of no node of the cluster",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
