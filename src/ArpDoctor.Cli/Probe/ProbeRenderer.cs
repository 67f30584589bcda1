using System.Globalization;
using System.Text.Json;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Json;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Vendors;
using Spectre.Console;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Probe;

/// <summary>Turns a <see cref="ProbeResult"/> into text, JSON or iputils arping lines.</summary>
public static class ProbeRenderer
{
    /// <summary><paramref name="vendors"/> is read only for text and JSON (arping's lines name no vendor).</summary>
    public static void Render(ProbeResult result, string format, IAnsiConsole console, Lazy<MacVendors> vendors)
    {
        switch (format)
        {
            case "json": console.Profile.Out.Writer.WriteLine(ToJson(result, vendors.Value)); break;
            case "arping": console.Profile.Out.Writer.Write(ToArping(result)); break;
            default: RenderText(result, console, vendors.Value); break;
        }
    }

    /// <summary>The <c>probe -o json</c> document (<see cref="ProbeDocument"/>); each responder's <c>vendor</c> is null when unknown.</summary>
    public static string ToJson(ProbeResult r, MacVendors vendors) => JsonText.Write(indented: true, json =>
        JsonSerializer.Serialize(json, ProbeDocument.From(r, vendors), ArpDoctorJsonContext.Default.ProbeDocument));

    /// <summary>iputils arping's output for <c>arping -b -c N</c>, one reply line per reply.</summary>
    public static string ToArping(ProbeResult r)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"ARPING {r.Vip} from {r.SourceIp} {r.Interface}\n");
        foreach (var reply in r.Replies)
            sb.Append(CultureInfo.InvariantCulture,
                $"Unicast reply from {reply.SenderIp} [{reply.Mac.ToUpperString()}]  {reply.RoundTrip.TotalMilliseconds:0.000}ms\n");
        sb.Append(CultureInfo.InvariantCulture, $"Sent {r.ProbesSent} probes ({r.ProbesSent} broadcast(s))\n");
        sb.Append(CultureInfo.InvariantCulture, $"Received {r.Replies.Count} response(s)\n");
        return sb.ToString();
    }

    private static void RenderText(ProbeResult r, IAnsiConsole console, MacVendors vendors)
    {
        var verdict = r.Verdict;
        var colour = verdict == Verdict.Healthy ? "green" : "red";
        console.MarkupLine(CultureInfo.InvariantCulture,
            "[bold]{0}[/] on {1}: {2}, {3} from {4} — [bold {5}]{6}[/]",
            r.Vip, Markup.Escape(r.Interface), Words.Count(r.ProbesSent, "probe"), Words.Count(r.Replies.Count, "reply", "replies"),
            Words.Count(r.Responders.Count, "MAC"), colour, verdict.ToWord());
        if (r.Responders.Count > 0)
            VendorTables.Write(console, vendors, r.Responders.Select(m => m.Mac), separator => ResponderTable(r, vendors, separator));
        foreach (var line in ProbeExplanation.Lines(r))
            console.WriteLine(line);
    }

    private static Table ResponderTable(ProbeResult r, MacVendors vendors, string separator)
    {
        var table = new Table().Border(TableBorder.Simple)
            // Numbers never wrap either: a round trip cut after its slash reads as two values. "won": probes it answered first.
            .AddColumn(new TableColumn("MAC").NoWrap()).AddColumn(new TableColumn("replies").RightAligned().NoWrap())
            .AddColumn(new TableColumn("won").RightAligned().NoWrap())
            .AddColumn(new TableColumn("rtt min/avg/max ms").RightAligned().NoWrap());
        foreach (var m in r.Responders)
        {
            var rtts = r.Replies.Where(x => x.Mac == m.Mac).Select(x => x.RoundTrip.TotalMilliseconds).ToList();
            table.AddRow(VendorTables.Cell(vendors, m.Mac, separator), m.Replies.ToString(CultureInfo.InvariantCulture),
                $"{m.Wins}/{r.ProbesSent}",
                string.Create(CultureInfo.InvariantCulture, $"{rtts.Min():0.000}/{rtts.Average():0.000}/{rtts.Max():0.000}"));
        }
        return table;
    }
}
