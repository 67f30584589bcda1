using Spectre.Console;

namespace ArpDoctor.Cli.Hosting;

/// <summary>
/// A line written as it is, never wrapped at the console's width: a path or command a person copies (a backup into
/// <c>fix --rollback</c>) must stay whole on one line, however narrow the terminal.
/// </summary>
public static class WholeLine
{
    public static void Write(IAnsiConsole console, string line) => console.Profile.Out.Writer.WriteLine(line);

    /// <summary><paramref name="word"/> as one shell word: as it is when it is plain, else in single quotes.</summary>
    public static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ':' or '+' or '@' or ',')
            ? word
            : $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
