using System.Globalization;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Locating;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Vendors;
using Spectre.Console;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Locate;

/// <summary>Who answers for the VIP, as a table or JSON.</summary>
public static class LocateRenderer
{
    public static void Render(LocateResult r, string format, IAnsiConsole console, Lazy<MacVendors> vendors)
    {
        if (format == "json") console.Profile.Out.Writer.WriteLine(ToJson(r, vendors.Value));
        else RenderText(r, console, vendors.Value);
    }

    /// <summary>
    /// Keys whose value is unknown (service, announcer, a responder's node, a silent node's MAC) are left out; a responder's
    /// <c>vendor</c> is written as null when unknown, as every verb writes it.
    /// </summary>
    public static string ToJson(LocateResult r, MacVendors vendors) => JsonText.Write(indented: true, json =>
    {
        json.WriteStartObject();
        json.WriteString("vip", r.Vip.ToString());
        json.WriteString("interface", r.Interface);
        json.WriteStringIfNotNull("service", r.Service);
        json.WriteStringIfNotNull("announcer", r.Announcer);
        json.WriteNumber("probesSent", r.Probe.ProbesSent);
        json.WriteObjects("responders", r.Responders, (json, x) =>
        {
            json.WriteString("mac", x.Mac.ToString());
            json.WriteString("vendor", vendors.NameOf(x.Mac));
            json.WriteStringIfNotNull("node", x.Node);
            json.WriteString("role", x.Role.ToWord());
            json.WriteNumber("replies", x.Replies);
            json.WriteNumber("wins", x.Wins);
        });
        json.WriteObjects("nodes", r.Nodes, static (json, n) =>
        {
            json.WriteString("node", n.Node);
            json.WriteString("internalIp", n.InternalIp.ToString());
            json.WriteStringIfNotNull("mac", n.Mac?.ToString());
        });
        json.WriteString("verdict", r.Probe.Verdict.ToWord());
        json.WriteEndObject();
    });

    private static void RenderText(LocateResult r, IAnsiConsole console, MacVendors vendors)
    {
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]{0}[/] on {1}: {2} — service {3}, announcer {4}",
            r.Vip, Markup.Escape(r.Interface), Words.Count(r.Responders.Count, "MAC answers", "MACs answer"), Markup.Escape(r.Service ?? "unknown"), Markup.Escape(r.Announcer ?? "unknown"));
        if (r.Responders.Count > 0)
            VendorTables.Write(console, vendors, r.Responders.Select(x => x.Mac), separator => ResponderTable(r, vendors, separator));
        var silent = r.Nodes.Where(n => n.Mac is null).Select(n => $"{n.Node} ({n.InternalIp})").ToList();
        if (silent.Count > 0) console.WriteLine($"Nodes whose InternalIP did not answer on {r.Interface}: {string.Join(", ", silent)}");
        if (r.Healthy)
            console.WriteLine($"Healthy: only {r.Responders[0].Node} answers for {r.Vip}.");
        else if (r.Responders.Count == 0)
            console.WriteLine($"No answer for {r.Vip} on {r.Interface}: check that the interface is on the VIP's segment and that MetalLB assigned it.");
        else if (r.Responders.Any(x => x.Role == ResponderRole.NotAnnouncer))
            console.WriteLine($"Nodes other than the announcer answer for {r.Vip}: kube-proxy IPVS without strictARP is the usual cause; 'arpdoctor check' says, 'arpdoctor fix' fixes it.");
        else
            console.WriteLine($"{r.Responders.Count} MACs answer for {r.Vip}; see the roles above.");
    }

    private static Table ResponderTable(LocateResult r, MacVendors vendors, string separator)
    {
        // "won": probes it answered first (the glossary's word); short headers leave the role room to wrap between words.
        // The vendor beside a MAC often names an unknown device (a router, a VM outside the cluster).
        var table = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("MAC").NoWrap()).AddColumn(new TableColumn("node").NoWrap()).AddColumn("role")
            .AddColumn(new TableColumn("replies").RightAligned().NoWrap()).AddColumn(new TableColumn("won").RightAligned().NoWrap());
        foreach (var x in r.Responders)
        {
            var role = x.Role switch
            {
                ResponderRole.NotAnnouncer or ResponderRole.UnknownDevice => $"[red]{Markup.Escape(x.Role.ToWord())}[/]",
                ResponderRole.Announcer => "[green]announcer[/]",
                _ => x.Role.ToWord(),
            };
            table.AddRow(VendorTables.Cell(vendors, x.Mac, separator), Markup.Escape(x.Node ?? "-"), role, x.Replies.ToString(CultureInfo.InvariantCulture), $"{x.Wins}/{r.Probe.ProbesSent}");
        }
        return table;
    }
}
