using ArpDoctor.Core.History;
using ArpDoctor.Core.Observations;
using System.Globalization;
using System.Text;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Text;
using ArpDoctor.Core.Watching;

namespace ArpDoctor.Cli.Watch;

/// <summary>
/// Prints each event as it happens (a text line, or the log's JSON line with <c>-o json</c>) and, on a
/// terminal, keeps one live status line under them: elapsed, remaining, counts, last event.
/// </summary>
public sealed class WatchConsole(TextWriter output, bool json, bool live, TimeProvider time, TimeSpan? duration, WatchSummaryBuilder summary)
    : IWatchSink
{
    private readonly object _lock = new();
    private readonly long _started = time.GetTimestamp();
    private string _last = "none yet";
    private bool _statusShown;

    public void Probed(Ipv4Address vip) { }

    public void RoundEnded(Round round) { }

    public void Ended() { }

    public void Event(WatchEvent e)
    {
        lock (_lock)
        {
            ClearStatus();
            output.WriteLine(json ? Encoding.UTF8.GetString(WatchLogFormat.ToLine(e)).TrimEnd('\n') : Describe(e));
            _last = $"{e.Time.ToLocalTime():HH:mm:ss} {e.Kind.ToWord()} {e.Vip}";
            DrawStatus();
        }
    }

    /// <summary>Redraws the status line (called about once a second).</summary>
    public void Tick()
    {
        lock (_lock)
        {
            ClearStatus();
            DrawStatus();
        }
    }

    /// <summary>Removes the status line before the summary is printed.</summary>
    public void End()
    {
        lock (_lock) ClearStatus();
    }

    private void ClearStatus()
    {
        if (!_statusShown) return;
        output.Write("\r\u001b[2K");
        _statusShown = false;
    }

    private void DrawStatus()
    {
        if (!live) return;
        var elapsed = time.GetElapsedTime(_started);
        var remaining = duration is { } d ? $", {Durations.Format(d - elapsed > TimeSpan.Zero ? d - elapsed : TimeSpan.Zero)} left" : "";
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"watching {Durations.Format(elapsed)}{remaining} · {Words.Count(summary.Rounds, "round")} · {Words.Count(summary.Flaps, "flap")} · {Words.Count(summary.Failovers, "failover")} · last: {_last}"));
        output.Flush();
        _statusShown = true;
    }

    /// <summary>One human line per event.</summary>
    public static string Describe(WatchEvent e)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{e.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z {e.Vip} {e.Kind.ToWord()}");
        if (e.Mac is { } mac) sb.Append(CultureInfo.InvariantCulture, $" {mac}");
        if (e.PreviousMac is { } previous && previous != e.Mac && e.Kind != WatchEventKind.ConnectionDropped) sb.Append(CultureInfo.InvariantCulture, $" (was {previous})");
        if (e.Cause is { } cause) sb.Append(CultureInfo.InvariantCulture, $" cause {cause.ToWord()}");
        if (e.Kind == WatchEventKind.ConnectionDropped)
        {
            sb.Append(CultureInfo.InvariantCulture, $": {e.Reason}");
            sb.Append(e.SinceWinnerChange is { } since ? $", {Durations.Format(since)} after the last winner-changed" : ", no winner-changed before it");
        }
        if (e.Responders.Count > 1) sb.Append(CultureInfo.InvariantCulture, $"; responders {string.Join(", ", e.Responders)}");
        return sb.ToString();
    }
}
