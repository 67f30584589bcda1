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

    // File I/O by its calls: a property named File (KubeProxySettings.File, the config file's settings) is not I/O.
    [GeneratedRegex(@"\b(DateTime(Offset)?\.(Now|UtcNow)|Console\.|File\.(Read|Write|Open|Exists|Append|Create|Delete|Copy|Move|Replace|Get|Set)|Directory\.|Process\.|Stopwatch\.|new\s+HttpClient|Thread\.Sleep)")]
    private static partial Regex Forbidden();

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArpDoctor.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ArpDoctor.sln not found above the test binaries");
    }
}
