using ArpDoctor.Core.Links;
using ArpDoctor.Linux.Interfaces;

namespace ArpDoctor.Linux.LiveCapture;

/// <summary>
/// An <see cref="ILinkSource"/> over the interface catalogue and a link opener (libpcap in production): each look asks the
/// kernel for the interface's flags, closes the capture when the interface is absent, down or without carrier, and opens
/// it when it can carry frames again. A capture that ended (libpcap sees the interface go away) or an interface with
/// another index (deleted and made again between two looks) is opened afresh.
/// </summary>
public sealed class ReopeningLink(string name, Func<string, InterfaceInfo?> find, Func<string, (IArpLink? Link, LinkError? Error)> open) : ILinkSource
{
    private readonly Lock _lock = new();
    private IArpLink? _link;
    private int _openedIndex;

    /// <summary>
    /// A long-running prober's capture hands frames over in blocks at least this often: its rounds read them on a timer,
    /// so a wait shorter than two blocks could hear nothing.
    /// </summary>
    public static readonly TimeSpan Batch = TimeSpan.FromMilliseconds(50);

    /// <summary>A long-running prober's capture (the agent's): the small ring, frames handed over in blocks of <see cref="Batch"/>.</summary>
    public static ReopeningLink Pcap(string name) =>
        new(name, InterfaceCatalog.Find, n =>
        {
            var (link, error) = PcapArpLink.Open(n, PcapArpLink.SmallBufferSize, Batch);
            return (link, error);
        });

    public string Name => name;

    public LinkAttempt Acquire()
    {
        lock (_lock)
        {
            var info = find(name);
            var unusable = PcapArpLink.Unusable(name, info);
            if (unusable is not null || info is null)
            {
                Close();
                return Unavailable(unusable ?? new LinkError(LinkErrorKind.NoSuchInterface, $"no such interface: {name}"), info);
            }
            if (_link is not null && (_link.Received.Completion.IsCompleted || _openedIndex != info.Index)) Close();
            if (_link is null)
            {
                var (link, error) = open(name);
                if (link is null) return Unavailable(error ?? new LinkError(LinkErrorKind.CaptureFailed, $"cannot capture on {name}"), info);
                _link = link;
                _openedIndex = info.Index;
            }
            return new LinkAttempt(_link, info.Ipv4, LinkStatus.Up);
        }
    }

    public void Reset()
    {
        lock (_lock) Close();
    }

    public void Dispose() => Reset();

    private void Close()
    {
        _link?.Dispose();
        _link = null;
    }

    private static LinkAttempt Unavailable(LinkError error, InterfaceInfo? info) => new(null, null, new LinkStatus(StateOf(error.Kind, info), error.Message));

    /// <summary>What a link error means for a prober that waits: a state to wait out, or a refusal waiting will not end.</summary>
    public static LinkState StateOf(LinkErrorKind kind, InterfaceInfo? info) => kind switch
    {
        LinkErrorKind.NoSuchInterface => LinkState.Absent,
        LinkErrorKind.InterfaceDown => info is { IsUp: true } ? LinkState.NoCarrier : LinkState.Down,
        LinkErrorKind.CaptureFailed => LinkState.CaptureFailed,
        _ => LinkState.Refused,
    };
}
