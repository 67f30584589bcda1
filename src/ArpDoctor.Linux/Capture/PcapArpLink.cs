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

    private readonly LibPcapLiveDevice _device;
    private readonly Channel<CapturedArp> _received;
    private readonly object _sendLock = new();
    private readonly byte[] _sendBuffer = new byte[ArpCodec.MinimumFrameLength + ArpCodec.VlanTagLength];
    private bool _disposed;

    private PcapArpLink(LibPcapLiveDevice device, InterfaceInfo info)
    {
        _device = device;
        Name = info.Name;
        Mac = info.Mac;
        Info = info;
        _received = Channel.CreateUnbounded<CapturedArp>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    }

    public string Name { get; }
    public MacAddress Mac { get; }
    public InterfaceInfo Info { get; }
    public ChannelReader<CapturedArp> Received => _received.Reader;

    /// <summary>Opens a capture on <paramref name="interfaceName"/>; an expected failure is a <see cref="LinkError"/>.</summary>
    public static (PcapArpLink? Link, LinkError? Error) Open(string interfaceName)
    {
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
                ReadTimeout = 50,
                Snaplen = 128,
                BufferSize = 8 << 20,
            });
            device.Filter = Filter;
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

        var link = new PcapArpLink(device, info);
        device.OnPacketArrival += link.OnPacketArrival;
        device.StartCapture();
        return (link, null);
    }

    private void OnPacketArrival(object sender, PacketCapture capture)
    {
        if (!ArpCodec.TryDecode(capture.Data, out var frame)) return;
        var time = new DateTimeOffset(capture.Header.Timeval.Date, TimeSpan.Zero);
        _received.Writer.TryWrite(new CapturedArp(time, frame));
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
        try
        {
            _device.StopCapture();
        }
        catch (PcapException)
        {
            // Capture thread already gone (interface removed); closing is all that is left.
        }
        _device.OnPacketArrival -= OnPacketArrival;
        _device.Close();
        _received.Writer.TryComplete();
    }

    private static LinkError LibpcapMissing() => new(LinkErrorKind.LibpcapMissing,
        "libpcap is not installed; install it with 'apt-get install libpcap0.8' (Debian/Ubuntu)");

    private static bool IsLibpcapMissing(Exception e) =>
        e is DllNotFoundException || e is TypeInitializationException { InnerException: DllNotFoundException };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
