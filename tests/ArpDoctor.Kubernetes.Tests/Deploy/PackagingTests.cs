using System.Diagnostics;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>The kubectl plugin wrapper hands its arguments to <c>arpdoctor</c> on PATH unchanged, exit code included.</summary>
public sealed class PackagingTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("arpdoctor-path-").FullName;

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    [Fact]
    public void kubectl_arpdoctor_runs_arpdoctor_with_the_same_arguments()
    {
        // An "arpdoctor" on PATH that runs this build of the CLI.
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var shim = Path.Combine(_bin, "arpdoctor");
        File.WriteAllText(shim, $"#!/bin/sh\nexec '{dotnet}' '{Path.Combine(AppContext.BaseDirectory, "cli", "arpdoctor.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var info = new ProcessStartInfo("sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(YamlDocs.RepoRoot, "packaging", "kubectl-arpdoctor"));
        foreach (var a in new[] { "check", "--kubeconfig", Path.Combine(_bin, "missing config") }) info.ArgumentList.Add(a);
        info.Environment["PATH"] = $"{_bin}:{Environment.GetEnvironmentVariable("PATH")}";
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit(60_000);
        Assert.Equal(2, p.ExitCode);
        Assert.Equal($"arpdoctor: check: --kubeconfig {Path.Combine(_bin, "missing config")}: no such file", stderr.Trim());
    }
}
