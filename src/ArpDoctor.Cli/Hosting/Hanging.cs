using Spectre.Console;

namespace ArpDoctor.Cli.Hosting;

/// <summary>
/// A labelled paragraph with a hanging indent: the label in its own column, the text wrapping beside it, so a wrapped
/// line never falls back to column 0 under an indented first line.
/// </summary>
public static class Hanging
{
    /// <param name="indent">Spaces before the label.</param>
    /// <param name="label">Markup of the label, e.g. <c>[dim]evidence:[/]</c>.</param>
    /// <param name="text">Markup of the paragraph.</param>
    public static void Write(IAnsiConsole console, int indent, string label, string text)
    {
        var grid = new Grid()
            .AddColumn(new GridColumn().NoWrap().PadLeft(indent).PadRight(1))
            .AddColumn(new GridColumn().PadLeft(0).PadRight(0));
        grid.AddRow(new Markup(label), new Markup(text));
        console.Write(grid);
    }
}
