using System.Runtime.InteropServices;

namespace ArpDoctor.Cli.Hosting;

/// <summary>
/// The one interrupt path of both executables: Ctrl-C (SIGINT) and SIGTERM cancel <see cref="Token"/>, so every verb
/// ends through its cancellation handling (exit 130, one line; watch still prints its summary). A second signal of
/// either kind ends the process the default way, for a run that does not stop.
/// </summary>
public sealed class Interrupts : IDisposable
{
    // Never disposed: a signal can arrive at any moment, also while Main is returning, and its handler must not
    // meet a disposed source (that was an unhandled ObjectDisposedException on the signal thread, exit 134).
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    public Interrupts()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    public CancellationToken Token => _cancel.Token;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = !_cancel.IsCancellationRequested;
        if (!context.Cancel) return;
        // Cancellation callbacks run on this signal thread; one that throws must not take the process down with a trace.
        try
        {
            _cancel.Cancel();
        }
        catch (AggregateException)
        {
        }
    }

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
    }
}
