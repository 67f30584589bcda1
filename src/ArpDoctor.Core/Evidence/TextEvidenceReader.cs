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
        if (ArpwatchLines.IsSignature(line)) return EvidenceKind.Arpwatch;
        if (AddrwatchLines.IsSignature(line)) return EvidenceKind.Addrwatch;
        if (NeighbourLines.IsSignature(line)) return EvidenceKind.NeighbourCache;
        if (LooksLikeArpDoctorJson(line)) return EvidenceKind.ArpDoctorJson;
        return null;
    }

    /// <summary>Reads everything; returns the kind recognised, or an error naming the line that could not be placed.</summary>
    /// <param name="written">When the evidence was last written (a file's modification time): dates syslog stamps that have no year.</param>
    public static (EvidenceKind? Kind, EvidenceError? Error) Read(TextReader text, EvidenceAnalysis analysis, int maxLineLength = BoundedLineReader.DefaultMaxLineLength,
        DateTimeOffset? written = null)
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
                    "not recognised as arping, arp-scan, tcpdump, arpwatch, addrwatch, neighbour-cache (ip neigh, arp -a), arpdoctor JSON, watch-log or capture output " +
                    "(no line like 'Unicast reply from ...', '60 bytes from ...', 'IP<TAB>MAC', '... ARP, Reply IP is-at MAC', 'arpwatch: flip flop IP MAC (MAC)', " +
                    "'TIME IF VLAN MAC IP ARP_REP', 'IP dev IF lladdr MAC STATE', '? (IP) at MAC [ether] on IF', '\"probesSent\": N', '\"results\": [', or a watch JSON object" +
                    (held.Count >= MaxDetectLines || heldChars >= MaxDetectChars ? $" in the first {held.Count} lines)" : ")"), u.Number, u.Text));
            return (null, new EvidenceError(held.Count == 0 ? "empty input" : "no ARP evidence: only blank lines, separators and time stamps"));
        }

        var sink = new LineSink(k, analysis, written);
        long number = 0;
        foreach (var (line, truncated) in held)
            if (sink.Line(line, ++number, truncated, maxLineLength) is { } error) return (k, error);
        held.Clear();
        while (reader.ReadLine(out var truncated) is { } line)
            if (sink.Line(line, ++number, truncated, maxLineLength) is { } error) return (k, error);
        return (k, sink.End(number));
    }

    /// <summary>A line shaped like a watch-log object; whether it is a valid one is <see cref="WatchLogFormat"/>'s call.</summary>
    public static bool LooksLikeWatchLine(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        return line.StartsWith('{') && line.Contains("\"event\"", StringComparison.Ordinal) && line.Contains("\"vip\"", StringComparison.Ordinal);
    }

    /// <summary>
    /// A line of <c>arpdoctor probe|scan -o json</c>: the <c>"probesSent"</c> member both write, alone on its line (indented
    /// output) or inside a one-line document; or the scan's opening <c>"results": [</c> (its <c>probesSent</c> comes after
    /// all the results, too late to recognise a large scan by).
    /// </summary>
    public static bool LooksLikeArpDoctorJson(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        if (line.StartsWith("\"probesSent\":", StringComparison.Ordinal)) return true;
        if (line.SequenceEqual("\"results\": [") || line.SequenceEqual("\"results\":[")) return true;
        return line.StartsWith('{') && line.Contains("\"probesSent\":", StringComparison.Ordinal)
            && (line.Contains("\"vip\":", StringComparison.Ordinal) || line.Contains("\"results\":", StringComparison.Ordinal));
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

    private sealed class LineSink(EvidenceKind kind, EvidenceAnalysis analysis, DateTimeOffset? written)
    {
        private readonly ArpingRunAssembler? _arping = kind is EvidenceKind.IputilsArping or EvidenceKind.HabetsArping ? new ArpingRunAssembler(analysis, kind) : null;
        private readonly ArpScanRunAssembler? _scan = kind == EvidenceKind.ArpScan ? new ArpScanRunAssembler(analysis) : null;
        private readonly WatchLogFeeder? _watch = kind == EvidenceKind.WatchLog ? new WatchLogFeeder(analysis) : null;
        private readonly CaptureAssembler? _capture = kind == EvidenceKind.Tcpdump ? new CaptureAssembler(analysis) : null;
        private readonly ResolutionFeeder? _resolutions = kind is EvidenceKind.Arpwatch or EvidenceKind.NeighbourCache ? new ResolutionFeeder(analysis) : null;
        private readonly AddrwatchAssembler? _addrwatch = kind == EvidenceKind.Addrwatch ? new AddrwatchAssembler(analysis) : null;
        private readonly ArpDoctorJsonFeeder? _json = kind == EvidenceKind.ArpDoctorJson ? new ArpDoctorJsonFeeder(analysis) : null;
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
            if (_resolutions is not null || _addrwatch is not null || _json is not null)
                return OtherTool(text, number, truncated, max);
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

        /// <summary>
        /// arpwatch, addrwatch, neighbour snapshots: their lines are read, everything else (other programs' syslog lines,
        /// prompts, headers) is skipped. ArpDoctor's JSON is read whole: a line of it that cannot be read is an error.
        /// </summary>
        private EvidenceError? OtherTool(string text, long number, bool truncated, int max)
        {
            if (_json is not null)
            {
                if (truncated) return new EvidenceError($"line longer than {max} characters", number, text);
                return _json.Line(text, number);
            }
            if (truncated) return null;
            if (_addrwatch is not null)
            {
                if (AddrwatchLines.TryParse(text, out var seen)) _addrwatch.Line(seen);
                return null;
            }
            if (kind == EvidenceKind.Arpwatch)
            {
                if (!ArpwatchLines.TryParse(text, _lastTime, out var report, written)) return null;
                if (report.Time is { } t) _lastTime = t;
                // A change whose old MAC this log never showed (it starts mid-story) is still a change.
                if (report.Previous is { } old && report.Event != ArpwatchEvent.NewStation && !_resolutions!.Seen(report.Ip))
                    _resolutions.Observe(report.Ip, old, report.Time);
                _resolutions!.Observe(report.Ip, report.Mac, report.Time);
                return null;
            }
            if (DateStamps.TryParse(text, out var stamp))
            {
                _lastTime = stamp;
                return null;
            }
            if (NeighbourLines.TryParse(text, out var entry)) _resolutions!.Observe(entry.Ip, entry.Mac, _lastTime);
            return null;
        }

        public EvidenceError? End(long number)
        {
            _arping?.End(number);
            _scan?.End(number);
            _watch?.End();
            _capture?.End();
            _resolutions?.End();
            _addrwatch?.End();
            return _json?.End(number);
        }
    }
}
