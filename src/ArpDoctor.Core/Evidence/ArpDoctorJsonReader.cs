using System.Text;
using System.Text.Json;
using ArpDoctor.Core.Json;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Reads back what <c>arpdoctor probe -o json</c> (<see cref="ProbeDocument"/>) and <c>arpdoctor scan -o json</c>
/// (<see cref="ScanDocument"/>) write, indented or on one line, one or several in a row, with <c>date</c> stamps between
/// them as a loop script writes them, and yields each document's rounds. Each document is deserialized whole through
/// <see cref="ArpDoctorJsonContext"/>, the contract the writers use; a document is held until it ends, so one larger than
/// the reader's bound (<see cref="DefaultMaxDocumentBytes"/>) is an error, not a growing heap.
/// <para>
/// A probe document is one round per probe sent, its replies in their order; a scan's result is one round per VIP, its
/// responders in the order listed (first to reply first), each repeated as many times as it replied (up to
/// <see cref="MaxRepliesPerResponder"/>). The documents carry no clock: a stamp before one dates its first round, later
/// probes are <see cref="ProbeRequest.DefaultInterval"/> apart (probe's default) and a reply comes its round trip after
/// its probe. Without a stamp, nothing has a time.
/// </para>
/// </summary>
public sealed class ArpDoctorJsonReader(int maxDocumentBytes = ArpDoctorJsonReader.DefaultMaxDocumentBytes)
{
    /// <summary>
    /// Largest document held: a scan of every target <c>scan</c> takes (65 536) with several responders each is a few
    /// megabytes, a probe of 100 000 probes answered by three MACs about 25 MiB.
    /// </summary>
    public const int DefaultMaxDocumentBytes = 64 << 20;
    /// <summary>Most probes one document may claim; beyond this it is not output of a real run.</summary>
    public const int MaxProbes = 10_000_000;
    /// <summary>A scan responder's reply count is taken one reply at a time, up to this many.</summary>
    public const int MaxRepliesPerResponder = 1000;

    private const string Neither =
        "a JSON document that is neither 'arpdoctor probe -o json' nor 'arpdoctor scan -o json' output (no 'vip' or 'results')";

    private byte[] _buffer = new byte[4096];
    private int _length;        // bytes of the open document
    private int _scanned;       // of which the framing pass has read
    private JsonReaderState _state;
    private bool _inDocument;
    private long _firstLine;
    private DateTimeOffset? _stamp, _documentTime;
    private bool _sawVip, _sawResults, _sawProbesSent;

    /// <summary>Documents read to their end.</summary>
    public long Documents { get; private set; }

    /// <summary>Why <see cref="Read"/> stopped before the end of its text; null when it read it all.</summary>
    public EvidenceError? Error { get; private set; }

    /// <summary>
    /// The producer: every round of the text, in order. It stops at the first line that cannot be read; then
    /// <see cref="Error"/> says which and why.
    /// </summary>
    public IEnumerable<Observation> Read(TextReader text, int maxLineLength = BoundedLineReader.DefaultMaxLineLength)
    {
        Error = null;
        var lines = new BoundedLineReader(text, maxLineLength);
        while (lines.ReadLine(out var truncated) is { } line)
        {
            if (truncated)
            {
                Error = new EvidenceError($"line longer than {maxLineLength} characters", lines.LineNumber, line);
                yield break;
            }
            var error = Line(line, lines.LineNumber, out var observed);
            foreach (var observation in observed) yield return observation;
            if (error is not null)
            {
                Error = error;
                yield break;
            }
        }
        Error = End(lines.LineNumber);
    }

