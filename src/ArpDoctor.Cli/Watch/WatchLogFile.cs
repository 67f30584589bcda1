using ArpDoctor.Core.History;
using ArpDoctor.Core.Watching;
using ArpDoctor.Linux.Files;

namespace ArpDoctor.Cli.Watch;

/// <summary>A write to the event log failed: the watch stops rather than lose events silently.</summary>
public sealed class WatchLogException(string message) : Exception(message);

/// <summary>
/// The JSON-lines event log a user owns: opened for appending (O_APPEND), never truncated, every event written
/// with one <c>write</c> call and fsynced before the next, so a crash or <c>kill -9</c> leaves only whole lines and
/// two watches sharing one log interleave whole lines. When the log ends mid-line (an earlier run was cut), the
/// first event of this run starts on a new line; old bytes are never rewritten.
/// </summary>
public sealed class WatchLogFile : IDisposable
{
    private readonly AppendOnlyFile _file;
    private bool _startOnNewLine;

    private WatchLogFile(string path, AppendOnlyFile file, bool startOnNewLine)
    {
        Path = path;
        _file = file;
        _startOnNewLine = startOnNewLine;
    }

    public string Path { get; }

    /// <summary>Opens (creating it when missing); the error is one sentence naming the file.</summary>
    public static (WatchLogFile? Log, string? Error) Open(string path)
    {
        if (Directory.Exists(path)) return (null, $"cannot open log {path}: it is a directory");
        AppendOnlyFile file;
        try
        {
            file = AppendOnlyFile.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot open log {path}: {Reason(e)}");
        }
        try
        {
            return (new WatchLogFile(path, file, file.LastByte() is { } last && last != '\n'), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file.Dispose();
            return (null, $"cannot read log {path}: {Reason(e)}");
        }
    }

    /// <summary>Appends one event and fsyncs; throws <see cref="WatchLogException"/> when the disk refuses.</summary>
    public void Append(WatchEvent e) => Append(WatchLogFormat.ToLine(e));

    /// <summary>Appends one line of the log (<see cref="WatchLogFormat"/>, ending in a newline) and fsyncs.</summary>
    public void Append(byte[] line)
    {
        if (_startOnNewLine)
        {
            var withBreak = new byte[line.Length + 1];
            withBreak[0] = (byte)'\n';
            line.CopyTo(withBreak, 1);
            line = withBreak;
        }
        try
        {
            _file.Append(line);
            _startOnNewLine = false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A short write (disk full) may leave part of a line. It is not taken back: another writer may have
            // appended after it. Readers skip a cut line; the next event starts on a new line.
            _startOnNewLine = true;
            throw new WatchLogException($"cannot write to log {Path}: {Reason(ex)}");
        }
    }

    private static string Reason(Exception e)
    {
        var message = e.Message;
        int at = message.IndexOf(" : '", StringComparison.Ordinal);
        return (at > 0 ? message[..at] : message).TrimEnd('.', ' ');
    }

    /// <summary>The lines of an existing log, for <c>--resume</c>; empty when there is none yet.</summary>
    public static IReadOnlyList<string> ReadLines(string path) =>
        File.Exists(path) ? File.ReadAllLines(path) : [];

    public void Dispose() => _file.Dispose();
}
