using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using SharpPcap;
using SharpPcap.LibPcap;

namespace ArpDoctor.Linux.Captures;

/// <summary>The outcome of reading a capture file.</summary>
/// <param name="Error">Set when nothing usable could be read (exit 2).</param>
/// <param name="Warning">Set when the file ends in damage after usable frames: the analysis stands on what came before.</param>
public sealed record CaptureReadResult(int LinkType, long Frames, string? Error, string? Warning);

/// <summary>
/// Reads pcap and pcapng files through libpcap and feeds every ARP frame to a <see cref="CaptureAssembler"/>.
/// Frames are decoded in place from libpcap's buffer, one at a time: memory does not grow with the file.
/// </summary>
public static class CaptureFileReader
{
    // pcap_next_ex: 1 a frame, -2 end of file, -1 an error (pcap_geterr says which).
    private const int FrameRead = 1, EndOfFile = -2;
    // struct pcap_pkthdr on 64-bit Linux: struct timeval (two longs), caplen, len.
    private const int SecondsOffset = 0, MicrosecondsOffset = 8, CaptureLengthOffset = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CaptureReadResult Read(string path, CaptureAssembler assembler, CancellationToken cancellationToken = default)
    {
        CaptureFileReaderDevice device;
        try
        {
            device = new CaptureFileReaderDevice(path);
            device.Open(new DeviceConfiguration());
        }
        catch (Exception e) when (e is PcapException or DeviceNotReadyException or DllNotFoundException or TypeInitializationException)
        {
            return new CaptureReadResult(0, 0, e is DllNotFoundException or TypeInitializationException
                ? "libpcap is missing (install libpcap0.8)"
                : $"libpcap cannot read it: {FirstLine(e.Message)}", null);
        }
        using (device)
        {
            int linkType = (int)device.LinkType;
            if (!CapturedFrames.IsSupported(linkType))
                return new CaptureReadResult(linkType, 0, $"link type {linkType} ({device.LinkType}) is not supported; ArpDoctor reads Ethernet (1), Linux cooked v1 (113) and v2 (276)", null);
            long frames = 0;
            nint header = 0, data = 0;
            while (true)
            {
                int status = device.GetNextPacketPointers(ref header, ref data);
                if (status == EndOfFile) return new CaptureReadResult(linkType, frames, null, null);
                if (status != FrameRead)
                {
                    var why = FirstLine(device.LastError);
                    return frames == 0
                        ? new CaptureReadResult(linkType, 0, $"libpcap cannot read it: {why}", null)
                        : new CaptureReadResult(linkType, frames, null, $"the capture ends in damage after frame {frames} ({why}); the analysis uses the frames before");
                }
                frames++;
                if ((frames & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                Feed(assembler, linkType, header, data);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Feed(CaptureAssembler assembler, int linkType, nint header, nint data)
    {
        long seconds = *(long*)(header + SecondsOffset);
        long micros = *(long*)(header + MicrosecondsOffset);
        int length = *(int*)(header + CaptureLengthOffset);
        var frame = new ReadOnlySpan<byte>((void*)data, length);
        if (!CapturedFrames.TryDecode(linkType, frame, out var arp))
        {
            assembler.Skipped();
            return;
        }
        long ticks = (seconds * TimeSpan.TicksPerSecond) + (micros * TimeSpan.TicksPerMicrosecond);
        var time = ticks is >= 0 and < 2_000_000_000L * TimeSpan.TicksPerSecond
            ? new DateTimeOffset(DateTime.UnixEpoch.Ticks + ticks, TimeSpan.Zero)
            : DateTimeOffset.UnixEpoch;
        assembler.Observe(time, arp);
    }

    private static string FirstLine(string? message)
    {
        var text = (message ?? "unknown error").Trim();
        int nl = text.IndexOf('\n');
        return nl < 0 ? text : text[..nl].Trim();
    }
}
