using System.Runtime.CompilerServices;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Core.Evidence.CaptureFiles;

/// <summary>The outcome of reading a capture.</summary>
/// <param name="LinkTypes">The link type of each interface, in order: one for pcap, one per Interface Description Block for pcapng.</param>
/// <param name="Frames">Frames read, ARP or not.</param>
/// <param name="Error">Set when nothing usable could be read (exit 2).</param>
/// <param name="Warning">Set when the analysis stands on part of the capture: the frames before damage, or those of the interfaces it can read.</param>
public sealed record CaptureReadResult(IReadOnlyList<int> LinkTypes, long Frames, string? Error, string? Warning);

/// <summary>A capture's record or block loop, one record or block per step.</summary>
internal interface ICaptureSteps
{
    /// <summary>Reads one record or block and hands its frame, if any, to <paramref name="assembler"/>; false at the end.</summary>
    bool Next(CaptureAssembler assembler);

    /// <summary>How the reading ended; set once <see cref="Next"/> has returned false.</summary>
    CaptureReadResult? Result { get; }
}

/// <summary>
/// Reads a pcap or pcapng capture from a stream and feeds every frame to a <see cref="CaptureAssembler"/>. Frames are
/// decoded in place, one at a time: memory does not grow with the capture. A record or block no capture tool could
/// have written (a run of zeros, a length beyond any capture) ends the reading there, at once, with its byte offset.
/// </summary>
public static class CaptureReader
{
    /// <param name="length">The capture's size in bytes, when known (a file), to say how much of it was read.</param>
    public static CaptureReadResult Read(Stream stream, CaptureAssembler assembler, long? length = null, CancellationToken cancellationToken = default)
    {
        if (Open(stream, length, cancellationToken) is not { } steps) return NotACapture;
        while (steps.Next(assembler)) { }
        return steps.Result!;
    }

    /// <summary>
    /// The registry's reader of pcap and pcapng: the capture's rounds and announcements, pulled one frame at a time.
    /// The reading's <see cref="EvidenceReading.Frames"/> and <see cref="EvidenceReading.Warning"/> say how much was read.
    /// </summary>
    public static IEnumerable<Observation> Read(EvidenceReading reading)
    {
        if (Open(reading.Bytes, reading.Length, reading.CancellationToken) is not { } steps)
        {
            reading.Fail(new EvidenceError(NotACapture.Error!));
            yield break;
        }
        var assembler = new CaptureAssembler(reading, reading.OnlyVip);
        while (steps.Next(assembler))
            while (reading.TryTake(out var observation)) yield return observation;
        var result = steps.Result!;
        if (result.Error is null) assembler.End();
        while (reading.TryTake(out var observation)) yield return observation;
        reading.Frames = result.Frames;
        reading.Warning = result.Warning;
        if (result.Error is { } error) reading.Fail(new EvidenceError(error));
    }

    private static readonly CaptureReadResult NotACapture = new([], 0, "neither a pcap nor a pcapng capture", null);

    private static ICaptureSteps? Open(Stream stream, long? length, CancellationToken cancellationToken)
    {
        var window = new ByteWindow(stream);
        window.Ensure(CaptureMagic.Length);
        return CaptureMagic.Detect(window.Span) switch
        {
            EvidenceKind.Pcap => new PcapReading(window, length, cancellationToken),
            EvidenceKind.Pcapng => new PcapngReading(window, length, cancellationToken),
            _ => null,
        };
    }

    /// <summary>
    /// Damage at byte <paramref name="at"/>: an error when no frame came before it, else a warning that the analysis
    /// uses the frames before it; both say how much of the capture was read.
    /// </summary>
    internal static CaptureReadResult Damaged(IReadOnlyList<int> linkTypes, long frames, long at, string why, long? length)
    {
        var read = length is { } total ? $"{at} of {total} bytes read" : $"{at} bytes read";
        return frames == 0
            ? new CaptureReadResult(linkTypes, 0, $"damaged at byte {at}: {why}; no frame before it ({read})", null)
            : new CaptureReadResult(linkTypes, frames, null, $"damaged at byte {at}: {why}; the analysis uses the {Words.Count(frames, "frame")} before it ({read})");
    }

    /// <summary>Why a capture of one link type cannot be read at all.</summary>
    internal static string Unsupported(int linkType) =>
        $"link type {linkType} ({CapturedFrames.Name(linkType)}) is not supported; {CapturedFrames.SupportedText}";

    /// <summary>Decodes one frame of a supported link type and hands it on, ARP or not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Feed(CaptureAssembler assembler, int linkType, long ticks, ReadOnlySpan<byte> frame)
    {
        if (!CapturedFrames.TryDecode(linkType, frame, out var arp))
        {
            assembler.Skipped();
            return;
        }
        // A time before 1970 or past 2033 is a broken clock: the frame still counts, at the epoch.
        var time = ticks is >= 0 and < 2_000_000_000L * TimeSpan.TicksPerSecond
            ? new DateTimeOffset(DateTime.UnixEpoch.Ticks + ticks, TimeSpan.Zero)
            : DateTimeOffset.UnixEpoch;
        assembler.Observe(time, arp);
    }
}
