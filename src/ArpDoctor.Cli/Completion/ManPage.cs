using System.CommandLine;
using System.Text;
using ArpDoctor.Cli.Hosting;

namespace ArpDoctor.Cli.Completion;

/// <summary>
/// arpdoctor(1) in man(7) roff, made from the command tree: the same descriptions, arguments and options that
/// <c>--help</c> prints, one section per verb, so the page cannot drift from the help. Printed by the hidden verb
/// <c>arpdoctor man-page</c>; the release puts it in <c>share/man/man1/</c>.
/// </summary>
public static class ManPage
{
    public static string Render(RootCommand root, string version, DateOnly date)
    {
        var page = new StringBuilder();
        page.Append(".TH ARPDOCTOR 1 \"").Append(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Append("\" \"arpdoctor ").Append(Escape(version)).AppendLine("\" \"User Commands\"");
        page.AppendLine(".SH NAME");
        page.Append("arpdoctor \\- ").AppendLine(Escape(root.Description ?? ""));
        page.AppendLine(".SH SYNOPSIS");
        page.AppendLine(".B arpdoctor").AppendLine(".I verb").AppendLine("[\\fIarguments\\fR] [\\fIoptions\\fR]");
        page.AppendLine(".br").AppendLine(".B arpdoctor").AppendLine(".I verb").AppendLine("\\-\\-help");
        page.AppendLine(".SH OPTIONS");
        Options(page, root);
        page.AppendLine(".SH COMMANDS");
        foreach (var verb in Visible(root)) Verb(page, verb, "arpdoctor");
        page.AppendLine(".SH EXIT STATUS");
        foreach (var (code, meaning) in ExitCodes.All)
            page.AppendLine(".TP").Append(".B ").AppendLine(code.ToString(System.Globalization.CultureInfo.InvariantCulture)).AppendLine(Escape(meaning));
        page.AppendLine(".SH SEE ALSO");
        page.AppendLine("\\fBarping\\fR(8), \\fBarp\\-scan\\fR(1), \\fBarpwatch\\fR(8), \\fBkubectl\\fR(1); shell completion: \\fBarpdoctor completion bash|zsh|fish\\fR");
        return page.ToString();
    }

    private static IEnumerable<Command> Visible(Command command) => command.Subcommands.Where(c => !c.Hidden);

    private static void Verb(StringBuilder page, Command verb, string parent)
    {
        var path = $"{parent} {verb.Name}";
        var usage = string.Join(' ', new[] { path }.Concat(verb.Arguments.Where(a => !a.Hidden).Select(a => a.Name.ToUpperInvariant())));
        page.Append(".SS \"").Append(Escape(usage)).AppendLine("\"");
        page.AppendLine(Escape(verb.Description ?? ""));
        foreach (var argument in verb.Arguments.Where(a => !a.Hidden))
            page.AppendLine(".TP").Append(".I ").AppendLine(Escape(argument.Name.ToUpperInvariant())).AppendLine(Escape(argument.Description ?? ""));
        Options(page, verb);
        foreach (var sub in Visible(verb)) Verb(page, sub, path);
    }

    private static void Options(StringBuilder page, Command command)
    {
        foreach (var option in command.Options.Where(o => !o.Hidden && o is not System.CommandLine.Help.HelpOption and not VersionOption))
        {
            var names = option.Aliases.OrderBy(a => a.Length).Append(option.Name).Distinct();
            var value = option.HelpName ?? (option.ValueType == typeof(bool) ? null : "value");
            page.AppendLine(".TP").Append(".B ").Append(string.Join(", ", names.Select(Escape)));
            if (value is not null) page.Append(" \\fI").Append(Escape(value)).Append("\\fR");
            page.AppendLine();
            page.AppendLine(Escape(option.Description ?? ""));
        }
    }

    /// <summary>Text for roff: backslashes and hyphens escaped, a leading dot or quote kept from being read as a request.</summary>
    private static string Escape(string text)
    {
        var escaped = text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal);
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
    }
}
