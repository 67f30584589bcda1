using ArpDoctor.Linux.Processes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// The image is built for arm64 too, and cannot be built here (no Docker, no aarch64 machine). What can be proved: the
/// CLI publishes for linux-arm64 (self-contained, ReadyToRun: the arm64 runtime packs and crossgen, no cross linker)
/// and what comes out is arm64 code: the executable an aarch64 ELF, the CLI's assembly precompiled for Linux arm64.
/// </summary>
public sealed class Arm64ArtefactTests
{
    [Fact]
    public void The_CLI_publishes_for_linux_arm64_as_an_aarch64_executable_with_arm64_precompiled_code()
    {
        var dir = Directory.CreateTempSubdirectory("arpdoctor-arm64-").FullName;
        try
        {
            // The sources without build outputs, as the Dockerfile's COPY lines take them: publishing in the checkout itself
            // would rewrite the bin/ and obj/ folders other test projects are being built from.
            var context = Path.Combine(dir, "src-context");
            var output = Path.Combine(dir, "out");
            CommandRunner.RunChecked("mkdir", "-p", context);
            CommandRunner.RunChecked("bash", "-c",
                $"cd '{YamlDocs.RepoRoot}' && cp global.json Directory.Build.props Directory.Packages.props ArpDoctor.sln '{context}/' " +
                $"&& tar --exclude=bin --exclude=obj -cf - src | tar -xf - -C '{context}'");
            var publish = CommandRunner.Run("dotnet", ["publish", Path.Combine(context, "src", "ArpDoctor.Cli", "ArpDoctor.Cli.csproj"),
                "-c", "Release", "-r", "linux-arm64", "--self-contained", "-p:PublishReadyToRun=true", "-o", output, "-nologo", "-v", "quiet"],
                TimeSpan.FromMinutes(10));
            Assert.True(publish.Succeeded, publish.StandardOutput + publish.StandardError);

            Assert.Equal(ExecutableFormat.Aarch64, ExecutableFormat.ElfMachine(Path.Combine(output, "arpdoctor")));
            Assert.Equal(ExecutableFormat.ReadyToRunLinuxArm64, ExecutableFormat.PeMachine(Path.Combine(output, "arpdoctor.dll")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_format_reader_tells_the_test_hosts_own_executable_and_assembly_apart_from_arm64()
    {
        var host = Environment.ProcessPath!;
        var machine = ExecutableFormat.ElfMachine(host);
        Assert.Equal(System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64
            ? ExecutableFormat.Aarch64 : ExecutableFormat.X86_64, machine);
        // An IL-only assembly (the tests' own) says "any CPU" (i386), not arm64.
        Assert.Equal(0x014C, ExecutableFormat.PeMachine(typeof(Arm64ArtefactTests).Assembly.Location));
    }
}
