using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Evidence.CaptureFiles;

namespace ArpDoctor.Linux.CaptureFiles;

/// <summary>Reads a pcap or pcapng file by name through <see cref="CaptureReader"/>.</summary>
public static class CaptureFileReader
{
    public static CaptureReadResult Read(string path, CaptureAssembler assembler, CancellationToken cancellationToken = default)
    {
        FileStream file;
        try
        {
            // CaptureReader reads in large blocks of its own: no second buffer.
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CaptureReadResult([], 0, e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message, null);
        }
        using (file)
            return CaptureReader.Read(file, assembler, file.CanSeek ? file.Length : null, cancellationToken);
    }
}
