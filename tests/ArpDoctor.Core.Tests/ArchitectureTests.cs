using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace ArpDoctor.Core.Tests;

/// <summary>Core is the pure centre: no sockets, processes, files, console, HTTP or wall clock.</summary>
public partial class ArchitectureTests
{
    private static readonly string[] ForbiddenAssemblies =
    [
        "System.Net.Sockets", "System.Net.Http", "System.Diagnostics.Process", "System.Console",
        "System.IO.FileSystem", "SharpPcap", "PacketDotNet", "KubernetesClient", "Spectre.Console",
    ];

    [Fact]
    public void Core_references_no_IO_assembly()
    {
        var core = typeof(ArpDoctor.Core.Packets.ArpCodec).Assembly;
        var referenced = core.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Empty(referenced.Intersect(ForbiddenAssemblies));
        Assert.DoesNotContain(referenced, n => n.StartsWith("ArpDoctor.", StringComparison.Ordinal));
    }

    [Fact]
    public void Core_source_reads_no_wall_clock_console_or_files()
    {
        var root = FindRepositoryRoot();
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "src", "ArpDoctor.Core"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => Forbidden().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(root, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.Empty(offenders);
    }

    /// <summary>
    /// Core's folders depend on each other in one direction only (Probing once used Scanning's pacer while Scanning used
    /// Probing's engine): a cycle means a concept sits in the wrong folder.
    /// </summary>
    [Fact]
    public void Core_folders_have_no_dependency_cycle()
    {
        var root = FindRepositoryRoot();
        var uses = new Dictionary<string, HashSet<string>>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src", "ArpDoctor.Core"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            if (CoreNamespace().Match(text) is not { Success: true } ns) continue;
            var folder = ns.Groups[1].Value;
            if (!uses.TryGetValue(folder, out var set)) uses[folder] = set = [];
            foreach (Match u in CoreUsing().Matches(text))
                if (u.Groups[1].Value != folder) set.Add(u.Groups[1].Value);
        }
        var cycles = new List<string>();
        foreach (var (folder, direct) in uses)
        {
            // Everything reachable from the folder's direct uses; the folder itself among them is a cycle.
            var seen = new HashSet<string>();
            var todo = new Stack<string>(direct);
            while (todo.TryPop(out var next))
                if (seen.Add(next) && uses.TryGetValue(next, out var further))
                    foreach (var f in further) todo.Push(f);
            if (seen.Contains(folder)) cycles.Add(folder);
        }
        Assert.Empty(cycles.Order());
    }

    /// <summary>README's Layout names every folder of Core, so the map a reader starts from matches the tree.</summary>
    [Fact]
    public void Readme_layout_names_every_Core_folder()
    {
        var root = FindRepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        int start = readme.IndexOf("## Layout", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Layout section");
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var layout = end < 0 ? readme[start..] : readme[start..end];
        var missing = Directory.EnumerateDirectories(Path.Combine(root, "src", "ArpDoctor.Core"))
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj") && !Regex.IsMatch(layout, $@"\b{name}\b"))
            .Order()
            .ToList();
        Assert.Empty(missing);
    }

    [GeneratedRegex(@"^namespace ArpDoctor\.Core\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex CoreNamespace();

    [GeneratedRegex(@"^using ArpDoctor\.Core\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex CoreUsing();

    // API calls, not names: a property called File (a parsed config file) is fine, File.ReadAllText is not.
    [GeneratedRegex(@"\b(DateTime(Offset)?\.(Now|UtcNow)|Console\.(Write|Read|Out|Error|In)|(File|Directory)\.(Read|Write|Open|Exists|Create|Append|Delete|Move|Copy|Enumerate|Get)|Process\.(Start|GetCurrent)|Stopwatch\.|new\s+HttpClient|Thread\.Sleep)")]
    private static partial Regex Forbidden();

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArpDoctor.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ArpDoctor.sln not found above the test binaries");
    }
}
