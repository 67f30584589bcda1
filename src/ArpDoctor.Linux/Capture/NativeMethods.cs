using System.Runtime.InteropServices;

namespace ArpDoctor.Linux.Capture;

/// <summary>The two calls SharpPcap does not expose: libpcap's selectable descriptor, and poll(2) on it.</summary>
internal static partial class NativeMethods
{
    private const short PollIn = 0x1;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libpcap.so.0.8")]
    internal static partial int pcap_get_selectable_fd(nint pcap);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollFd fds, nuint count, int timeoutMs);

    /// <summary>Waits until <paramref name="fd"/> is readable or the timeout passes; a bad descriptor just sleeps.</summary>
    internal static void WaitReadable(int fd, int timeoutMs)
    {
        if (fd < 0)
        {
            Thread.Sleep(1);
            return;
        }
        var pfd = new PollFd { Fd = fd, Events = PollIn };
        poll(ref pfd, 1, timeoutMs);
    }
}
