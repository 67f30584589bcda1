using System.Net;
using System.Net.Sockets;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Cli;

/// <summary>
/// Ctrl-C and SIGTERM, sent as real signals to the CLI process while it waits on an API server that accepts the
/// connection and never answers: exit 130 and one line, never an unhandled exception.
/// </summary>
public sealed class InterruptTests : IDisposable
{
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-interrupt-").FullName;

    public InterruptTests()
    {
        _silent.Start();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true) _held.Add(await _silent.AcceptSocketAsync());
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Stopped at the end of the test.
            }
        });
    }

    public void Dispose()
    {
        _silent.Stop();
        foreach (var s in _held.ToList()) s.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <param name="exec">When given, the user's credentials come from this exec plugin and its arguments (a YAML list).</param>
    private string Kubeconfig(int? port = null, (string Command, string Args)? exec = null)
    {
        var user = exec is not { } e ? "{token: t}" : $$"""

                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {{e.Command}}
                  args: {{e.Args}}
                  interactiveMode: Never
            """;
        var path = Path.Combine(_dir, exec is null ? "kubeconfig" : "exec-kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: silent
              cluster:
                server: http://127.0.0.1:{port ?? ((IPEndPoint)_silent.LocalEndpoint).Port}
            contexts:
            - name: silent
              context: {"{"}cluster: silent, user: u{"}"}
            current-context: silent
            users:
            - name: u
              user: {user}
            """);
        return path;
    }

    [Theory]
    [InlineData("check", "INT", 300)]
    [InlineData("check", "TERM", 300)]
    [InlineData("check", "INT", 1500)]
    [InlineData("check", "TERM", 1500)]
    [InlineData("fix", "INT", 1500)]
    [InlineData("fix", "TERM", 1500)]
    [InlineData("locate", "INT", 800)]
    [InlineData("locate", "TERM", 800)]
    public async Task A_signal_while_the_API_is_silent_is_exit_130_and_one_line(string verb, string signal, int afterMs)
    {
        string[] args = verb switch
        {
            "fix" => ["fix", "--yes", "--backup-dir", _dir, "--kubeconfig", Kubeconfig()],
            "locate" => ["locate", "203.0.113.10", "-i", "lo", "--kubeconfig", Kubeconfig()],
            _ => ["check", "--kubeconfig", Kubeconfig()],
        };
        using var run = BackgroundArpdoctor.StartHere(args);
        await Task.Delay(afterMs);
        run.Signal(signal);
        var exit = run.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.True(exit == 130, $"exit {exit}\n{run.Error}");
        Assert.Equal($"arpdoctor: {verb}: interrupted", run.Error.Split('\n')[0].Split(" (")[0].TrimEnd());
        Assert.DoesNotContain("Unhandled", run.Error);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("check")]
    [InlineData("fix")]
    public async Task Ctrl_C_typed_on_a_terminal_is_exit_130_and_one_line(string verb)
    {
        string[] args = verb == "fix"
            ? ["fix", "--yes", "--backup-dir", _dir, "--kubeconfig", Kubeconfig()]
            : ["check", "--kubeconfig", Kubeconfig()];
        using var run = BackgroundArpdoctor.StartOnTerminal(args);
        await Task.Delay(1500);
        run.TypeCtrlC();
        var exit = run.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.True(exit == 130, $"exit {exit}\n{run.Output}");
        Assert.Contains($"arpdoctor: {verb}: interrupted", run.Output);
        Assert.DoesNotContain("Unhandled", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_while_analyze_waits_on_standard_input_wins_over_what_it_read(string signal)
    {
        // The read of a pipe returns only at its end; the signal that came meanwhile must still be the outcome
        // (it was "standard input: empty input", exit 2).
        using var run = BackgroundArpdoctor.StartHere("analyze", "-");
        await Task.Delay(800);
        run.Signal(signal);
        await Task.Delay(200);
        run.CloseInput();
        var exit = run.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.True(exit == 130, $"exit {exit}\n{run.Error}");
        Assert.Equal("arpdoctor: analyze: interrupted", run.Error.Trim());
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_while_the_exec_credential_plugin_runs_stops_it_and_is_exit_130_at_once(string signal)
    {
        // Before: Ctrl-C waited for the plugin and ended as exit 4, SIGTERM waited for the plugin's whole deadline.
        // The plugin (a shell) starts a child and waits on it: both must be gone.
        var pids = Path.Combine(_dir, "pids");
        var path = Kubeconfig(exec: ("/bin/sh", $"[\"-c\", \"sleep 60 & echo $$ $! > {pids}; wait\"]"));
        using var run = BackgroundArpdoctor.StartHere("check", "--kubeconfig", path, "--request-timeout", "60s");
        await Agent.Eventually.True(() => File.Exists(pids) && File.ReadAllText(pids).Trim().Split(' ').Length == 2, "the plugin and its child started");
        var started = System.Diagnostics.Stopwatch.StartNew();
        run.Signal(signal);
        var exit = run.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.True(exit == 130, $"exit {exit}\n{run.Error}");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        Assert.Equal("arpdoctor: check: interrupted", run.Error.Trim());
        foreach (var pid in File.ReadAllText(pids).Trim().Split(' '))
            await Agent.Eventually.True(() => !Running(pid), $"process {pid} of the plugin stopped");
    }

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool Running(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task An_exec_credential_plugin_that_hangs_is_exit_4_after_the_request_timeout()
    {
        // The client runs the plugin while building its configuration and waits without end; check used to hang.
        var path = Kubeconfig(exec: ("/bin/sleep", "[\"20\"]"));
        var started = DateTime.UtcNow;
        var r = await Fakes.CliRun.RunProcessAsync(["check", "--kubeconfig", path, "--request-timeout", "2s"]);
        r.AssertExit(4);
        Assert.Equal("arpdoctor: check: kubeconfig: the exec credential plugin /bin/sleep did not finish within 2s; --request-timeout sets the limit\n", r.Err);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_while_an_exec_plugin_runs_with_no_deadline_is_exit_130_at_once(string signal)
    {
        // With --request-timeout 0 the plugin was waited for without end, past the signal (as long as it ran).
        var path = Kubeconfig(exec: ("/bin/sleep", "[\"30\"]"));
        using var run = BackgroundArpdoctor.StartHere("check", "--kubeconfig", path, "--request-timeout", "0");
        await Task.Delay(1500);
        var signalled = DateTime.UtcNow;
        run.Signal(signal);
        var exit = run.WaitForExit(TimeSpan.FromSeconds(40));
        Assert.True(exit == 130, $"exit {exit}\n{run.Error}");
        Assert.True(DateTime.UtcNow - signalled < TimeSpan.FromSeconds(5), $"took {DateTime.UtcNow - signalled} after the signal");
        Assert.Equal("arpdoctor: check: interrupted", run.Error.Trim());
    }

    [Fact]
    public async Task An_exec_credential_plugin_that_fails_is_one_short_line_and_exit_4()
    {
        // The library's message was a ~1,500-character nested JSON exception on one line, and exit 2.
        var path = Kubeconfig(exec: ("/bin/false", "[]"));
        Assert.Contains("exec:", File.ReadAllText(path));
        var r = await Fakes.CliRun.RunProcessAsync(["check", "--kubeconfig", path]);
        r.AssertExit(4);
        Assert.Equal("arpdoctor: check: kubeconfig: the exec credential plugin /bin/false failed (exit 1)\n", r.Err);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_exit_4_after_the_request_timeout()
    {
        var started = DateTime.UtcNow;
        var r = await Fakes.CliRun.RunProcessAsync(["check", "--kubeconfig", Kubeconfig(), "--request-timeout", "1s"]);
        r.AssertExit(4);
        Assert.Matches(@"^arpdoctor: check: list daemonsets in all namespaces: http://127\.0\.0\.1:\d+ did not answer in time \(--request-timeout 1s\)\n$", r.Err);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_server_that_trickles_its_body_is_cut_at_the_request_timeout()
    {
        using var trickle = new TricklingServer();
        var started = DateTime.UtcNow;
        var r = await Fakes.CliRun.RunProcessAsync(["check", "--kubeconfig", Kubeconfig(trickle.Port), "--request-timeout", "2s"]);
        r.AssertExit(4);
        Assert.Matches(@"^arpdoctor: check: list daemonsets in all namespaces: http://127\.0\.0\.1:\d+ did not answer in time \(--request-timeout 2s\)\n$", r.Err);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), $"took {DateTime.UtcNow - started}");
    }

    [Theory]
    [InlineData("check", "INT")]
    [InlineData("check", "TERM")]
    [InlineData("fix", "INT")]
    [InlineData("fix", "TERM")]
    public async Task A_signal_during_a_trickled_answer_with_no_deadline_is_exit_130_at_once(string verb, string signal)
    {
        // --request-timeout 0 waits for ever, but not past Ctrl-C: the body's read ignored the signal and the run went on
        // until the 60-second body ended (or the process was killed).
        using var trickle = new TricklingServer();
        string[] args = verb == "fix"
            ? ["fix", "--yes", "--backup-dir", _dir, "--kubeconfig", Kubeconfig(trickle.Port), "--request-timeout", "0"]
            : ["check", "--kubeconfig", Kubeconfig(trickle.Port), "--request-timeout", "0"];
        using var run = BackgroundArpdoctor.StartHere(args);
        Assert.True(trickle.Answering.Wait(TimeSpan.FromSeconds(20)), "the CLI never asked the server");
        await Task.Delay(1500); // well into the body
        var signalled = DateTime.UtcNow;
        run.Signal(signal);
        var exit = run.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.True(exit == 130, $"exit {exit}\n{run.Error}");
        Assert.True(DateTime.UtcNow - signalled < TimeSpan.FromSeconds(5), $"took {DateTime.UtcNow - signalled} after the signal");
        Assert.Equal($"arpdoctor: {verb}: interrupted", run.Error.Split('\n')[0].Split(" (")[0].TrimEnd());
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    /// <summary>An API server that sends its headers at once, then a 100 kB body one byte a second, for a minute.</summary>
    private sealed class TricklingServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public TricklingServer()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                try
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        var socket = await _listener.AcceptSocketAsync(_stop.Token);
                        _ = Task.Run(async () =>
                        {
                            using var s = socket;
                            try
                            {
                                await s.ReceiveAsync(new byte[65536], _stop.Token);
                                await s.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"u8.ToArray(), _stop.Token);
                                Answering.Set();
                                for (int i = 0; i < 60; i++)
                                {
                                    await Task.Delay(1000, _stop.Token);
                                    await s.SendAsync(" "u8.ToArray(), _stop.Token);
                                }
                            }
                            catch (Exception e) when (e is OperationCanceledException or SocketException)
                            {
                                // The client gave up, or the test is over.
                            }
                        });
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException)
                {
                    // The test is over.
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>Set once a request has its headers and the body has begun.</summary>
        public ManualResetEventSlim Answering { get; } = new();

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