    /// <summary>
    /// One line of text, numbered <paramref name="number"/>; null when it was read, else what is wrong and where (a bad
    /// value names its own line, which may be before this one). When a document ends on this line,
    /// <paramref name="observations"/> are its rounds, to be taken before the next line.
    /// </summary>
    public EvidenceError? Line(string text, long number, out IEnumerable<Observation> observations)
    {
        observations = [];
        if (!_inDocument)
        {
            var trimmed = text.AsSpan().Trim();
            if (trimmed.IsEmpty) return null;
            if (DateStamps.TryParse(trimmed, out var stamp))
            {
                _stamp = stamp;
                return null;
            }
            // Anything else between documents (a shell prompt, the command line) is not evidence.
            if (trimmed[0] != '{') return null;
            StartDocument(number);
        }
        int bytes = Encoding.UTF8.GetByteCount(text) + 1;
        if ((long)_length + bytes > maxDocumentBytes)
        {
            EndDocument();
            return new EvidenceError($"a JSON document larger than {Size(maxDocumentBytes)}, more than any probe or scan writes", number, text);
        }
        if (_length + bytes > _buffer.Length) Array.Resize(ref _buffer, (int)Math.Min(maxDocumentBytes, Math.Max(_length + bytes, 2L * _buffer.Length)));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
        _buffer[_length++] = (byte)'\n';
        int end;
        try
        {
            end = Frame();
        }
        catch (JsonException e)
        {
            EndDocument();
            // The reader's own position counts from where it was started, not the file's lines: the line number is ours.
            var message = e.Message;
            int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return new EvidenceError($"not valid JSON: {(at > 0 ? message[..at] : message)}", number, text);
        }
        if (end < 0) return null;
        var document = _buffer.AsSpan(0, end);
        bool restIsBlank = IsBlank(_buffer.AsSpan(end, _length - end));
        var error = Observe(document, number, text, out observations);
        EndDocument();
        if (error is not null) return error;
        // The document ended on this line: what follows it on the line must be nothing.
        return restIsBlank ? null : new EvidenceError("text after the end of a JSON document", number, text);
    }

    /// <summary>At the end of the text, after line <paramref name="lastLine"/>: an unfinished document is an error.</summary>
    public EvidenceError? End(long lastLine) =>
        _inDocument ? new EvidenceError($"the input ends inside a JSON document (after line {lastLine})") : null;

    private void StartDocument(long number)
    {
        _inDocument = true;
        _length = _scanned = 0;
        _state = new JsonReaderState(new JsonReaderOptions { MaxDepth = 64 });
        _firstLine = number;
        _sawVip = _sawResults = _sawProbesSent = false;
        _documentTime = _stamp;
        _stamp = null;
    }

    private void EndDocument()
    {
        _inDocument = false;
        _length = _scanned = 0;
        // Give back what a large document made the buffer grow to.
        if (_buffer.Length > 1 << 20) _buffer = new byte[4096];
    }

