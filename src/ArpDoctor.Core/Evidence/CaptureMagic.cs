using System.Buffers.Binary;

namespace ArpDoctor.Core.Evidence;

/// <summary>Recognises binary evidence from its first bytes.</summary>
public static class CaptureMagic
{
    /// <summary>Bytes <see cref="Detect"/> wants to see.</summary>
    public const int Length = 4;

    public static EvidenceKind? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length < Length) return null;
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(head);
        return magic switch
        {
            // Microseconds, nanoseconds and the "modified" format with longer record headers, in either byte order.
            0xA1B2C3D4 or 0xD4C3B2A1 or 0xA1B23C4D or 0x4D3CB2A1 or 0xA1B2CD34 or 0x34CDB2A1 => EvidenceKind.Pcap,
            0x0A0D0D0A => EvidenceKind.Pcapng,
            _ => null,
        };
    }

    /// <summary>Why binary input that is not a capture cannot be read, or null when it may be text.</summary>
    public static string? WhyNotText(ReadOnlySpan<byte> head)
    {
        // UTF-16 text (what Windows PowerShell's '>' writes) is full of zero bytes but is text; its byte order mark says so.
        if (head.Length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) return null;
        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B) return "gzip-compressed; decompress it first (gunzip)";
        if (head.Length >= 4 && head[0] == 0x28 && head[1] == 0xB5 && head[2] == 0x2F && head[3] == 0xFD) return "zstd-compressed; decompress it first (unzstd)";
        int nul = head.IndexOf((byte)0);
        return nul >= 0 ? "binary data, neither text nor a pcap/pcapng capture" : null;
    }
}
