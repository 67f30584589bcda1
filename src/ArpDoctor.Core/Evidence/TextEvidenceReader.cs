using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Watching;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Recognises text evidence by its content (the formats of an <see cref="EvidenceRegistry"/>) and opens its reader.
/// Lines are held only until the kind is known (at most <see cref="MaxDetectLines"/>); after that, memory
/// stays bounded whatever the input size.
/// </summary>
public static class TextEvidenceReader
{
    public const int MaxDetectLines = 10_000;
    /// <summary>Characters held while recognising, whatever the line lengths.</summary>
    public const int MaxDetectChars = 1 << 20;

    /// <summary>Which kind of text evidence one line is a signature of, if any (the first built-in format that claims it).</summary>
    public static EvidenceKind? Recognise(string line) => EvidenceRegistry.Default.Recognise(line)?.Kind;

    /// <summary>Reads everything; returns the kind recognised, or an error naming the line that could not be placed.</summary>
    /// <param name="written">When the evidence was last written (a file's modification time): dates syslog stamps that have no year.</param>
    public static (EvidenceKind? Kind, EvidenceError? Error) Read(TextReader text, EvidenceAnalysis analysis, int maxLineLength = BoundedLineReader.DefaultMaxLineLength,
        DateTimeOffset? written = null)
    {
        var (source, error) = Open(text, new EvidenceOptions(analysis.OnlyVip, written, maxLineLength));
        if (source is null) return (null, error);
        return (source.Kind, source.ReadInto(analysis));
    }

    /// <summary>
    /// Recognises text by the first line a format of <paramref name="registry"/> claims (<see cref="EvidenceRegistry.Default"/>
    /// when not given) and opens it: the source, whose lines start again from the first and are read in blocks where
    /// another format's line starts one (<see cref="TextBlocks"/>); or an error naming the first line that could not be placed.
    /// </summary>
    public static (EvidenceSource? Source, EvidenceError? Error) Open(TextReader text, EvidenceOptions options, EvidenceRegistry? registry = null)
    {
        registry ??= EvidenceRegistry.Default;
        var reader = new BoundedLineReader(text, options.MaxLineLength);
        var held = new List<(string Line, bool Truncated)>();
        EvidenceFormat? format = null;
        (long Number, string Text)? firstUnplaced = null;
        long heldChars = 0;
        while (format is null)
        {
            var line = reader.ReadLine(out var truncated);
            if (line is null) break;
            held.Add((line, truncated));
            if (!truncated) format = registry.Claim(line);
            if (format is null && firstUnplaced is null && !IsFiller(line)) firstUnplaced = (reader.LineNumber, line);
            heldChars += line.Length;
            if (held.Count >= MaxDetectLines || heldChars >= MaxDetectChars) break;
        }
        if (format is null)
        {
            if (firstUnplaced is { } u)
                return (null, new EvidenceError(
                    "not recognised as arping, arp-scan, tcpdump, tshark, arpwatch, addrwatch, neighbour-cache (ip neigh, arp -a), arp table (arp -n, BSD arp -a), " +
                    "BSD kernel log, MetalLB, kube-vip or keepalived log, arpdoctor JSON, watch-log or capture output " +
                    "(no line like 'Unicast reply from ...', '60 bytes from ...', 'IP<TAB>MAC', '... ARP, Reply IP is-at MAC', '1 0.000000 MAC → Broadcast ARP 42 Who has IP? Tell IP', " +
                    "'arpwatch: flip flop IP MAC (MAC)', 'TIME IF VLAN MAC IP ARP_REP', 'IP dev IF lladdr MAC STATE', '? (IP) at MAC [ether] on IF', 'IP ether MAC C IF', " +
                    "'kernel: arp: IP moved from MAC to MAC on IF', '\"event\":\"serviceAnnounced\"', 'Broadcasting ARP update for IP (MAC)', '(VI_1) Entering MASTER STATE', '\"probesSent\": N', '\"results\": [', or a watch JSON object" +
                    (held.Count >= MaxDetectLines || heldChars >= MaxDetectChars ? $" in the first {held.Count} lines)" : ")"), u.Number, u.Text));
            return (null, new EvidenceError(held.Count == 0 ? "empty input" : "no ARP evidence: only blank lines, separators and time stamps"));
        }
        return (EvidenceSource.OfText(format, Lines(held, reader), options, registry), null);
    }

    /// <summary>The lines held while recognising, then the rest as they are read; each line once.</summary>
    private static IEnumerable<TextLine> Lines(List<(string Line, bool Truncated)> held, BoundedLineReader reader)
    {
        long number = 0;
        for (int i = 0; i < held.Count; i++) yield return new TextLine(held[i].Line, ++number, held[i].Truncated);
        held.Clear();
        while (reader.ReadLine(out var truncated) is { } line) yield return new TextLine(line, ++number, truncated);
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
}
