using ArpDoctor.Linux.Processes;

namespace ArpDoctor.Cli.Fast;

/// <summary>
/// The full arpdoctor this front hands every command line but probe and scan to: <c>full/arpdoctor</c>
/// beside this executable (how <c>scripts/publish-native.sh</c> lays them out), or <c>$ARPDOCTOR_FULL</c>.
/// </summary>
internal static class FullTool
{
    public const string Variable = "ARPDOCTOR_FULL";

    public static string Path => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given
        ? given
        : System.IO.Path.Combine(AppContext.BaseDirectory, "full", "arpdoctor");

    /// <summary>
    /// Replaces this process with the full tool, the arguments unchanged. Returns only when that fails,
    /// after writing the one-line error, with the exit code for a broken environment.
    /// </summary>
    public static int HandOver(string[] args, TextWriter error)
    {
        var full = Path;
        var why = ProcessImage.Replace(full, args);
        var verb = args.FirstOrDefault(a => !a.StartsWith('-')) ?? "usage";
        error.WriteLine($"arpdoctor: {verb}: cannot start the full arpdoctor at {full}: {why} " +
            $"(this build runs only {string.Join(" and ", PacketVerbs.Names)} itself; reinstall, or set {Variable})");
        return ExitCodes.Environment;
    }
}
