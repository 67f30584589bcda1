using System.Text;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Evidence.Captures;

namespace ArpDoctor.Cli.Analyze;

/// <summary>What reading one input gave: its kind, or why it could not be used.</summary>
public sealed record EvidenceInput(string Name, EvidenceKind? Kind, string? Error, string? Warning, long Frames = 0);

/// <summary>
/// Opens one input (a path or '-'), recognises its kind from the first bytes and feeds it to the analysis:
/// captures through the pcap/pcapng reader, text through the line parsers.
/// </summary>
public static class EvidenceFiles
{
    private const int HeadLength = 4096;

    public static EvidenceInput Read(string name, EvidenceAnalysis analysis, Func<Stream> openStandardInput, CancellationToken ct)
    {
        if (name != "-" && Directory.Exists(name)) return new EvidenceInput(name, null, "is a directory", null);
        Stream stream;
        try
        {
            stream = name == "-" ? openStandardInput() : File.OpenRead(name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new EvidenceInput(name, null, e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            }, null);
        }
        using (stream)
        {
            var head = new byte[HeadLength];
            int length = ReadHead(stream, head);
            if (CaptureMagic.Detect(head.AsSpan(0, length)) is { } captureKind)
                return ReadCapture(name, captureKind, stream, head, length, analysis, ct);
            if (CaptureMagic.WhyNotText(head.AsSpan(0, length)) is { } why)
                return new EvidenceInput(name, null, why, null);
            using var text = new StreamReader(new PeekedStream(head, length, stream), new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
            // Syslog stamps carry no year: the file's modification time (now, for what is piped in) says which.
            DateTimeOffset written = stream is FileStream { CanSeek: true } ? File.GetLastWriteTimeUtc(name) : DateTimeOffset.UtcNow;
            var (kind, error) = TextEvidenceReader.Read(text, analysis, written: written);
            return new EvidenceInput(name, kind, error?.ToString(), null);
        }
    }

    /// <summary>
    /// Several files of one incident are read in the order of their first time: files without a clock (and standard
    /// input, which cannot be read twice) first, in the order given, then the others by time.
    /// </summary>
    public static IReadOnlyList<(string File, DateTimeOffset? First)> InTimeOrder(string[] files, Core.Packets.Ipv4Address? vip, CancellationToken ct)
    {
        if (files.Length < 2) return [.. files.Select(f => (f, (DateTimeOffset?)null))];
        return files.Select((f, i) => (File: f, First: FirstClock(f, vip, ct), Index: i))
            .OrderBy(x => x.First is not null).ThenBy(x => x.First ?? DateTimeOffset.MinValue).ThenBy(x => x.Index)
            .Select(x => (x.File, x.First))
            .ToList();
    }

    /// <summary>
    /// The first time the evidence in a file gives (to read several files in time order); null for standard input, a
    /// pipe (neither can be read twice) and evidence without a clock early on.
    /// </summary>
    public static DateTimeOffset? FirstClock(string name, Core.Packets.Ipv4Address? onlyVip, CancellationToken ct)
    {
        if (name == "-" || Directory.Exists(name)) return null;
        try
        {
            using (var probe = File.OpenRead(name))
                if (!probe.CanSeek) return null;
            Read(name, EvidenceAnalysis.FirstClockFinder(onlyVip), () => Stream.Null, ct);
        }
        catch (FirstClockReading found)
        {
            return found.Time;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Reading it for real says what is wrong.
        }
        return null;
    }

    private static int ReadHead(Stream stream, byte[] head)
    {
        int length = 0;
        while (length < head.Length)
        {
            int n = stream.Read(head, length, head.Length - length);
            if (n == 0) break;
            length += n;
        }
        return length;
    }

    private static EvidenceInput ReadCapture(string name, EvidenceKind kind, Stream stream, byte[] head, int length,
        EvidenceAnalysis analysis, CancellationToken ct)
    {
        // Read as it comes, from a file or a pipe alike: the bytes already read to recognise it first.
        long? size = stream is FileStream { CanSeek: true } file ? file.Length : null;
        var assembler = new CaptureAssembler(analysis);
        var result = CaptureReader.Read(new PeekedStream(head, length, stream), assembler, size, ct);
        assembler.End();
        return new EvidenceInput(name, kind, result.Error, result.Warning, result.Frames);
    }
}