    /// <summary>
    /// Reads the tokens appended since the last call, noting the document's top-level keys; the length of the document
    /// when it ended, else -1.
    /// </summary>
    private int Frame()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_scanned, _length - _scanned), isFinalBlock: false, _state);
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("vip"u8)) _sawVip = true;
                else if (reader.ValueTextEquals("results"u8)) _sawResults = true;
                else if (reader.ValueTextEquals("probesSent"u8)) _sawProbesSent = true;
            }
            else if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.EndObject)
                return _scanned + (int)reader.BytesConsumed;
        }
        _scanned += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        return -1;
    }

    private EvidenceError? Observe(ReadOnlySpan<byte> document, long number, string text, out IEnumerable<Observation> observations)
    {
        observations = [];
        Documents++;
        if (_sawVip && _sawResults) return new EvidenceError("a document with both 'vip' and 'results'", number, text);
        if (!_sawVip && !_sawResults) return new EvidenceError(Neither, number, text);
        try
        {
            string? problem;
            if (_sawVip)
            {
                var probe = JsonSerializer.Deserialize(document, ArpDoctorJsonContext.Default.ProbeDocument)!;
                problem = _sawProbesSent ? Check(probe) : "a probe document without 'probesSent'";
                if (problem is null) observations = Rounds(probe, _documentTime);
            }
            else
            {
                var scan = JsonSerializer.Deserialize(document, ArpDoctorJsonContext.Default.ScanDocument)!;
                problem = Check(scan);
                if (problem is null) observations = Rounds(scan, _documentTime);
            }
            return problem is null ? null : new EvidenceError(problem, number, text);
        }
        catch (JsonException e)
        {
            // The serializer counts lines from the document's first (0); a bad value names its own line.
            long line = e.LineNumber is { } l ? _firstLine + l : number;
            return new EvidenceError(Describe(e), line, line == number ? text : LineOf(document, line - _firstLine));
        }
    }

    /// <summary><c>'mac' is not a MAC address (at replies[0].mac)</c>: the key, what is wrong with its value, and where.</summary>
    private static string Describe(JsonException e)
    {
        var path = e.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
        int dot = path?.LastIndexOf('.') ?? -1;
        var key = path is null ? null : path[(dot + 1)..];
        var what = e is JsonValueException ? e.Message : "holds a value of the wrong kind";
        return key is null ? $"a document that is not what arpdoctor writes: {what}" : $"'{key}' {what} (at {path})";
    }

    private static string? Check(ProbeDocument probe)
    {
        if (probe.ProbesSent is < 0 or > MaxProbes) return $"'probesSent' is not a count from 0 to {MaxProbes}";
        var replies = probe.Replies ?? [];
        int open = 0;
        for (int i = 0; i < replies.Count; i++)
        {
            var reply = replies[i];
            if (reply.Probe < 1 || reply.Mac == default) return $"a reply without 'probe' and 'mac' (at replies[{i}])";
            if (reply.RttMs is < 0 or >= 3_600_000 || double.IsNaN(reply.RttMs))
                return $"a reply's 'rttMs' is not a round trip in milliseconds (at replies[{i}])";
            if (reply.Probe < open) return $"a reply to probe {reply.Probe} after replies to probe {open} (replies are listed in arrival order)";
            open = reply.Probe;
        }
        return open > probe.ProbesSent ? $"replies to probe {open} of {probe.ProbesSent} sent" : null;
    }

    private static string? Check(ScanDocument scan)
    {
        var results = scan.Results ?? [];
        for (int i = 0; i < results.Count; i++)
        {
            if (results[i] is not { } result || result.Vip == default) return $"a scan result without 'vip' (at results[{i}])";
            var responders = result.Responders ?? [];
            for (int j = 0; j < responders.Count; j++)
            {
                if (responders[j].Mac == default) return $"a responder without 'mac' (at results[{i}].responders[{j}])";
                if (responders[j].Replies < 0) return $"a responder's 'replies' is not a count (at results[{i}].responders[{j}])";
            }
        }
        return null;
    }

    /// <summary>One round per probe sent, numbered from 1; replies were checked to be in probe order.</summary>
    private static IEnumerable<Observation> Rounds(ProbeDocument probe, DateTimeOffset? start)
    {
        var replies = probe.Replies ?? [];
        int next = 0;
        for (int k = 1; k <= probe.ProbesSent; k++)
        {
            DateTimeOffset? sent = start is { } t ? t + ProbeRequest.DefaultInterval * (k - 1) : null;
            var heard = new List<Reply>();
            for (; next < replies.Count && replies[next].Probe == k; next++)
            {
                var rtt = TimeSpan.FromMilliseconds(replies[next].RttMs);
                heard.Add(new Reply(replies[next].Mac, sent + rtt, rtt));
            }
            yield return new Round(sent, probe.Vip, heard);
        }
    }

    /// <summary>One round per result, at the document's time: each responder's replies together, the first to reply first.</summary>
    private static IEnumerable<Observation> Rounds(ScanDocument scan, DateTimeOffset? time)
    {
        foreach (var result in scan.Results ?? [])
        {
            var heard = new List<Reply>();
            foreach (var responder in result.Responders ?? [])
                for (int i = 0; i < Math.Clamp(responder.Replies, 1, MaxRepliesPerResponder); i++)
                    heard.Add(new Reply(responder.Mac, time));
            yield return new Round(time, result.Vip, heard);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }

    /// <summary>Line <paramref name="index"/> (0 the first) of the document, as text.</summary>
    private static string LineOf(ReadOnlySpan<byte> document, long index)
    {
        for (long i = 0; i < index; i++)
        {
            int newline = document.IndexOf((byte)'\n');
            if (newline < 0) return "";
            document = document[(newline + 1)..];
        }
        int end = document.IndexOf((byte)'\n');
        return Encoding.UTF8.GetString(end < 0 ? document : document[..end]);
    }

    private static string Size(int bytes) => bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";
}
