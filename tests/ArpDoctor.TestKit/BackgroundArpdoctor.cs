using System.Diagnostics;
using System.Text;
using ArpDoctor.Linux.Processes;

namespace ArpDoctor.TestKit;

/// <summary>
/// <c>arpdoctor</c> running in the background inside a lab namespace (<c>ip netns exec</c> execs, so the
/// process id is arpdoctor's own). Disposing kills it if it still runs.
/// </summary>
public sealed class BackgroundArpdoctor : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _lock = new();

    private BackgroundArpdoctor(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_lock) _stdout.AppendLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_lock) _stderr.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_lock) return _stdout.ToString(); }
    }

    public string Error
    {
        get { lock (_lock) return _stderr.ToString(); }
    }

    public static BackgroundArpdoctor StartIn(string ns, params string[] args) => StartAssemblyIn(ns, Arpdoctor.AssemblyPath, args);

    /// <summary>In this process's own namespace (for verbs that need no lab, e.g. check against a local server).</summary>
    public static BackgroundArpdoctor StartHere(params string[] args)
    {
        var prefix = Arpdoctor.CommandPrefix(Arpdoctor.AssemblyPath);
        var info = new ProcessStartInfo(prefix[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in prefix.Skip(1).Concat(args)) info.ArgumentList.Add(a);
        info.Environment["LC_ALL"] = "C";
        return new BackgroundArpdoctor(Process.Start(info) ?? throw new CommandFailedException("could not start arpdoctor"));
    }

    /// <summary>
    /// On a pseudo-terminal (util-linux <c>script</c>), so <see cref="TypeCtrlC"/> is a real Ctrl-C: the terminal's line
    /// discipline turns it into SIGINT for the foreground process group. Standard output and error arrive merged in
    /// <see cref="Output"/>; the exit code is arpdoctor's (<c>script -e</c>).
    /// </summary>
    public static BackgroundArpdoctor StartOnTerminal(params string[] args) => StartOnTerminalIn(null, args);

    /// <summary><see cref="StartOnTerminal"/> inside network namespace <paramref name="ns"/> (none: this one).</summary>
    public static BackgroundArpdoctor StartOnTerminalIn(string? ns, params string[] args)
    {
        string[] netns = ns is null ? [] : ["ip", "netns", "exec", ns];
        var words = netns.Concat(Arpdoctor.CommandPrefix(Arpdoctor.AssemblyPath)).Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'");
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-qfec", "exec " + string.Join(' ', words), "/dev/null" }) info.ArgumentList.Add(a);
        info.Environment["LC_ALL"] = "C";
        return new BackgroundArpdoctor(Process.Start(info) ?? throw new CommandFailedException("could not start script"));
    }

    /// <summary>Types Ctrl-C on the terminal of a run started with <see cref="StartOnTerminal"/>.</summary>
    public void TypeCtrlC()
    {
        _process.StandardInput.Write('\u0003');
        _process.StandardInput.Flush();
    }

    /// <summary>Closes the process's standard input (end of file for a verb reading '-').</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Sends a signal by name (INT, TERM) to the process, as a shell's kill does.</summary>
    public void Signal(string name) => CommandRunner.Run("kill", [$"-{name}", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>Any program (a published arpdoctor, under setpriv) in network namespace <paramref name="ns"/>, its environment as given.</summary>
    public static BackgroundArpdoctor StartProgramIn(string ns, string program, params string[] args)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "netns", "exec", ns, program }.Concat(args)) info.ArgumentList.Add(a);
        return new BackgroundArpdoctor(Process.Start(info) ?? throw new CommandFailedException($"could not start {program}"));
    }

    /// <summary>Like <see cref="StartIn"/> with another build of the CLI (one with its own dependency folder).</summary>
    public static BackgroundArpdoctor StartAssemblyIn(string ns, string assemblyPath, params string[] args)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "netns", "exec", ns }.Concat(Arpdoctor.CommandPrefix(assemblyPath)).Concat(args))
            info.ArgumentList.Add(a);
        info.Environment["LC_ALL"] = "C";
        var process = Process.Start(info) ?? throw new CommandFailedException("could not start arpdoctor");
        return new BackgroundArpdoctor(process);
    }

    /// <summary>Waits until stdout has a line equal to <paramref name="line"/>; false on timeout or exit.</summary>
    public bool WaitForLine(string line, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Split('\n').Any(l => l.Trim() == line)) return true;
            if (_process.HasExited) return false;
            Thread.Sleep(20);
        }
        return false;
    }

    /// <summary>Waits for the exit and returns its code; throws when it does not end in time.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException($"arpdoctor still runs after {timeout}; stdout: {Output} stderr: {Error}");
        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    /// <summary>SIGTERM: a clean stop.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGSTOP: frozen (the kernel keeps capturing for it) until <see cref="Continue"/>.</summary>
    public void Pause() => CommandRunner.Run("kill", ["-STOP", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Continue() => CommandRunner.Run("kill", ["-CONT", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public void KillHard() => _process.Kill();

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
