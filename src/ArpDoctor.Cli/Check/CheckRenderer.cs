using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Findings;
using Spectre.Console;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Check;

/// <summary>Findings as text grouped by severity, or as JSON for scripts.</summary>
public static class CheckRenderer
{
    public static void Render(CheckReport report, string format, string server, IAnsiConsole console)
    {
        if (format == "json") console.Profile.Out.Writer.WriteLine(ToJson(report));
        else RenderText(report, server, console);
    }

    /// <summary>Every key is always present (remediation and announcer may be null): scripts should not need to guess.</summary>
    public static string ToJson(CheckReport r) => JsonText.Write(indented: true, json =>
    {
        json.WriteStartObject();
        json.WriteString("verdict", r.Verdict);
        json.WriteObjects("findings", r.Findings, static (json, f) =>
        {
            json.WriteString("id", f.Id);
            json.WriteString("severity", f.Severity.ToWord());
            json.WriteString("summary", f.Summary);
            json.WriteStrings("evidence", f.Evidence);
            json.WriteStringOrNull("remediation", f.Remediation);
            json.WriteBoolean("unknown", f.Unknown);
        });
        json.WriteObjects("services", r.Services, static (json, s) =>
        {
            json.WriteString("namespace", s.Namespace);
            json.WriteString("name", s.Name);
            json.WriteStrings("vips", s.Vips);
            json.WriteStringOrNull("announcer", s.Announcer);
        });
        json.WriteEndObject();
    });

    private static void RenderText(CheckReport r, string server, IAnsiConsole console)
    {
        console.MarkupLine($"Cluster [bold]{Markup.Escape(server)}[/]");
        foreach (var group in r.Findings.GroupBy(f => f.Severity).OrderBy(g => g.Key))
        {
            var colour = group.Key switch { Severity.Critical => "red", Severity.Warning => "yellow", _ => "blue" };
            console.WriteLine();
            console.MarkupLine($"[bold {colour}]{group.Key.ToWord().ToUpperInvariant()}[/]");
            foreach (var f in group)
            {
                Hanging.Write(console, 2, $"[bold]{Markup.Escape(f.Id)}[/]:", Markup.Escape(f.Summary));
                foreach (var e in f.Evidence)
                    Hanging.Write(console, 6, "[dim]evidence:[/]", Markup.Escape(e));
                if (f.Remediation is { } fix)
                    Hanging.Write(console, 6, "[green]remedy:[/]  ", Markup.Escape(fix));
            }
        }
        console.WriteLine();
        if (r.Services.Count == 0)
            console.WriteLine("No LoadBalancer Services.");
        else
        {
            var table = new Table().Border(TableBorder.Simple).Title("LoadBalancer Services")
                .AddColumn(new TableColumn("service").NoWrap()).AddColumn(new TableColumn("VIPs").NoWrap()).AddColumn(new TableColumn("announcer").NoWrap());
            foreach (var s in r.Services)
                table.AddRow(Markup.Escape($"{s.Namespace}/{s.Name}"), Markup.Escape(s.Vips.Count == 0 ? "(pending)" : string.Join(", ", s.Vips)),
                    Markup.Escape(s.Announcer ?? "unknown"));
            console.Write(table);
        }
        int critical = r.Findings.Count(f => f.Severity == Severity.Critical), warnings = r.Findings.Count(f => f.Severity == Severity.Warning);
        console.WriteLine(r.MustChange
            ? $"{critical} critical, {Words.Count(warnings, "warning")}: something must change."
            : r.CannotTell
                ? $"0 critical, {Words.Count(warnings, "warning")}: cannot tell whether something must change: {string.Join("; ", r.Findings.Where(f => f.Unknown).Select(f => f.Id))} (see above for how to look)."
                : $"0 critical, {Words.Count(warnings, "warning")}: nothing must change.");
    }
}
