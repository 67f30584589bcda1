using ArpDoctor.Core.Watching;

namespace ArpDoctor.Cli.Watch;

/// <summary>A write to the event log failed: the watch stops rather than lose events silently.</summary>
public sealed class WatchLogException(string message) : Exception(message);

/// <summary>
/// The JSON-lines event log a user owns: opened for appending, never truncated, every event written
/// with one <c>write</c> call and fsynced before the next, so a crash or <c>kill -9</c> leaves only whole
/// lines. When an earlier run was cut mid-line (its last byte is not <c>\n</c>), the first event of this
/// run starts on a new line; old bytes are never rewritten.
/// </summary>
public sealed class WatchLogFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _startOnNewLine;

    private WatchLogFile(string path, FileStream stream, bool startOnNewLine)
    {
        Path = path;
        _stream = stream;
        _startOnNewLine = startOnNewLine;
    }

    public string Path { get; }

    /// <summary>Opens (creating it when missing); the error is one sentence naming the file.</summary>
    public static (WatchLogFile? Log, string? Error) Open(string path)
    {
        FileStream stream;
        try
        {
            // bufferSize 0: each Write is one write(2) of the whole line, nothing lingers in a user-space buffer.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot open log {path}: {Reason(e)}");
        }
        try
        {
            bool cut = false;
            if (stream.CanSeek && stream.Length > 0)
            {
                stream.Seek(-1, SeekOrigin.End);
                cut = stream.ReadByte() != '\n';
            }
            if (stream.CanSeek) stream.Seek(0, SeekOrigin.End);
            return (new WatchLogFile(path, stream, cut), null);
        }
        catch (IOException e)
        {
            stream.Dispose();
            return (null, $"cannot read log {path}: {Reason(e)}");
        }
    }

    /// <summary>Appends one event and fsyncs; throws <see cref="WatchLogException"/> when the disk refuses.</summary>
    public void Append(WatchEvent e)
    {
        var line = WatchLogFormat.ToLine(e);
        if (_startOnNewLine)
        {
            var withBreak = new byte[line.Length + 1];
            withBreak[0] = (byte)'\n';
            line.CopyTo(withBreak, 1);
            line = withBreak;
        }
        long before = _stream.CanSeek ? _stream.Length : -1;
        try
        {
            _stream.Write(line);
            _stream.Flush(flushToDisk: true);
            _startOnNewLine = false;
        }
        catch (IOException ex)
        {
            // A short write (disk full) may have left part of our own line: take back only those bytes.
            try
            {
                if (before >= 0 && _stream.Length > before) _stream.SetLength(before);
            }
            catch (IOException)
            {
                // The next run starts on a new line anyway.
            }
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

    public void Dispose() => _stream.Dispose();
}
