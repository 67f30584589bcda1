using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Vendors;
using Spectre.Console;

namespace ArpDoctor.Cli.Hosting;

/// <summary>
/// Tables whose MAC column names each MAC's vendor: <c>00:50:56:ac:dc:88 (VMware)</c> on one line when the table fits the
/// console that way, else the vendor on the line under its MAC. The MAC column never wraps: a table too wide for the
/// console would otherwise have it cut ("02:00:00:00:00:" / "01"), as Spectre shrinks wrapping columns below their longest word.
/// </summary>
public static class VendorTables
{
    /// <summary>The MAC and its label (<see cref="MacVendors.Label"/>) after <paramref name="separator"/>, markup-escaped.</summary>
    public static string Cell(MacVendors vendors, MacAddress mac, string separator) =>
        Markup.Escape(vendors.Label(mac) is { } label ? $"{mac}{separator}({label})" : mac.ToString());

    /// <summary>
    /// Writes the table <paramref name="build"/> makes with <c>" "</c> between MAC and vendor when, laid out at the console's
    /// width, every one of <paramref name="macs"/> is whole beside its vendor, no header or cell is cut short, and the table
    /// is shorter than with the vendor under each MAC; else the table with a line break there.
    /// </summary>
    public static void Write(IAnsiConsole console, MacVendors vendors, IEnumerable<MacAddress> macs, Func<string, Table> build)
    {
        int width = console.Profile.Width;
        Table beside = build(" "), under = build("\n");
        var besideText = LaidOut(beside, width);
        var underText = LaidOut(under, width);
        // Beside only when it saves lines and cuts nothing: a header cut to "repli…" or "5/5" split over two lines
        // reads worse than the vendor on its own line.
        bool fits = macs.All(mac => besideText.Contains(vendors.Describe(mac), StringComparison.Ordinal))
            && !besideText.Contains('…', StringComparison.Ordinal)
            && (besideText.Count(c => c == '\n') < underText.Count(c => c == '\n') || besideText == underText);
        console.Write(fits ? beside : under);
    }

    /// <summary>The table's text as Spectre lays it out at <paramref name="width"/>: the one way to know where it wraps or cuts.</summary>
    private static string LaidOut(Table table, int width)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = width;
        console.Write(table);
        return text.ToString();
    }
}
