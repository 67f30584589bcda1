using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>
/// Real signals to the CLI process while <c>analyze</c> blocks in the kernel, where no cancellation token reaches:
/// opening a named pipe that no one writes. Before, the first SIGINT or SIGTERM was lost and a second killed it silently.
/// </summary>
public sealed class AnalyzeInterruptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-fifo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void A_signal_while_opening_a_named_pipe_with_no_writer_is_exit_130_at_once(string signal)
    {
        var fifo = Path.Combine(_dir, "evidence.fifo");
        Assert.Equal(0, Linux.Processes.CommandRunner.Run("mkfifo", [fifo]).ExitCode);
        using var run = BackgroundArpdoctor.StartHere("analyze", fifo);
        Assert.True(WaitUntilBlockedOnAFifo(run.Id, TimeSpan.FromSeconds(30)), $"analyze never blocked opening the pipe\n{run.Error}");

        run.Signal(signal);
        var exit = run.WaitForExit(TimeSpan.FromSeconds(5));
        Assert.True(exit == 130, $"exit {exit}\n{run.Error}");
        Assert.Equal("arpdoctor: analyze: interrupted", run.Error.Trim());
    }

    /// <summary>
    /// Whether a thread of the process waits in the kernel for the other end of a FIFO (its wait channel says so). The
    /// runtime's debugger transport waits on a FIFO of its own from the start: its threads (".NET Debug...") do not count.
    /// </summary>
    private static bool WaitUntilBlockedOnAFifo(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (Directory.EnumerateDirectories($"/proc/{pid}/task").Any(t =>
                        File.ReadAllText(Path.Combine(t, "wchan")) is "wait_for_partner" or "fifo_open" &&
                        !File.ReadAllText(Path.Combine(t, "comm")).StartsWith(".NET Debug", StringComparison.Ordinal)))
                    return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A thread ended while listed, or the process is gone.
            }
            Thread.Sleep(50);
        }
        return false;
    }
}
