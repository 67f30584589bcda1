using System.Runtime.InteropServices;

namespace ArpDoctor.Linux.LiveCapture;

/// <summary>
/// The libpcap calls a live link needs, bound directly: opening the named device with
/// <c>pcap_create</c>/<c>pcap_activate</c> costs a few system calls, where SharpPcap first enumerates every
/// device (<c>pcap_findalldevs</c> plus .NET's own interface list) and resolves each function through its
/// library-name probing. And poll(2), to wait on libpcap's selectable descriptor.
/// </summary>
internal static partial class NativeMethods
{
    private const string Libpcap = "libpcap.so.0.8";
    // The versioned name: plain "libc" makes the runtime probe a dozen paths (libc.so is a linker script).
    private const string Libc = "libc.so.6";
    private const short PollIn = 0x1;

    /// <summary>PCAP_ERRBUF_SIZE in pcap/pcap.h.</summary>
    internal const int ErrorBufferSize = 256;

    /// <summary>pcap_activate's errors that have a remedy of their own (pcap/pcap.h).</summary>
    internal const int PcapErrorNoSuchDevice = -5;
    internal const int PcapErrorPermissionDenied = -8;
    internal const int PcapErrorInterfaceNotUp = -9;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary><c>struct bpf_program</c>: the instruction count and a pointer to the instructions.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct BpfProgram
    {
        public uint Length;
        public nint Instructions;
    }

    [LibraryImport(Libpcap, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial nint pcap_create(string source, byte* errorBuffer);

    [LibraryImport(Libpcap)]
    internal static partial int pcap_set_snaplen(nint pcap, int snaplen);

    [LibraryImport(Libpcap)]
    internal static partial int pcap_set_promisc(nint pcap, int promiscuous);

    [LibraryImport(Libpcap)]
    internal static partial int pcap_set_timeout(nint pcap, int milliseconds);

    [LibraryImport(Libpcap)]
    internal static partial int pcap_set_immediate_mode(nint pcap, int immediate);

    [LibraryImport(Libpcap)]
    internal static partial int pcap_set_buffer_size(nint pcap, int bytes);

    [LibraryImport(Libpcap)]
    internal static partial int pcap_activate(nint pcap);

    [LibraryImport(Libpcap, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int pcap_compile(nint pcap, ref BpfProgram program, string filter, int optimize, uint netmask);

    [LibraryImport(Libpcap)]
    internal static partial int pcap_fileno(nint pcap);

    /// <summary><c>struct sock_fprog</c>: what <c>SO_ATTACH_FILTER</c> takes (the instructions are a <c>bpf_program</c>'s).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SocketFilterProgram
    {
        public ushort Length;
        public nint Instructions;
    }

    private const int SolSocket = 1, SoAttachFilter = 26;

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial int setsockopt(int fd, int level, int option, void* value, uint length);

    /// <summary>
    /// Attaches a compiled filter to the capture's socket in the kernel, as <c>pcap_setfilter</c> does, but
    /// without its walk over every frame of the memory-mapped ring (see the caller). Returns the errno on failure, else 0.
    /// </summary>
    internal static unsafe int AttachKernelFilter(nint pcap, in BpfProgram program)
    {
        if (program.Length > ushort.MaxValue) return 7; // E2BIG: more than a socket filter can hold
        var socketProgram = new SocketFilterProgram { Length = (ushort)program.Length, Instructions = program.Instructions };
        return setsockopt(pcap_fileno(pcap), SolSocket, SoAttachFilter, &socketProgram, (uint)sizeof(SocketFilterProgram)) == 0
            ? 0
            : Marshal.GetLastPInvokeError();
    }

    [LibraryImport(Libpcap)]
    internal static partial void pcap_freecode(ref BpfProgram program);

    [LibraryImport(Libpcap)]
    internal static unsafe partial int pcap_setnonblock(nint pcap, int nonBlocking, byte* errorBuffer);

    [LibraryImport(Libpcap)]
    internal static partial int pcap_next_ex(nint pcap, out nint header, out nint data);

    [LibraryImport(Libpcap)]
    internal static unsafe partial int pcap_sendpacket(nint pcap, byte* data, int length);

    [LibraryImport(Libpcap)]
    internal static partial int pcap_get_selectable_fd(nint pcap);

    [LibraryImport(Libpcap)]
    internal static partial nint pcap_geterr(nint pcap);

    [LibraryImport(Libpcap)]
    internal static partial void pcap_close(nint pcap);

    /// <summary>libpcap's last error for <paramref name="pcap"/>, one line.</summary>
    internal static string LastError(nint pcap) => Marshal.PtrToStringUTF8(pcap_geterr(pcap))?.Trim() ?? "unknown error";

    /// <summary>The NUL-terminated message libpcap left in an error buffer.</summary>
    internal static unsafe string ErrorText(byte* buffer) => Marshal.PtrToStringUTF8((nint)buffer)?.Trim() ?? "unknown error";

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int eventfd(uint initial, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial nint write(int fd, void* buffer, nuint count);

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial nint read(int fd, void* buffer, nuint count);

    [LibraryImport(Libc)]
    internal static partial int close(int fd);

    private const int EfdCloexec = 0x80000, EfdNonblock = 0x800;

    /// <summary>A descriptor that <see cref="Wake"/> makes readable, to end a <see cref="WaitReadable"/> at once; -1 when there is none.</summary>
    internal static int CreateWakeDescriptor() => eventfd(0, EfdCloexec | EfdNonblock);

    internal static unsafe void Wake(int wakeFd)
    {
        ulong one = 1;
        if (wakeFd >= 0) write(wakeFd, &one, sizeof(ulong));
    }

    /// <summary>Takes back every <see cref="Wake"/> so far (the descriptor is non-blocking: no wake, no wait).</summary>
    internal static unsafe void ClearWake(int wakeFd)
    {
        ulong count;
        if (wakeFd >= 0) read(wakeFd, &count, sizeof(ulong));
    }

    /// <summary>
    /// Waits until <paramref name="fd"/> or <paramref name="wakeFd"/> is readable, or the timeout passes;
    /// a bad descriptor just sleeps a millisecond.
    /// </summary>
    internal static unsafe void WaitReadable(int fd, int wakeFd, int timeoutMs)
    {
        if (fd < 0)
        {
            Thread.Sleep(1);
            return;
        }
        var fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = fd, Events = PollIn };
        fds[1] = new PollFd { Fd = wakeFd, Events = PollIn }; // poll ignores a negative descriptor
        poll(fds, 2, timeoutMs);
    }
}
