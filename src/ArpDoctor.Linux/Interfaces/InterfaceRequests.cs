using System.Runtime.InteropServices;
using System.Text;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Linux.Interfaces;

/// <summary>
/// One interface's link-layer address, flags and IPv4 address from the kernel's interface ioctls
/// (<c>netdevice(7)</c>) on a datagram socket: a handful of system calls in the caller's network namespace,
/// instead of enumerating every interface and its routes the way <c>NetworkInterface</c> does.
/// </summary>
internal static partial class InterfaceRequests
{
    private const int AfInet = 2, SockDgram = 2, SockCloexec = 0x80000;
    private const uint SiocGifFlags = 0x8913, SiocGifAddr = 0x8915, SiocGifHwAddr = 0x8927, SiocGifIndex = 0x8933;
    private const ushort ArphrdEther = 1;
    private const int IffUp = 0x1, IffRunning = 0x40;
    private const int NameSize = 16; // IFNAMSIZ, the terminating NUL included

    /// <summary><c>struct ifreq</c>: the name, then a union whose members used here start at byte 16.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 40)]
    private unsafe struct IfReq
    {
        public fixed byte Name[NameSize];
        public fixed byte Union[24];
    }

    /// <summary>The named interface, or <c>null</c> when there is none (or the name cannot be one).</summary>
    public static unsafe InterfaceInfo? Find(string name)
    {
        if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) >= NameSize || name.Contains('/')) return null;
        int fd = socket(AfInet, SockDgram | SockCloexec, 0);
        if (fd < 0) return null;
        try
        {
            var request = NewRequest(name);
            // No such interface: ENODEV on the first request.
            if (ioctl(fd, SiocGifFlags, &request) != 0) return null;
            bool up = (*(short*)request.Union & IffUp) != 0;
            bool running = (*(short*)request.Union & IffRunning) != 0;

            request = NewRequest(name);
            if (ioctl(fd, SiocGifHwAddr, &request) != 0) return null;
            // struct sockaddr: the hardware type in sa_family, the address in sa_data.
            var mac = *(ushort*)request.Union == ArphrdEther
                ? MacAddress.Read(new ReadOnlySpan<byte>(request.Union + 2, MacAddress.Length))
                : MacAddress.Zero;

            // struct sockaddr_in: family, port, then the address in network order. No IPv4 address: EADDRNOTAVAIL.
            request = NewRequest(name);
            Ipv4Address? ipv4 = ioctl(fd, SiocGifAddr, &request) == 0
                ? Ipv4Address.Read(new ReadOnlySpan<byte>(request.Union + 4, 4))
                : null;
            // struct ifreq's ifr_ifindex: an int at the start of the union.
            request = NewRequest(name);
            int index = ioctl(fd, SiocGifIndex, &request) == 0 ? *(int*)request.Union : 0;
            return new InterfaceInfo(name, mac, ipv4, up, running, index);
        }
        finally
        {
            close(fd);
        }
    }

    private static unsafe IfReq NewRequest(string name)
    {
        var request = default(IfReq);
        Encoding.UTF8.GetBytes(name, new Span<byte>(request.Name, NameSize - 1));
        return request;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int ioctl(int fd, nuint request, IfReq* argument);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
