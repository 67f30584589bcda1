using DiffPlex.Renderer;
using Spectre.Console;

namespace ArpDoctor.Cli.Fix;

/// <summary>The unified diff of config.conf, coloured on a terminal.</summary>
public static class DiffText
{
    public static string Unified(string oldText, string newText, string name) =>
        new UnidiffRenderer(null, 3).Generate(oldText, newText, $"a/{name}", $"b/{name}", false, false);

    public static void Write(IAnsiConsole console, string diff)
    {
        foreach (var line in diff.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length == 0) continue;
            var colour = line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) ? "bold"
                : line.StartsWith('+') ? "green" : line.StartsWith('-') ? "red" : line.StartsWith("@@", StringComparison.Ordinal) ? "cyan" : null;
            console.MarkupLine(colour is null ? Markup.Escape(line) : $"[{colour}]{Markup.Escape(line)}[/]");
        }
    }
}
