using System.Threading.Channels;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.Interfaces;
using SharpPcap;
using SharpPcap.LibPcap;

namespace ArpDoctor.Linux.Capture;

/// <summary>
/// An <see cref="IArpLink"/> over libpcap: a BPF filter for ARP (tagged or not), immediate mode so
/// each frame is delivered as it arrives, kernel timestamps. Outgoing frames are captured too.
/// </summary>
public sealed class PcapArpLink : IArpLink
{
    // "arp" alone misses 802.1Q-tagged ARP; "vlan and arp" matches inside one tag.
    private const string Filter = "arp or (vlan and arp)";
    private const int ReadTimeoutMs = 10;
    private const int PollTimeoutMs = 20;

    /// <summary>libpcap's kernel ring for a capture that may see bursts of many replies (scans).</summary>
    public const int DefaultBufferSize = 8 << 20;

    /// <summary>
    /// Ring for a long-running capture at a low rate (the agent): the whole ring stays resident, and 1 MiB
    /// still holds thousands of 128-byte snapshots while the capture thread drains it as frames arrive.
    /// </summary>
    public const int SmallBufferSize = 1 << 20;

    private readonly LibPcapLiveDevice _device;
    private readonly Channel<CapturedArp> _received;
    private readonly object _sendLock = new();
    private readonly byte[] _sendBuffer = new byte[ArpCodec.MinimumFrameLength + ArpCodec.VlanTagLength];
    private readonly Thread _captureThread;
    private int _selectableFd;
    private volatile bool _stopping;
    private bool _disposed;

    private PcapArpLink(LibPcapLiveDevice device, InterfaceInfo info)
    {
        _device = device;
        Name = info.Name;
        Mac = info.Mac;
        Info = info;
        _received = Channel.CreateUnbounded<CapturedArp>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _captureThread = new Thread(CaptureLoop) { IsBackground = true, Name = $"capture {info.Name}" };
    }

    public string Name { get; }
    public MacAddress Mac { get; }
    public InterfaceInfo Info { get; }
    public ChannelReader<CapturedArp> Received => _received.Reader;

    /// <summary>Opens a capture on <paramref name="interfaceName"/>; an expected failure is a <see cref="LinkError"/>.</summary>
    /// <param name="bufferSize">Bytes of libpcap's kernel ring (resident for as long as the link is open).</param>
    public static (PcapArpLink? Link, LinkError? Error) Open(string interfaceName, int bufferSize = DefaultBufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 64 << 10);
        var info = InterfaceCatalog.Find(interfaceName);
        if (info is null)
        {
            var known = string.Join(", ", InterfaceCatalog.Names());
            return (null, new LinkError(LinkErrorKind.NoSuchInterface,
                $"no such interface: {interfaceName} (interfaces here: {known}); pick one with -i"));
        }
        if (!info.IsUp)
            return (null, new LinkError(LinkErrorKind.InterfaceDown,
                $"interface {interfaceName} is down; bring it up with 'ip link set {interfaceName} up'"));
        if (info.Mac == MacAddress.Zero)
            return (null, new LinkError(LinkErrorKind.NoMacAddress,
                $"interface {interfaceName} has no Ethernet address; ARP needs an Ethernet interface"));

        LibPcapLiveDevice? device;
        try
        {
            device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == interfaceName);
        }
        catch (Exception e) when (IsLibpcapMissing(e))
        {
            return (null, LibpcapMissing());
        }
        if (device is null)
            return (null, new LinkError(LinkErrorKind.CaptureFailed,
                $"libpcap does not list interface {interfaceName}; run as root or grant CAP_NET_RAW"));

        try
        {
            device.Open(new DeviceConfiguration
            {
                Mode = DeviceModes.None,
                Immediate = true,
                // The capture thread wakes at least this often to notice Dispose (immediate mode
                // delivers frames as they arrive; the timeout only bounds how long a quiet read blocks).
                ReadTimeout = ReadTimeoutMs,
                Snaplen = 128,
                BufferSize = bufferSize,
            });
            device.Filter = Filter;
            device.NonBlockingMode = true;
        }
        catch (Exception e) when (e is PcapException or DeviceNotReadyException)
        {
            var message = e.Message;
            if (message.Contains("permitted", StringComparison.OrdinalIgnoreCase) ||
                message.Contains("permission", StringComparison.OrdinalIgnoreCase))
                return (null, new LinkError(LinkErrorKind.PermissionDenied,
                    $"no permission to capture on {interfaceName}; run as root or 'setcap cap_net_raw+ep' the binary"));
            return (null, new LinkError(LinkErrorKind.CaptureFailed,
                $"cannot capture on {interfaceName}: {FirstLine(message)}"));
        }
        catch (Exception e) when (IsLibpcapMissing(e))
        {
            return (null, LibpcapMissing());
        }

        var link = new PcapArpLink(device, info)
        {
            _selectableFd = NativeMethods.pcap_get_selectable_fd(device.Handle.DangerousGetHandle()),
        };
        link._captureThread.Start();
        return (link, null);
    }

    // Our own read loop rather than SharpPcap's StartCapture or GetNextPacket: both wait in poll() for
    // up to 500 ms before looking at the stop flag, which would add that to every probe's wall time.
    // Non-blocking pcap_next_ex plus our poll() with a short timeout delivers each frame as it arrives
    // and notices Dispose within one poll timeout.
    private unsafe void CaptureLoop()
    {
        nint header = 0, data = 0;
        try
        {
            while (!_stopping)
            {
                int status = _device.GetNextPacketPointers(ref header, ref data);
                if (status == 1)
                {
                    var pcapHeader = (PcapPacketHeader*)header;
                    var bytes = new ReadOnlySpan<byte>((void*)data, (int)pcapHeader->CaptureLength);
                    if (!ArpCodec.TryDecode(bytes, out var frame)) continue;
                    var time = DateTimeOffset.FromUnixTimeSeconds(pcapHeader->Seconds)
                        .AddTicks(pcapHeader->Microseconds * TimeSpan.TicksPerMicrosecond);
                    _received.Writer.TryWrite(new CapturedArp(time, frame));
                }
                else if (status == 0)
                {
                    NativeMethods.WaitReadable(_selectableFd, PollTimeoutMs);
                }
                else
                {
                    break; // the interface went away
                }
            }
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    /// <summary>libpcap's <c>struct pcap_pkthdr</c> on 64-bit Linux: a <c>struct timeval</c>, then the lengths.</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct PcapPacketHeader
    {
        public long Seconds;
        public long Microseconds;
        public uint CaptureLength;
        public uint Length;
    }

    public DateTimeOffset Send(in ArpFrame frame)
    {
        lock (_sendLock)
        {
            int length = ArpCodec.Encode(frame, _sendBuffer);
            var sentAt = DateTimeOffset.UtcNow;
            _device.SendPacket(_sendBuffer.AsSpan(0, length));
            return sentAt;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopping = true;
        _captureThread.Join();
        _device.Close();
    }

    private static LinkError LibpcapMissing() => new(LinkErrorKind.LibpcapMissing,
        "libpcap is not installed; install it with 'apt-get install libpcap0.8' (Debian/Ubuntu)");

    private static bool IsLibpcapMissing(Exception e) =>
        e is DllNotFoundException || e is TypeInitializationException { InnerException: DllNotFoundException };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
