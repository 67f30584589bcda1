using System.Diagnostics;
using ArpDoctor.Linux.Processes;

namespace ArpDoctor.TestKit;

/// <summary>Runs the built <c>arpdoctor</c> as its own process, optionally inside a lab namespace.</summary>
public static class Arpdoctor
{
    /// <summary>The CLI assembly, copied next to the tests by the project reference.</summary>
    public static string AssemblyPath =>
        Path.Combine(AppContext.BaseDirectory, "arpdoctor.dll") is var p && File.Exists(p)
            ? p
            : throw new FileNotFoundException("arpdoctor.dll not found next to the tests; reference src/ArpDoctor.Cli");

    /// <summary>The <c>dotnet</c> host running the tests, so the CLI runs on the same runtime.</summary>
    public static string DotnetHost =>
        Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    /// <summary>
    /// <c>ARPDOCTOR_EXE=/path/to/arpdoctor</c> runs the process-level tests against that executable (a native
    /// AOT build, say) instead of <c>dotnet arpdoctor.dll</c>.
    /// </summary>
    public static string? Executable => Environment.GetEnvironmentVariable("ARPDOCTOR_EXE") is { Length: > 0 } exe ? Path.GetFullPath(exe) : null;

    /// <summary>The program and leading arguments that start the CLI: the given executable, or the host and the assembly.</summary>
    public static string[] CommandPrefix(string? assemblyPath = null) =>
        Executable is { } exe ? [exe] : [DotnetHost, assemblyPath ?? AssemblyPath];

    public static CommandResult Run(params string[] args) => RunIn(null, args);

    /// <summary>Runs <c>ip netns exec NS dotnet arpdoctor.dll ARGS</c> (or without the namespace).</summary>
    public static CommandResult RunIn(string? ns, params string[] args)
    {
        var command = new List<string>();
        if (ns is not null) command.AddRange(["netns", "exec", ns]);
        command.AddRange(CommandPrefix());
        command.AddRange(args);
        var result = ns is null
            ? CommandRunner.Run(command[0], command.Skip(1), TimeSpan.FromSeconds(60))
            : CommandRunner.Run("ip", command, TimeSpan.FromSeconds(60));
        Debug.WriteLine($"arpdoctor {string.Join(' ', args)} -> {result.ExitCode}");
        return result;
    }
}
