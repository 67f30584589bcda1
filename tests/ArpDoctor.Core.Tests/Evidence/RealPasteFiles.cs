namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>The pastes under TestData/real-pastes: their evidence lines (the '#' header stripped) with their line numbers.</summary>
internal static class RealPasteFiles
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "real-pastes", name);

    public static IEnumerable<(int Number, string Text)> Lines(string name) =>
        File.ReadAllLines(Path(name)).Select((text, i) => (Number: i + 1, Text: text)).SkipWhile(l => l.Text.StartsWith("# ", StringComparison.Ordinal));

    /// <summary>The number (from 1, counting the header) of the first evidence line of <paramref name="name"/> that holds <paramref name="text"/>.</summary>
    public static int LineOf(string name, string text) => Lines(name).First(l => l.Text.Contains(text, StringComparison.Ordinal)).Number;

    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "real-pastes"), "*.txt").Select(System.IO.Path.GetFileName).Order()!;
}
