using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Watching;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Recognises text evidence by its content and feeds it, line by line, to an <see cref="EvidenceAnalysis"/>.
/// Lines are held only until the kind is known (at most <see cref="MaxDetectLines"/>); after that, memory
/// stays bounded whatever the input size.
/// </summary>
public static class TextEvidenceReader
{
    public const int MaxDetectLines = 10_000;
    /// <summary>Characters held while recognising, whatever the line lengths.</summary>
    public const int MaxDetectChars = 1 << 20;

    /// <summary>Which kind of text evidence one line is a signature of, if any.</summary>
    public static EvidenceKind? Recognise(string line)
    {
        if (LooksLikeWatchLine(line)) return EvidenceKind.WatchLog;
        if (IputilsArpingLines.Parse(line).IsSignature) return EvidenceKind.IputilsArping;
        if (HabetsArpingLines.Parse(line).IsSignature) return EvidenceKind.HabetsArping;
        if (ArpScanLines.Parse(line).IsSignature) return EvidenceKind.ArpScan;
        if (TcpdumpArpLines.IsSignature(line)) return EvidenceKind.Tcpdump;
        return null;
    }

    /// <summary>Reads everything; returns the kind recognised, or an error naming the line that could not be placed.</summary>
    public static (EvidenceKind? Kind, EvidenceError? Error) Read(TextReader text, EvidenceAnalysis analysis, int maxLineLength = BoundedLineReader.DefaultMaxLineLength)
    {
        var reader = new BoundedLineReader(text, maxLineLength);
        var held = new List<(string Line, bool Truncated)>();
        EvidenceKind? kind = null;
        (long Number, string Text)? firstUnplaced = null;
        long heldChars = 0;
        while (kind is null)
        {
            var line = reader.ReadLine(out var truncated);
            if (line is null) break;
            held.Add((line, truncated));
            if (!truncated) kind = Recognise(line);
            if (kind is null && firstUnplaced is null && !IsFiller(line)) firstUnplaced = (reader.LineNumber, line);
            heldChars += line.Length;
            if (held.Count >= MaxDetectLines || heldChars >= MaxDetectChars) break;
        }
        if (kind is not { } k)
        {
            if (firstUnplaced is { } u)
                return (null, new EvidenceError(
                    "not recognised as arping, arp-scan, tcpdump, watch-log or capture output (no line like 'Unicast reply from ...', '60 bytes from ...', 'IP<TAB>MAC', '... ARP, Reply IP is-at MAC', or a watch JSON object" +
                    (held.Count >= MaxDetectLines || heldChars >= MaxDetectChars ? $" in the first {held.Count} lines)" : ")"), u.Number, u.Text));
            return (null, new EvidenceError(held.Count == 0 ? "empty input" : "no ARP evidence: only blank lines, separators and time stamps"));
        }

        var sink = new LineSink(k, analysis);
        long number = 0;
        foreach (var (line, truncated) in held)
            if (sink.Line(line, ++number, truncated, maxLineLength) is { } error) return (k, error);
        held.Clear();
        while (reader.ReadLine(out var truncated) is { } line)
            if (sink.Line(line, ++number, truncated, maxLineLength) is { } error) return (k, error);
        sink.End(number);
        return (k, null);
    }

    /// <summary>A line shaped like a watch-log object; whether it is a valid one is <see cref="WatchLogFormat"/>'s call.</summary>
    public static bool LooksLikeWatchLine(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        return line.StartsWith('{') && line.Contains("\"event\"", StringComparison.Ordinal) && line.Contains("\"vip\"", StringComparison.Ordinal);
    }

    /// <summary>Lines loop scripts add that say nothing: blank, separators, time stamps.</summary>
    public static bool IsFiller(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        if (line.IsEmpty) return true;
        bool letters = false;
        foreach (var c in line) if (char.IsLetterOrDigit(c)) { letters = true; break; }
        return !letters || DateStamps.TryParse(line, out _);
    }

    private sealed class LineSink(EvidenceKind kind, EvidenceAnalysis analysis)
    {
        private readonly ArpingRunAssembler? _arping = kind is EvidenceKind.IputilsArping or EvidenceKind.HabetsArping ? new ArpingRunAssembler(analysis, kind) : null;
        private readonly ArpScanRunAssembler? _scan = kind == EvidenceKind.ArpScan ? new ArpScanRunAssembler(analysis) : null;
        private readonly WatchLogFeeder? _watch = kind == EvidenceKind.WatchLog ? new WatchLogFeeder(analysis) : null;
        private readonly CaptureAssembler? _capture = kind == EvidenceKind.Tcpdump ? new CaptureAssembler(analysis) : null;
        private DateTimeOffset? _lastTime;

        public EvidenceError? Line(string text, long number, bool truncated, int max)
        {
            if (_watch is not null)
            {
                if (string.IsNullOrWhiteSpace(text)) return null;
                if (truncated) return new EvidenceError($"line longer than {max} characters", number, text);
                if (!WatchLogFormat.TryParse(text, out var evt, out var why))
                {
                    // A run killed mid-write leaves one cut line (the next run starts on a new line); watch --resume skips
                    // it, and so does analyze, saying so. A whole line that is wrong is still an error.
                    if (text.TrimEnd().EndsWith('}')) return new EvidenceError(why, number, text);
                    analysis.Warn($"line {number}: cut mid-line (a watch run ended while writing it); skipped");
                    return null;
                }
                _watch.Event(evt!);
                return null;
            }
            if (_capture is not null)
            {
                // tcpdump text is a capture written out: each ARP line is a frame, the rest (its banner, other packets) is noise.
                if (truncated || !TcpdumpArpLines.TryParse(text, _lastTime, out var time, out var frame)) return null;
                _lastTime = time;
                _capture.Observe(time, frame);
                return null;
            }
            var line = kind switch
            {
                EvidenceKind.IputilsArping => IputilsArpingLines.Parse(text),
                EvidenceKind.HabetsArping => HabetsArpingLines.Parse(text),
                _ => ArpScanLines.Parse(text),
            };
            if (line.Kind == LineKind.Noise) return null;
            if (truncated) return new EvidenceError($"line longer than {max} characters", number, text);
            if (line.Kind == LineKind.Malformed) return new EvidenceError(line.Problem!, number, text);
            _arping?.Line(line, number);
            _scan?.Line(line, number);
            return null;
        }

        public void End(long number)
        {
            _arping?.End(number);
            _scan?.End(number);
            _watch?.End();
            _capture?.End();
        }
    }
}
