using ArpDoctor.Core.History;
using ArpDoctor.Core.Probing;
using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using ArpDoctor.Linux.Connections;

namespace ArpDoctor.Cli.Watch;

/// <summary>Parses <c>watch</c>'s options, wires log, metrics, connection and console around a <see cref="Watcher"/>.</summary>
public static class WatchCommand
{
    private const string Verb = "watch";

    private sealed record Options(
        IReadOnlyList<Ipv4Address> Vips, TimeSpan Interval, TimeSpan Wait, int Rate, TimeSpan? Duration,
        string? LogPath, bool Resume, IPEndPoint? Tcp, IPEndPoint? Metrics, Ipv4Address? Source, bool Json);

    public static async Task<int> RunAsync(WatchCommandDefinition def, ParseResult parse, CliContext cli, CancellationToken ct)
    {
        if (!TryParse(def, parse, out var o, out var error))
            return cli.Fail(ExitCodes.Usage, Verb, error);

        var (link, linkError) = cli.OpenLink(parse.GetValue(def.Interface)!);
        if (link is null)
            return cli.Fail(ExitCodes.Environment, Verb, linkError!.Message);

        var disposables = new List<IDisposable> { link };
        try
        {
            var earlier = new List<WatchEvent>();
            WatchLogFile? log = null;
            if (o.LogPath is { } path)
            {
                if (o.Resume)
                {
                    try
                    {
                        earlier.AddRange(WatchLogFormat.ParseLog(WatchLogFile.ReadLines(path)).Events);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        return cli.Fail(ExitCodes.Environment, Verb, $"cannot read log {path}: {e.Message}");
                    }
                }
                (log, error) = WatchLogFile.Open(path);
                if (log is null) return cli.Fail(ExitCodes.Environment, Verb, error!);
                disposables.Add(log);
            }

            var sourceIp = SourceAddress.For(link, o.Source);
            var request = new WatchRequest(o.Vips, sourceIp, link.Mac, o.Interval, o.Wait, o.Duration, o.Rate);
            var watcher = new Watcher(link, cli.Time, request);
            watcher.Resume(earlier.Where(e => o.Vips.Contains(e.Vip)));

            var sinks = new List<IWatchSink>();
            if (log is not null) sinks.Add(new WatchLogSink(log));
            if (o.Metrics is { } metricsEndpoint)
            {
                var metrics = new WatchMetrics();
                disposables.Add(metrics);
                metrics.Watching(o.Vips);
                if (metrics.Serve(metricsEndpoint) is { } metricsError)
                    return cli.Fail(ExitCodes.Environment, Verb, metricsError);
                sinks.Add(metrics);
            }
            var output = cli.Output.Profile.Out.Writer;
            bool live = cli.Output.Profile.Capabilities.Interactive && cli.Output.Profile.Capabilities.Ansi;
            var console = new WatchConsole(output, o.Json, live, cli.Time, o.Duration, watcher.Summary);
            sinks.Add(console);

            TcpHeldConnection? connection = null;
            if (o.Tcp is { } tcp)
            {
                connection = new TcpHeldConnection(tcp, cli.Time);
                disposables.Add(connection);
                if (await connection.ConnectAsync(ct).ConfigureAwait(false) is { } connectError)
                    return cli.Fail(ExitCodes.Environment, Verb, $"--tcp {tcp}: cannot connect: {connectError}");
            }

            // SIGTERM ends a watch as Ctrl-C does, with the summary and then exit 130: both cancel ct (Interrupts).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var ticking = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var ticker = live ? TickAsync(console, cli.Time, ticking.Token) : Task.CompletedTask;
            WatchSummary summary;
            try
            {
                summary = await watcher.RunAsync(new WatchSinks(sinks), connection, stop.Token).ConfigureAwait(false);
            }
            catch (WatchLogException e)
            {
                console.End();
                return cli.Fail(ExitCodes.Environment, Verb, e.Message);
            }
            finally
            {
                await ticking.CancelAsync().ConfigureAwait(false);
                await ticker.ConfigureAwait(false);
            }
            console.End();
            WatchRenderer.Render(summary, o.Json, output, cli.Output);
            // Ctrl-C or SIGTERM: the summary above holds the verdict; the exit says the run was cut short, as every verb's does.
            if (ct.IsCancellationRequested) return cli.Fail(ExitCodes.Interrupted, Verb, "interrupted");
            return summary.Verdict == Verdict.Healthy ? ExitCodes.Healthy : ExitCodes.Problem;
        }
        finally
        {
            for (int i = disposables.Count - 1; i >= 0; i--) disposables[i].Dispose();
        }
    }

    private static async Task TickAsync(WatchConsole console, TimeProvider time, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stop).ConfigureAwait(false);
                console.Tick();
            }
        }
        catch (OperationCanceledException)
        {
            // The watch ended.
        }
    }

    private static bool TryParse(WatchCommandDefinition def, ParseResult parse, out Options options, out string error)
    {
        options = null!;
        error = "";
        var vips = parse.GetValue(def.Vips)!.ToList();
        TimeSpan interval = parse.GetValue(def.Interval), wait = parse.GetValue(def.Wait);
        if (wait >= interval)
        {
            error = $"--wait {parse.GetValue(def.Wait)} must be shorter than --interval {parse.GetValue(def.Interval)}";
            return false;
        }
        int rate = parse.GetValue(def.Rate);
        TimeSpan? duration = parse.GetValue(def.Duration)?.Value;
        var logPath = parse.GetValue(def.Log);
        bool resume = parse.GetValue(def.Resume);
        if (resume && logPath is null)
        {
            error = "--resume needs --log FILE (the events to carry on from)";
            return false;
        }
        IPEndPoint? tcp = null;
        if (parse.GetValue(def.Tcp) is { } tcpText)
        {
            if (!TryEndpoint("--tcp", tcpText, out tcp, out error)) return false;
            if (!vips.Contains(Ipv4Address.FromIPAddress(tcp!.Address)))
            {
                error = $"--tcp {tcpText}: the host must be one of the watched VIPs";
                return false;
            }
        }
        IPEndPoint? metrics = null;
        if (parse.GetValue(def.MetricsEndpoint) is { } metricsText && !TryEndpoint("--metrics", metricsText, out metrics, out error))
            return false;
        options = new Options(vips, interval, wait, rate, duration, logPath, resume, tcp, metrics, parse.GetValue(def.Source), parse.GetValue(def.Format) == "json");
        error = "";
        return true;
    }

    /// <summary><c>ADDR:PORT</c> with an IPv4 address; <c>:PORT</c> means every address.</summary>
    internal static bool TryEndpoint(string option, string text, out IPEndPoint? endpoint, out string error)
    {
        endpoint = null;
        error = $"{option} '{text}' is not ADDR:PORT (e.g. 203.0.113.10:443)";
        int colon = text.LastIndexOf(':');
        if (colon < 0) return false;
        var host = text[..colon];
        if (!int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            return false;
        Ipv4Address address = Ipv4Address.Any;
        if (host.Length > 0 && !Ipv4Address.TryParse(host, out address)) return false;
        endpoint = new IPEndPoint(address.ToIPAddress(), port);
        error = "";
        return true;
    }
}
