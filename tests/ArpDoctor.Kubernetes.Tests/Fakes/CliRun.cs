using ArpDoctor.Cli;
using ArpDoctor.Cli.Hosting;
using Spectre.Console.Testing;

namespace ArpDoctor.Kubernetes.Tests.Fakes;

/// <summary>One <c>arpdoctor</c> command line run in-process, as a user would run it, with what it printed.</summary>
public sealed record CliOutcome(int Exit, string Out, string Err)
{
    public void AssertExit(int expected) =>
        Xunit.Assert.True(Exit == expected, $"exit {Exit}, expected {expected}\n--- stdout\n{Out}\n--- stderr\n{Err}");
}

public static class CliRun
{
    /// <param name="time">Default <see cref="FastTime"/>; real networks need real time (replies take as long as they take).</param>
    public static async Task<CliOutcome> RunAsync(string[] args, LinkOpener? openLink = null, Action<TestConsole>? arrange = null, TimeProvider? time = null)
    {
        // ARPDOCTOR_EXE: the same command line through that executable, where the test needs no in-process fake.
        if (TestKit.Arpdoctor.Executable is not null && openLink is null && arrange is null)
            return await RunProcessAsync(args);
        var console = new TestConsole();
        console.Profile.Width = 250;
        arrange?.Invoke(console);
        var error = new StringWriter();
        var cli = new CliContext(console, error, openLink ?? (name => (null, new Linux.LiveCapture.LinkError(Linux.LiveCapture.LinkErrorKind.NoSuchInterface, $"no such interface: {name}"))), time ?? new FastTime())
        {
            Vendors = new(TestKit.IeeeFixture.Vendors),   // the fixture registry (real ieee-data records), never the machine's
        };
        var exit = await CliApp.RunAsync(args, cli);
        return new CliOutcome(exit, console.Output, error.ToString());
    }

    /// <summary>
    /// The built CLI as its own process, as a script runs it: no terminal on stdin (closed at once), output
    /// captured, no colours.
    /// </summary>
    public static async Task<CliOutcome> RunProcessAsync(string[] args, string? workingDirectory = null, IDictionary<string, string?>? environment = null)
    {
        var prefix = TestKit.Arpdoctor.CommandPrefix();
        var start = new System.Diagnostics.ProcessStartInfo(prefix[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var a in prefix.Skip(1).Concat(args)) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("COLUMNS");
        start.Environment["ARPDOCTOR_IEEE_DATA"] = TestKit.IeeeFixture.Directory;   // the same registry as in-process runs
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) start.Environment[k] = v;
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new CliOutcome(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>Real time, but every wait a hundred times shorter: rollout polling and probe pauses finish quickly.</summary>
public sealed class FastTime : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private static TimeSpan Scale(TimeSpan t) => t <= TimeSpan.Zero || t == Timeout.InfiniteTimeSpan ? t : t / 100;
}
