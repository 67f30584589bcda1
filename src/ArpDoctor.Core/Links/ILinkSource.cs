using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Links;

/// <summary>Whether an interface can carry probes now, and if not, which of the ways it cannot.</summary>
public enum LinkState
{
    /// <summary>Up, with carrier, and captured.</summary>
    Up,
    /// <summary>Up, but no carrier (no cable, a bond without slaves, a veth whose peer is down): no frame reaches the segment.</summary>
    NoCarrier,
    /// <summary>Administratively down.</summary>
    Down,
    /// <summary>No interface of that name (yet, or any more).</summary>
    Absent,
    /// <summary>The interface is usable but the capture could not be opened or broke; opened again at the next look.</summary>
    CaptureFailed,
    /// <summary>Waiting will not help: no permission to capture, no libpcap, no Ethernet address.</summary>
    Refused,
}

/// <summary>An interface's state and, when it is not up, one line saying why and what brings it back.</summary>
public sealed record LinkStatus(LinkState State, string Reason)
{
    public static readonly LinkStatus Up = new(LinkState.Up, "up");

    public bool IsUp => State == LinkState.Up;
}

/// <summary>One look at an interface: its open link and IPv4 address when it is up, else none.</summary>
public readonly record struct LinkAttempt(IArpLink? Link, Ipv4Address? Ipv4, LinkStatus Status);

/// <summary>
/// The port to an interface that may come and go under a long-running prober (the agent): an interface without carrier,
/// down, or absent is a state to wait out, not an error. The adapter owns the link: it opens it when the interface can
/// carry frames, closes it when it cannot, and opens it again when its capture ended (the interface was deleted and made
/// again). Disposing closes whatever is open.
/// </summary>
public interface ILinkSource : IDisposable
{
    /// <summary>Interface name, e.g. <c>eth0</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Looks at the interface now and returns its open link when it can carry frames (the same link as last time while
    /// nothing changed), else no link and why. Cheap: a few ioctls when nothing changed; called around every round and
    /// every second while the interface is not up.
    /// </summary>
    LinkAttempt Acquire();

    /// <summary>The link broke under its user (a send failed): close it, so the next <see cref="Acquire"/> opens it afresh.</summary>
    void Reset();
}

public static class LinkStates
{
    /// <summary>The state as logs and <c>/readyz</c> write it.</summary>
    public static string ToWord(this LinkState state) => state switch
    {
        LinkState.Up => "up",
        LinkState.NoCarrier => "no-carrier",
        LinkState.Down => "down",
        LinkState.Absent => "absent",
        LinkState.CaptureFailed => "capture-failed",
        _ => "refused",
    };
}
