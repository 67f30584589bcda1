using System.Runtime.InteropServices;

namespace ArpDoctor.Linux.Files;

/// <summary>
/// A file opened with <c>O_APPEND</c>: each <see cref="Append"/> is one <c>write(2)</c> that the kernel places at the
/// end of the file, so two processes appending whole lines never overwrite or split each other's lines. .NET's
/// FileStream cannot do this (it writes at a position it tracks itself, with <c>pwrite</c>), which made two
/// <c>watch --log</c> runs on one file destroy each other's events.
/// </summary>
public sealed partial class AppendOnlyFile : IDisposable
{
    private const int OpenReadWrite = 0x2, OpenCreate = 0x40, OpenAppend = 0x400, OpenCloseOnExec = 0x80000;
    private const string Libc = "libc.so.6";
    private int _fd;

    private AppendOnlyFile(int fd) => _fd = fd;

    /// <summary>Opens for appending, creating the file (mode 0644 less the umask) when missing; IOException or UnauthorizedAccessException with the OS's reason.</summary>
    public static AppendOnlyFile Open(string path)
    {
        int fd = open(path, OpenReadWrite | OpenCreate | OpenAppend | OpenCloseOnExec, 420 /* 0644 */);
        if (fd < 0) throw Error();
        return new AppendOnlyFile(fd);
    }

    /// <summary>The last byte of the file; <c>null</c> when it is empty.</summary>
    public unsafe byte? LastByte()
    {
        long length = lseek(_fd, 0, 2 /* SEEK_END */);
        if (length < 0) throw Error();
        if (length == 0) return null;
        byte b;
        if (pread(_fd, &b, 1, length - 1) != 1) throw Error();
        return b;
    }

    /// <summary>Appends <paramref name="bytes"/> with one write(2) and flushes them to disk.</summary>
    public unsafe void Append(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            nint written = write(_fd, p, bytes.Length);
            if (written < 0) throw Error();
            if (written != bytes.Length) throw new IOException($"short write ({written} of {bytes.Length} bytes): No space left on device?");
        }
        if (fsync(_fd) != 0) throw Error();
    }

    private static Exception Error()
    {
        int errno = Marshal.GetLastPInvokeError();
        var message = Marshal.GetPInvokeErrorMessage(errno);
        // EPERM, EACCES: as .NET's own file APIs report them.
        return errno is 1 or 13 ? new UnauthorizedAccessException(message) : new IOException(message);
    }

    public void Dispose()
    {
        if (_fd >= 0) close(_fd);
        _fd = -1;
    }

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial nint pread(int fd, byte* buffer, nint count, long offset);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial long lseek(int fd, long offset, int whence);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport(Libc)]
    private static partial int close(int fd);
}
