using System.Text.RegularExpressions;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Architecture;

/// <summary>
/// A verb's folder in the Cli uses Core, Hosting and itself, never another verb's folder: what two verbs share lives in
/// Core or Cli/Hosting, so changing one verb cannot change another.
/// </summary>
public sealed partial class VerbsStayApartTests
{
    [Fact]
    public void No_verb_folder_uses_another_verbs_namespace()
    {
        var cli = Path.Combine(RepositoryRoot(), "src", "ArpDoctor.Cli");
        var verbs = Directory.EnumerateDirectories(cli).Select(Path.GetFileName).Where(d => d is not ("Hosting" or "bin" or "obj")).Select(d => d!).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Fix", verbs);
        var offenders = verbs.SelectMany(verb => Directory.EnumerateFiles(Path.Combine(cli, verb), "*.cs", SearchOption.AllDirectories)
                .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
                .SelectMany(x => VerbNamespace().Matches(x.line).Select(m => m.Groups[1].Value).Where(other => other != verb && verbs.Contains(other))
                    .Select(other => $"{Path.GetRelativePath(cli, x.f)}:{x.i + 1} uses ArpDoctor.Cli.{other}")))
            .ToList();
        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"\bArpDoctor\.Cli\.([A-Z][A-Za-z]*)\b")]
    private static partial Regex VerbNamespace();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArpDoctor.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ArpDoctor.sln not found above " + AppContext.BaseDirectory);
    }
}
