using System.Runtime.InteropServices;
using System.Threading.Channels;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.Interfaces;

namespace ArpDoctor.Linux.LiveCapture;

/// <summary>
/// An <see cref="IArpLink"/> over libpcap: a BPF filter for ARP (tagged or not), immediate mode so
/// each frame is delivered as it arrives, kernel timestamps. Outgoing frames are captured too.
/// </summary>
public sealed class PcapArpLink : IArpLink
{
    // "arp" alone misses 802.1Q-tagged ARP; "vlan and arp" matches inside one tag.
    private const string Filter = "arp or (vlan and arp)";
    private const int ReadTimeoutMs = 10;
    // Dispose wakes the capture thread through the wake descriptor; the timeout is only a safety net.
    private const int PollTimeoutMs = 200;
    private const uint PcapNetmaskUnknown = 0xffffffff;

    /// <summary>libpcap's kernel ring for a capture that may see bursts of many replies (scans).</summary>
    public const int DefaultBufferSize = 8 << 20;

    /// <summary>
    /// Ring for a long-running capture at a low rate (the agent): the whole ring stays resident, and 1 MiB
    /// still holds thousands of 128-byte snapshots while the capture thread drains it as frames arrive.
    /// </summary>
    public const int SmallBufferSize = 1 << 20;

    private readonly nint _pcap;
    private readonly Channel<CapturedArp> _received;
    private readonly object _sendLock = new();
    private readonly byte[] _sendBuffer = new byte[ArpCodec.MinimumFrameLength + ArpCodec.VlanTagLength];
    private readonly Thread _captureThread;
    private int _selectableFd;
    private int _wakeFd = -1;
    private volatile bool _stopping;
    // CatchUpAsync callers not yet answered; the capture thread takes them all at once.
    private readonly object _catchUpLock = new();
    private List<TaskCompletionSource>? _catchUps;
    private bool _disposed;

    private PcapArpLink(nint pcap, InterfaceInfo info)
    {
        _pcap = pcap;
        Name = info.Name;
        Mac = info.Mac;
        Info = info;
        _received = Channel.CreateUnbounded<CapturedArp>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _captureThread = new Thread(CaptureLoop) { IsBackground = true, Name = $"capture {info.Name}" };
    }

    public string Name { get; }
    public MacAddress Mac { get; }
    public InterfaceInfo Info { get; }

    public Ipv4Address? Ipv4 => Info.Ipv4;
    public ChannelReader<CapturedArp> Received => _received.Reader;

    /// <summary>Opens a capture on <paramref name="interfaceName"/>; an expected failure is a <see cref="LinkError"/>.</summary>
    /// <param name="bufferSize">Bytes of libpcap's kernel ring (resident for as long as the link is open).</param>
    /// <param name="batch">
    /// <c>null</c>: immediate mode, each frame handed over as it arrives (probe, scan, watch). Otherwise the
    /// kernel hands frames over in blocks, at the latest this long after the first one: one wake-up of the
    /// capture thread per block instead of per frame, for a long-running capture that reads its frames on a
    /// timer anyway (the agent). Timestamps are the kernel's either way.
    /// </param>
    public static (PcapArpLink? Link, LinkError? Error) Open(string interfaceName, int bufferSize = DefaultBufferSize, TimeSpan? batch = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 64 << 10);
        var info = InterfaceCatalog.Find(interfaceName);
        if (Unusable(interfaceName, info) is { } unusable) return (null, unusable);

        nint pcap;
        try
        {
            pcap = OpenDevice(interfaceName, bufferSize, batch, out var error);
            if (pcap == 0) return (null, error);
        }
        catch (Exception e) when (IsLibpcapMissing(e))
        {
            return (null, LibpcapMissing());
        }

