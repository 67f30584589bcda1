using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.TestKit.Fakes;

/// <summary>
/// A stateful <see cref="ILinkSource"/>: the interface is in the <see cref="Status"/> the test sets. While it is up the
/// source gives one link from <c>open</c>, the same until the interface goes down, the link is reset or its capture
/// ends; then the next look opens another, as the libpcap adapter does. A link it closes is disposed.
/// </summary>
public sealed class FakeLinkSource(string name, Func<IArpLink> open) : ILinkSource
{
    private IArpLink? _link;

    /// <summary>Always <paramref name="link"/> (a test that never takes the interface down).</summary>
    public FakeLinkSource(IArpLink link) : this(link.Name, () => link) { }

    public string Name => name;

    public LinkStatus Status { get; set; } = LinkStatus.Up;

    /// <summary>The interface's IPv4 address, as the catalogue would read it.</summary>
    public Ipv4Address? Ipv4 { get; set; }

    /// <summary>Links opened so far.</summary>
    public int Opened { get; private set; }

    /// <summary>The link open now, if any.</summary>
    public IArpLink? Current => _link;

    public LinkAttempt Acquire()
    {
        if (!Status.IsUp)
        {
            Reset();
            return new LinkAttempt(null, null, Status);
        }
        if (_link is not null && _link.Received.Completion.IsCompleted) Reset();
        if (_link is null)
        {
            _link = open();
            Opened++;
        }
        return new LinkAttempt(_link, Ipv4, LinkStatus.Up);
    }

    public void Reset()
    {
        _link?.Dispose();
        _link = null;
    }

    public void Dispose() => Reset();
}
