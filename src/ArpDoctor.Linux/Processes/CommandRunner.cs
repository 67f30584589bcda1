using System.Diagnostics;

namespace ArpDoctor.Linux.Processes;

/// <summary>The output of a finished command.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>A command the environment could not run as asked (missing tool, no permission): an environment problem.</summary>
public sealed class CommandFailedException(string message) : Exception(message);

/// <summary>Runs a program with an argument list (no shell) in the C locale and waits for it.</summary>
public static class CommandRunner
{
    public static CommandResult Run(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new CommandFailedException($"could not start {fileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CommandFailedException($"cannot run {fileName}: {e.Message}");
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                throw new CommandFailedException($"{fileName} {string.Join(' ', arguments)} did not finish in time");
            }
            return new CommandResult(process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>Runs and throws <see cref="CommandFailedException"/> with the command's stderr when it fails.</summary>
    public static string RunChecked(string fileName, params string[] arguments)
    {
        var result = Run(fileName, arguments);
        if (!result.Succeeded)
            throw new CommandFailedException(
                $"'{fileName} {string.Join(' ', arguments)}' failed: {result.StandardError.Trim()}");
        return result.StandardOutput;
    }
}
