using System.Globalization;
using ArpDoctor.Cli.Common;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Scanning;
using Spectre.Console;

namespace ArpDoctor.Cli.Scan;

/// <summary>Turns a <see cref="ScanResult"/> into a table or JSON.</summary>
public static class ScanRenderer
{
    public static void Render(ScanResult result, string format, IAnsiConsole console)
    {
        if (format == "json") console.Profile.Out.Writer.WriteLine(ToJson(result));
        else RenderText(result, console);
    }

    public static string ToJson(ScanResult r) => Json.Serialize(new
    {
        results = r.Results.Select(x => new
        {
            vip = x.Vip.ToString(),
            responders = x.Responders.Select(m => new { mac = m.Mac.ToString(), replies = m.Replies }),
            verdict = x.Verdict.ToWord(),
        }),
        @interface = r.Interface,
        probesSent = r.ProbesSent,
        replies = r.Replies,
        elapsedSeconds = Math.Round(r.Elapsed.TotalSeconds, 3),
        sendRate = Math.Round(r.AchievedRate),
    });

    private static void RenderText(ScanResult r, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("VIP")
            .AddColumn(new TableColumn("responders").RightAligned())
            .AddColumn("MACs (replies), first reply first")
            .AddColumn("verdict");
        foreach (var x in r.Results)
        {
            var colour = x.Verdict == Verdict.Healthy ? "green" : "red";
            table.AddRow(
                x.Vip.ToString(),
                x.Responders.Count.ToString(CultureInfo.InvariantCulture),
                string.Join(", ", x.Responders.Select(m => $"{m.Mac} ({m.Replies})")),
                $"[{colour}]{x.Verdict.ToWord()}[/]");
        }
        console.Write(table);
        int healthy = r.Results.Count - r.Conflicts - r.Silent;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Results.Count} VIP(s) on {r.Interface}: {r.Conflicts} conflict, {r.Silent} no-answer, {healthy} healthy; " +
            $"{r.ProbesSent} probe(s) at {r.AchievedRate:0} /s, {r.Replies} repl(ies), {r.Elapsed.TotalSeconds:0.000} s"));
        if (r.Conflicts > 0)
            console.WriteLine("Conflict: several MACs answer for a VIP, so a client that re-resolves may move to another node. " +
                "kube-proxy in IPVS mode without strictARP is the usual cause.");
    }
}
