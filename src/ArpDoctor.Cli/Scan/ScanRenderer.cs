using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Json;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Scanning;
using ArpDoctor.Core.Vendors;
using Spectre.Console;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Scan;

/// <summary>Turns a <see cref="ScanResult"/> into a table or JSON.</summary>
public static class ScanRenderer
{
    public static void Render(ScanResult result, string format, IAnsiConsole console, Lazy<MacVendors> vendors)
    {
        if (format == "json")
        {
            var json = ToJsonUtf8(result, vendors.Value);
            var writer = console.Profile.Out.Writer;
            if (ReferenceEquals(writer, Console.Out))
            {
                // Console.Out writes through a 256-byte buffer: thousands of rows would be thousands of
                // write(2) calls. The document goes to standard output in one write instead.
                writer.Flush();
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(json.WrittenSpan);
                stdout.Write("\n"u8);
                stdout.Flush();
            }
            else
            {
                writer.WriteLine(Encoding.UTF8.GetString(json.WrittenSpan));
                writer.Flush();
            }
        }
        else
        {
            RenderText(result, console, vendors.Value);
        }
    }

    /// <summary>The <c>scan -o json</c> document (<see cref="ScanDocument"/>); each responder's <c>vendor</c> is null when unknown.</summary>
    public static string ToJson(ScanResult r, MacVendors vendors) => Encoding.UTF8.GetString(ToJsonUtf8(r, vendors).WrittenSpan);

    private static ArrayBufferWriter<byte> ToJsonUtf8(ScanResult r, MacVendors vendors)
    {
        // About 100 bytes per responder; sized once so a large scan does not regrow the buffer.
        var buffer = new ArrayBufferWriter<byte>(4096 + 100 * r.Results.Sum(x => 1 + x.Responders.Count));
        using (var json = new Utf8JsonWriter(buffer, JsonText.Options(indented: true)))
            JsonSerializer.Serialize(json, ScanDocument.From(r, vendors), ArpDoctorJsonContext.Default.ScanDocument);
        return buffer;
    }

    private static void RenderText(ScanResult r, IAnsiConsole console, MacVendors vendors)
    {
        VendorTables.Write(console, vendors, r.Results.SelectMany(x => x.Responders.Select(m => m.Mac)), separator => ResultTable(r, vendors, separator));
        int healthy = r.Results.Count - r.Conflicts - r.Silent;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Words.Count(r.Results.Count, "VIP")} on {r.Interface}: {r.Conflicts} conflict, {r.Silent} no-answer, {healthy} healthy; " +
            $"{Words.Count(r.ProbesSent, "probe")} at {r.AchievedRate:0} /s, {Words.Count(r.Replies, "reply", "replies")}, {r.Elapsed.TotalSeconds:0.000} s"));
        if (r.Conflicts > 0)
            console.WriteLine("Conflict: several MACs answer for a VIP, so a client that re-resolves may move to another node. " +
                "kube-proxy in IPVS mode without strictARP is the usual cause.");
    }

    private static Table ResultTable(ScanResult r, MacVendors vendors, string separator)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("VIP").NoWrap())
            .AddColumn(new TableColumn("MACs").RightAligned().NoWrap())
            // One MAC a line, the first to reply first, its vendor and replies after it: a MAC is never cut in two, whatever the width.
            .AddColumn(new TableColumn("MAC ×replies").NoWrap())
            .AddColumn(new TableColumn("verdict").NoWrap());
        foreach (var x in r.Results)
        {
            var colour = x.Verdict == Verdict.Healthy ? "green" : "red";
            table.AddRow(
                x.Vip.ToString(),
                x.Responders.Count.ToString(CultureInfo.InvariantCulture),
                string.Join("\n", x.Responders.Select(m => $"{VendorTables.Cell(vendors, m.Mac, separator)} ×{m.Replies}")),
                $"[{colour}]{x.Verdict.ToWord()}[/]");
        }
        return table;
    }
}