        var link = new PcapArpLink(pcap, info!)
        {
            _selectableFd = NativeMethods.pcap_get_selectable_fd(pcap),
            _wakeFd = NativeMethods.CreateWakeDescriptor(),
        };
        link._captureThread.Start();
        return (link, null);
    }

    /// <summary>
    /// Why <paramref name="info"/> (what <see cref="InterfaceCatalog.Find"/> said of <paramref name="interfaceName"/>) cannot
    /// carry ARP now, or <c>null</c> when it can: absent, down, without carrier, or without an Ethernet address.
    /// </summary>
    public static LinkError? Unusable(string interfaceName, InterfaceInfo? info)
    {
        if (info is null)
        {
            var known = string.Join(", ", InterfaceCatalog.Names());
            return new LinkError(LinkErrorKind.NoSuchInterface,
                $"no such interface: {interfaceName} (interfaces here: {known}); pick one with -i");
        }
        if (!info.IsUp)
            return new LinkError(LinkErrorKind.InterfaceDown,
                $"interface {interfaceName} is down; bring it up with 'ip link set {interfaceName} up'");
        if (!info.HasCarrier)
            // Probes would go nowhere, and the silence would read as "nobody answers for the VIP".
            return new LinkError(LinkErrorKind.InterfaceDown,
                $"interface {interfaceName} is up but has no carrier (no cable, or its veth peer is down), so no frame reaches the segment");
        if (info.Mac == MacAddress.Zero)
            return new LinkError(LinkErrorKind.NoMacAddress,
                $"interface {interfaceName} has no Ethernet address; ARP needs an Ethernet interface");
        return null;
    }

    /// <summary>
    /// pcap_create and pcap_activate on the named device: immediate mode so each frame is delivered as it
    /// arrives, a small snapshot (ARP fits in 64 bytes), the kernel ring of <paramref name="bufferSize"/> bytes, the ARP
    /// filter, non-blocking reads. Returns 0 and an error on failure.
    /// </summary>
    private static unsafe nint OpenDevice(string interfaceName, int bufferSize, TimeSpan? batch, out LinkError? error)
    {
        error = null;
        var errors = stackalloc byte[NativeMethods.ErrorBufferSize];
        errors[0] = 0;
        nint pcap = NativeMethods.pcap_create(interfaceName, errors);
        if (pcap == 0)
        {
            error = new LinkError(LinkErrorKind.CaptureFailed, $"cannot capture on {interfaceName}: {NativeMethods.ErrorText(errors)}");
            return 0;
        }
        NativeMethods.pcap_set_snaplen(pcap, 128);
        NativeMethods.pcap_set_promisc(pcap, 0);
        // Immediate mode delivers frames as they arrive; the timeout only bounds a quiet blocking read.
        NativeMethods.pcap_set_timeout(pcap, batch is { } b ? Math.Max(1, (int)b.TotalMilliseconds) : ReadTimeoutMs);
        NativeMethods.pcap_set_immediate_mode(pcap, batch is null ? 1 : 0);
        NativeMethods.pcap_set_buffer_size(pcap, bufferSize);
        int status = NativeMethods.pcap_activate(pcap);
        if (status < 0)
        {
            error = status switch
            {
                NativeMethods.PcapErrorPermissionDenied => new LinkError(LinkErrorKind.PermissionDenied,
                    $"no permission to capture on {interfaceName}; run as root or 'setcap cap_net_raw+ep' the binary"),
                NativeMethods.PcapErrorInterfaceNotUp => new LinkError(LinkErrorKind.InterfaceDown,
                    $"interface {interfaceName} is down; bring it up with 'ip link set {interfaceName} up'"),
                _ => new LinkError(LinkErrorKind.CaptureFailed, $"cannot capture on {interfaceName}: {NativeMethods.LastError(pcap)}"),
            };
            NativeMethods.pcap_close(pcap);
            return 0;
        }
        var program = default(NativeMethods.BpfProgram);
        string? failure = null;
        if (NativeMethods.pcap_compile(pcap, ref program, Filter, 1, PcapNetmaskUnknown) != 0)
        {
            failure = NativeMethods.LastError(pcap);
        }
        else
        {
            // The compiled program goes to the socket directly. pcap_setfilter would attach the same program,
            // then walk every frame slot of the memory-mapped ring for frames taken under the old filter: on
            // an 8 MiB ring that faults in all of it, several milliseconds of every probe and scan. The ring
            // was just made; frames that slip in before the filter are decoded like any other (what is not
            // ARP is dropped).
            int errno = NativeMethods.AttachKernelFilter(pcap, program);
            if (errno != 0) failure = $"cannot attach the ARP filter: {Marshal.GetPInvokeErrorMessage(errno)}";
            NativeMethods.pcap_freecode(ref program);
        }
        if (failure is null && NativeMethods.pcap_setnonblock(pcap, 1, errors) < 0)
            failure = NativeMethods.ErrorText(errors);
        if (failure is not null)
        {
            error = new LinkError(LinkErrorKind.CaptureFailed, $"cannot capture on {interfaceName}: {failure}");
            NativeMethods.pcap_close(pcap);
            return 0;
        }
        return pcap;
    }

    // Non-blocking pcap_next_ex, and poll() on libpcap's descriptor and our wake descriptor between
    // frames: each frame is delivered as it arrives, and Dispose ends the loop at once (no poll timeout
    // to wait out at the end of every command). A catch-up request taken before a run of reads is answered
    // when that run finds the ring empty: every frame captured before the request has been handed over.
    private unsafe void CaptureLoop()
    {
        List<TaskCompletionSource>? answering = null;
        try
        {
            while (!_stopping)
            {
                int status = NativeMethods.pcap_next_ex(_pcap, out nint header, out nint data);
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
                    Answer(answering);
                    answering = TakeCatchUps();
                    if (answering is not null) continue; // read the ring once more for them
                    NativeMethods.WaitReadable(_selectableFd, _wakeFd, PollTimeoutMs);
                    NativeMethods.ClearWake(_wakeFd);
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
            // Nothing more will be captured: whoever waits is caught up.
            Answer(answering);
            Answer(TakeCatchUps());
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// With a <c>batch</c> (the agent's capture), frames in the block the kernel is still filling are not
    /// readable yet; they come with that block, at most the batch time later.
    /// </remarks>
    public ValueTask CatchUpAsync(CancellationToken cancellationToken = default)
    {
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_catchUpLock)
        {
            // Disposed, or the capture ended (the interface went away): nothing more will be handed over.
            if (_disposed || _received.Reader.Completion.IsCompleted) return ValueTask.CompletedTask;
            (_catchUps ??= []).Add(caughtUp);
        }
        NativeMethods.Wake(_wakeFd);
        return new ValueTask(caughtUp.Task.WaitAsync(cancellationToken));
    }

    private List<TaskCompletionSource>? TakeCatchUps()
    {
        lock (_catchUpLock)
        {
            var taken = _catchUps;
            _catchUps = null;
            return taken;
        }
    }

    private static void Answer(List<TaskCompletionSource>? waiting)
    {
        if (waiting is null) return;
        foreach (var w in waiting) w.TrySetResult();
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
            unsafe
            {
                fixed (byte* bytes = _sendBuffer)
                    if (NativeMethods.pcap_sendpacket(_pcap, bytes, length) < 0)
                        throw new IOException($"cannot send on {Name}: {NativeMethods.LastError(_pcap)}");
            }
            return sentAt;
        }
    }

    public void Dispose()
    {
        lock (_catchUpLock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _stopping = true;
        NativeMethods.Wake(_wakeFd);
        _captureThread.Join();
        NativeMethods.pcap_close(_pcap);
        if (_wakeFd >= 0) NativeMethods.close(_wakeFd);
    }

    private static LinkError LibpcapMissing() => new(LinkErrorKind.LibpcapMissing,
        "libpcap is not installed; install it with 'apt-get install libpcap0.8' (Debian/Ubuntu)");

    private static bool IsLibpcapMissing(Exception e) =>
        e is DllNotFoundException || e is TypeInitializationException { InnerException: DllNotFoundException };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
