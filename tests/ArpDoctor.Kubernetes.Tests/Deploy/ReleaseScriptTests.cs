using ArpDoctor.Linux.Processes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// scripts/release.sh with <c>ARPDOCTOR_NATIVE</c> set to a stand-in for the native executable (a shell script that runs
/// this build of the CLI), so the test does not spend four minutes on the AOT publish: the layout, the sums and the
/// reproducibility are the script's; the publish is scripts/publish-native.sh's.
/// </summary>
public sealed class ReleaseScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-release-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Release(string output)
    {
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var native = Path.Combine(_dir, "arpdoctor");
        File.WriteAllText(native, $"#!/bin/sh\nexec '{dotnet}' '{Path.Combine(AppContext.BaseDirectory, "cli", "arpdoctor.dll")}' \"$@\"\n");
        CommandRunner.RunChecked("chmod", "+x", native);
        var result = CommandRunner.Run("env", [$"ARPDOCTOR_NATIVE={native}", "SOURCE_DATE_EPOCH=1796083200",
            Path.Combine(YamlDocs.RepoRoot, "scripts", "release.sh"), output], TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput.Trim();
    }

    [Fact]
    public void The_tarball_holds_the_binary_man_page_completions_chart_and_manifests_with_sums_that_check()
    {
        var tarball = Release(Path.Combine(_dir, "out"));
        Assert.Matches(@"/arpdoctor-\d+\.\d+\.\d+-linux-x64\.tar\.gz$", tarball);
        var name = Path.GetFileName(tarball)[..^".tar.gz".Length];

        var listing = CommandRunner.RunChecked("tar", "tzf", tarball).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var file in new[] { "bin/arpdoctor", "share/man/man1/arpdoctor.1", "share/bash-completion/completions/arpdoctor",
                     "share/zsh/site-functions/_arpdoctor", "share/fish/vendor_completions.d/arpdoctor.fish", "share/doc/arpdoctor/agent.md",
                     "charts/arpdoctor/Chart.yaml", "charts/arpdoctor/values.schema.json", "deploy/arpdoctor.yaml", "deploy/kustomization.yaml",
                     "deploy/monitoring.yaml", "SHA256SUMS" })
            Assert.Contains($"{name}/{file}", listing);
        Assert.DoesNotContain(listing, f => f.Contains("/ci/", StringComparison.Ordinal));

        // The sums beside the tarball, and inside it for every file.
        Assert.Contains(": OK", CommandRunner.RunChecked("sh", "-c", $"cd '{Path.GetDirectoryName(tarball)}' && sha256sum -c SHA256SUMS"));
        var unpacked = Path.Combine(_dir, "unpacked");
        Directory.CreateDirectory(unpacked);
        CommandRunner.RunChecked("tar", "xzf", tarball, "-C", unpacked);
        var inside = CommandRunner.RunChecked("sh", "-c", $"cd '{Path.Combine(unpacked, name)}' && sha256sum -c SHA256SUMS");
        Assert.Equal(listing.Count(f => !f.EndsWith('/')) - 1, inside.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": OK", StringComparison.Ordinal)));

        // The completion is the binary's own.
        Assert.Contains("complete -o default -F _arpdoctor arpdoctor", File.ReadAllText(Path.Combine(unpacked, name, "share", "bash-completion", "completions", "arpdoctor")));
    }

    [Fact]
    public void The_same_tree_gives_the_same_bytes()
    {
        var first = File.ReadAllBytes(Release(Path.Combine(_dir, "a")));
        var second = File.ReadAllBytes(Release(Path.Combine(_dir, "b")));
        Assert.Equal(first, second);
    }
}
