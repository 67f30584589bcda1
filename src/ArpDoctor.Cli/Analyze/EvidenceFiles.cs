using System.Text;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Cli.Analyze;

/// <summary>What reading one input gave: its kind, or why it could not be used.</summary>
/// <param name="Blocks">Text: its blocks, each of one kind (one for a text of one kind); null for a capture.</param>
/// <param name="Skipped">Damaged lines counted and left out (a long input): the verdict stands on less than it.</param>
public sealed record EvidenceInput(string Name, EvidenceKind? Kind, string? Error, string? Warning, long Frames = 0,
    IReadOnlyList<EvidenceBlock>? Blocks = null, long Skipped = 0);

/// <summary>One input opened and recognised: its source, and the stream to close after reading it.</summary>
public sealed class OpenedEvidence(string name, EvidenceSource source, Stream stream) : IDisposable
{
    public string Name { get; } = name;
    public EvidenceSource Source { get; } = source;

    /// <summary>What reading it gave, once it has been read.</summary>
    public EvidenceInput Input => new(Name, Source.Kind, Source.Reading?.Error?.ToString(), Source.Reading?.Warning, Source.Reading?.Frames ?? 0,
        Source.Format.IsBinary ? null : Source.Reading?.Blocks, Source.Reading?.Skipped ?? 0);

    public void Dispose() => stream.Dispose();
}

/// <summary>
/// Opens inputs (a path or '-'), recognises each one's format from its content through the evidence registry
/// (captures by their magic, text by its lines), and reads them all into one analysis in time order.
/// </summary>
public static class EvidenceFiles
{
    private const int HeadLength = 4096;

    /// <summary>Reads one input into <paramref name="analysis"/>.</summary>
    public static EvidenceInput Read(string name, EvidenceAnalysis analysis, Func<Stream> openStandardInput, CancellationToken ct)
    {
        var (opened, failure) = Open(name, analysis.OnlyVip, openStandardInput, ct);
        if (opened is null) return failure!;
        using (opened)
        {
            SourceMerge.Read([opened.Source], analysis, ct);
            return opened.Input;
        }
    }

    /// <summary>
    /// Every input into one analysis: in the order of their first time, merged by time where they overlap, each split
    /// where its clock goes back (<see cref="SourceMerge"/>). An input that cannot be opened or recognised is left out
    /// and the others are read; one that turns out damaged keeps what came before the damage. The inputs in the order
    /// read (those recognised), and every input that could not be read (in part or at all) with why, in the order given.
    /// </summary>
    public static (List<EvidenceInput> Inputs, List<EvidenceInput> Unread) ReadAll(IReadOnlyList<string> files, EvidenceAnalysis analysis,
        Func<Stream> openStandardInput, CancellationToken ct)
    {
        var opened = new List<OpenedEvidence>();
        var given = new List<int>();
        var unread = new List<(int Given, EvidenceInput Input)>();
        try
        {
            for (int i = 0; i < files.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var (one, failure) = Open(files[i], analysis.OnlyVip, openStandardInput, ct);
                if (one is null) unread.Add((i, failure!));
                else
                {
                    opened.Add(one);
                    given.Add(i);
                }
            }
            if (opened.Count == 0) return ([], [.. unread.Select(u => u.Input)]);
            var (order, failed) = SourceMerge.Read([.. opened.Select(o => o.Source)], analysis, ct);
            // A read blocked on a pipe only returns at its end: a signal that came meanwhile still wins over what it read.
            ct.ThrowIfCancellationRequested();
            foreach (var f in failed) unread.Add((given[f], opened[f].Input));
            var inputs = new List<EvidenceInput>();
            foreach (var source in order)
            {
                var input = opened[source.Index].Input;
                if (source.Overlaps)
                    input = input with
                    {
                        Warning = Join(input.Warning, $"starts at {source.First!.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, before the evidence read before it ends " +
                            $"({source.EarlierEnd!.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC): the overlap is merged by time with it"),
                    };
                inputs.Add(input);
            }
            return (inputs, [.. unread.OrderBy(u => u.Given).Select(u => u.Input)]);
        }
        finally
        {
            foreach (var o in opened) o.Dispose();
        }
    }

    /// <summary>How an input is named in messages: its path, or <c>standard input</c> for <c>-</c>.</summary>
    public static string Called(string name) => name == "-" ? "standard input" : name;

    private static string Join(string? first, string second) => first is null ? second : $"{first}; {second}";

    /// <summary>Opens and recognises one input; or what is wrong with it (an input with its error).</summary>
    public static (OpenedEvidence? Opened, EvidenceInput? Failure) Open(string name, Ipv4Address? onlyVip, Func<Stream> openStandardInput, CancellationToken ct)
    {
        if (name != "-" && Directory.Exists(name)) return (null, new EvidenceInput(name, null, "is a directory", null));
        Stream stream;
        try
        {
            stream = name == "-" ? openStandardInput() : File.OpenRead(name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, new EvidenceInput(name, null, e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            }, null));
        }
        try
        {
            var head = new byte[HeadLength];
            int length = ReadHead(stream, head);
            var registry = EvidenceRegistry.Default;
            if (registry.RecogniseBytes(head.AsSpan(0, length)) is { } capture)
            {
                // Read as it comes, from a file or a pipe alike: the bytes already read to recognise it first.
                long? size = stream is FileStream { CanSeek: true } file ? file.Length : null;
                var source = EvidenceSource.OfBytes(capture, new PeekedStream(head, length, stream), size, new EvidenceOptions(onlyVip, Name: Called(name)), ct);
                return (Keep(name, source, ref stream), null);
            }
            if (CaptureMagic.WhyNotText(head.AsSpan(0, length)) is { } why)
                return (null, new EvidenceInput(name, null, why, null));
            bool onDisk = stream is FileStream { CanSeek: true };
            // A file can be read again, run by run, where its clock goes back; what arrives once (standard input, a
            // pipe) is copied as it is read, to be read again from the copy. The copy goes with the stream.
            var spool = onDisk ? null : SpooledText.TryOver(new PeekedStream(head, length, stream));
            var text = Decoded(spool ?? (Stream)new PeekedStream(head, length, stream));
            if (spool is not null) stream = spool;
            // Syslog stamps carry no year: the file's modification time (now, for what is piped in) says which.
            DateTimeOffset written = onDisk ? File.GetLastWriteTimeUtc(name) : DateTimeOffset.UtcNow;
            var (opened, error) = TextEvidenceReader.Open(text, new EvidenceOptions(onlyVip, written, Name: Called(name)), registry);
            if (opened is null) return (null, new EvidenceInput(name, null, error!.ToString(), null));
            IRereadableText? again = onDisk ? new FileText(name) : spool;
            return (Keep(name, again is null ? opened : opened.ReadableAgain(again), ref stream), null);
        }
        finally
        {
            stream?.Dispose();
        }
    }

    /// <summary>Text as analyze decodes it: UTF-8 that never throws, or what a byte-order mark says (UTF-16 from Windows).</summary>
    private static StreamReader Decoded(Stream bytes) => new(bytes, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);

    /// <summary>A text file opened again from its first byte, decoded as the first time.</summary>
    private sealed class FileText(string path) : IRereadableText
    {
        public TextReader Open() => Decoded(File.OpenRead(path));
    }

    /// <summary>The opened input now owns the stream.</summary>
    private static OpenedEvidence Keep(string name, EvidenceSource source, ref Stream stream)
    {
        var opened = new OpenedEvidence(name, source, stream);
        stream = null!;
        return opened;
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
}
