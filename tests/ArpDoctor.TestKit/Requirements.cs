using ArpDoctor.Linux.Processes;
using Xunit;

namespace ArpDoctor.TestKit;

/// <summary>
/// Skips a test whose environment is missing (root, network namespaces, a tool), with the reason.
/// With <c>ARPDOCTOR_REQUIRE_LAB=1</c> (CI sets it) a missing environment fails the test instead.
/// </summary>
public static class Requirements
{
    public const string RequireVariable = "ARPDOCTOR_REQUIRE_LAB";

    private static readonly Lazy<string?> LabProblem = new(FindLabProblem);

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Root, iproute2 and network namespaces that can be made here.</summary>
    public static void Lab() => Require(LabProblem.Value);

    /// <summary>A program on PATH (e.g. <c>arping</c>, <c>chromium</c>).</summary>
    public static void Tool(string program) =>
        Require(OnPath(program) ? null : $"'{program}' is not installed (see .ci/apt-packages)");

    /// <summary>A directory a Debian package installs (e.g. ieee-data's <c>/usr/share/ieee-data</c>).</summary>
    public static void Directory(string path, string package) =>
        Require(System.IO.Directory.Exists(path) ? null : $"'{path}' is missing: install the Debian package '{package}' (see .ci/apt-packages)");

    /// <summary>
    /// The path of a current <c>kubectl</c> or <c>helm</c>, as <c>scripts/k8s-tools.sh</c> puts them in artifacts/tools
    /// (test.sh runs it); skipped without them.
    /// </summary>
    public static string KubernetesTool(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArpDoctor.sln"))) dir = dir.Parent;
        var path = dir is null ? null : Path.Combine(dir.FullName, "artifacts", "tools", name);
        Require(path is not null && File.Exists(path) ? null : $"'{name}' is not in artifacts/tools (run scripts/k8s-tools.sh; it needs npm and unzip)");
        return path!;
    }

    public const string NativeExecutableVariable = "ARPDOCTOR_NATIVE_EXE";

    /// <summary>
    /// The native AOT executable <c>scripts/publish-native.sh</c> built, named in <c>ARPDOCTOR_NATIVE_EXE</c> (.ci/run
    /// publishes it once); skipped without it.
    /// </summary>
    public static string NativeExecutable()
    {
        var path = Environment.GetEnvironmentVariable(NativeExecutableVariable);
        Require(path is { Length: > 0 } && File.Exists(path) ? null
            : $"{NativeExecutableVariable} names no file (scripts/publish-native.sh builds it; .ci/run sets it)");
        return Path.GetFullPath(path!);
    }

    private static void Require(string? problem)
    {
        if (problem is null) return;
        if (Required)
            throw new InvalidOperationException($"{RequireVariable}=1 but the environment is missing: {problem}");
        Skip.If(true, problem);
    }

    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));

    private static string? FindLabProblem()
    {
        if (!OperatingSystem.IsLinux()) return "lab tests need Linux network namespaces";
        if (!Environment.IsPrivilegedProcess) return "lab tests need root (network namespaces, raw sockets)";
        if (!OnPath("ip")) return "iproute2 ('ip') is not installed";
        if (!OnPath("sysctl")) return "procps ('sysctl') is not installed";
        var probe = $"adtcheck{Environment.ProcessId}";
        var added = CommandRunner.Run("ip", ["netns", "add", probe]);
        if (!added.Succeeded) return $"cannot create a network namespace: {added.StandardError.Trim()}";
        CommandRunner.Run("ip", ["netns", "del", probe]);
        return null;
    }
}
