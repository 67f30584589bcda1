using System.Buffers.Binary;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// The target machine a published file was built for, read from its header: an ELF executable's e_machine, a PE
/// assembly's COFF Machine (ReadyToRun code for Linux stores the machine XOR the Linux marker 0x7B79, as crossgen2
/// writes it; IL-only assemblies say i386).
/// </summary>
internal static class ExecutableFormat
{
    public const ushort X86_64 = 0x3E;
    public const ushort Aarch64 = 0xB7;
    public const ushort ReadyToRunLinuxArm64 = 0xAA64 ^ 0x7B79;

    /// <summary>e_machine of a little-endian ELF file (offset 18), after checking the magic bytes and the byte order.</summary>
    public static ushort ElfMachine(string path)
    {
        var header = ReadStart(path, 20);
        if (header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
            throw new InvalidDataException($"{path} is not an ELF file");
        if (header[5] != 1) throw new InvalidDataException($"{path} is not a little-endian ELF file");
        return BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(18));
    }

    /// <summary>The COFF Machine of a PE file: "MZ", the PE header's offset at 0x3C, "PE\0\0", then Machine.</summary>
    public static ushort PeMachine(string path)
    {
        var header = ReadStart(path, 4096);
        if (header[0] != (byte)'M' || header[1] != (byte)'Z') throw new InvalidDataException($"{path} is not a PE file");
        var pe = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(0x3C));
        if (pe < 0 || pe + 6 > header.Length || header[pe] != (byte)'P' || header[pe + 1] != (byte)'E')
            throw new InvalidDataException($"{path} has no PE header");
        return BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(pe + 4));
    }

    private static byte[] ReadStart(string path, int length)
    {
        using var file = File.OpenRead(path);
        var buffer = new byte[Math.Min(length, file.Length)];
        file.ReadExactly(buffer);
        return buffer;
    }
}
