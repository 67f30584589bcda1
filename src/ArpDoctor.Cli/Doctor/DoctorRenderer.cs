using System.Globalization;
using System.Text.Json;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Causes;
using ArpDoctor.Core.Doctoring;
using Spectre.Console;

namespace ArpDoctor.Cli.Doctor;

/// <summary>The doctor report as text for the terminal, JSON, or an HTML page.</summary>
public static class DoctorRenderer
{
    public static void Render(DoctorReport report, string format, IAnsiConsole console)
    {
        if (format == "json") console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(DoctorJson.Of(report), DoctorJsonContext.Relaxed.DoctorJson));
        else if (format == "html") console.Profile.Out.Writer.Write(DoctorHtml.Render(report));
        else RenderText(report, console);
    }

    private static void RenderText(DoctorReport r, IAnsiConsole console)
    {
        console.MarkupLine($"Cluster [bold]{Markup.Escape(r.Server)}[/], {Markup.Escape(r.Where)}");
        if (r.Vips.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn(new TableColumn("VIP").NoWrap()).AddColumn(new TableColumn("service").NoWrap()).AddColumn(new TableColumn("announcer").NoWrap())
                .AddColumn("answered by").AddColumn(new TableColumn("verdict").NoWrap());
            foreach (var v in r.Vips)
            {
                var answers = !v.Probed ? "-" : v.Responders.Count == 0 ? "nobody"
                    : string.Join("\n", v.Responders.Select(x => $"{x.Mac} {x.Node ?? "(no node)"} {x.Role.ToWord()}{(x.Vendor is null ? "" : $" [{x.Vendor}]")} {x.Wins}/{v.Probes} first"));
                var verdict = v.Verdict switch { "healthy" => "[green]healthy[/]", "not-probed" => "[yellow]not probed[/]", _ => $"[red]{Markup.Escape(v.Verdict)}[/]" };
                table.AddRow(Markup.Escape(v.Vip.ToString()), Markup.Escape(v.Service),
                    Markup.Escape(v.Announcer is null ? "none named" : $"{v.Announcer} ({v.AnnouncerKind ?? "unknown kind"})"), Markup.Escape(answers), verdict);
            }
            console.Write(table);
        }
        foreach (var (cause, vips) in r.Causes)
        {
            console.WriteLine();
            console.MarkupLine($"[bold red]CAUSE {Markup.Escape(cause.Id.ToWord())}[/] ({Markup.Escape(Vips(vips))})");
            Hanging.Write(console, 2, "[bold]what:[/]", Markup.Escape(cause.Summary));
            foreach (var e in cause.Evidence) Hanging.Write(console, 2, "[dim]evidence:[/]", Markup.Escape(e));
            Hanging.Write(console, 2, "[dim]ruled out by:[/]", Markup.Escape(cause.RuledOutBy));
            Hanging.Write(console, 2, $"[green]remedy ({cause.Remedy.Kind.ToWord()}):[/]", Markup.Escape(cause.Remedy.Text));
            if (cause.Remedy.Command is { } command) Hanging.Write(console, 2, "[green]run:[/]", Markup.Escape(command));
            Hanging.Write(console, 2, "[green]prove:[/]", Markup.Escape(cause.Proof));
        }
        if (r.NotDone.Count + r.Notes.Count > 0) console.WriteLine();
        foreach (var n in r.NotDone) Hanging.Write(console, 0, "[yellow]not done:[/]", Markup.Escape(n));
        foreach (var n in r.Notes) Hanging.Write(console, 0, "[dim]not read:[/]", Markup.Escape(n));
        console.WriteLine();
        console.WriteLine(Summary(r));
    }

    /// <summary>The report's last line: how many causes, or why it is healthy, or why it cannot tell (the text's and the page's).</summary>
    public static string Summary(DoctorReport r)
    {
        int healthy = r.Vips.Count(v => v.Healthy);
        return r.Verdict switch
        {
            "cause-found" => $"{r.Causes.Count} {(r.Causes.Count == 1 ? "cause" : "causes")} found; {healthy} of {r.Vips.Count} VIPs healthy.",
            "healthy" => $"Healthy: each of {r.Vips.Count} {(r.Vips.Count == 1 ? "VIP" : "VIPs")} answered by one MAC, its announcer's node.",
            _ => string.Create(CultureInfo.InvariantCulture, $"Cannot tell: nothing wrong seen, but not everything could be looked at (see 'not done' and 'not read'); {healthy} of {r.Vips.Count} VIPs healthy."),
        };
    }

    private static string Vips(IReadOnlyList<Core.Packets.Ipv4Address> vips) =>
        vips.Count <= 3 ? string.Join(", ", vips) : $"{vips[0]}, {vips[1]} and {vips.Count - 2} more VIPs";
}
