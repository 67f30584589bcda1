using ArpDoctor.Core.History;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Watching;

/// <summary>Where a watch reports as it goes: the event log, metrics, the status line.</summary>
/// <remarks>An exception thrown here (a full disk under the log) ends the watch: losing events silently is worse.</remarks>
public interface IWatchSink
{
    /// <summary>A probe for <paramref name="vip"/> left.</summary>
    void Probed(Ipv4Address vip);

    /// <summary>A round ended (before its events are reported).</summary>
    void RoundEnded(Round round);

    /// <summary>Something worth a log line happened.</summary>
    void Event(WatchEvent e);

    /// <summary>The watch ended (its last events reported): write what is held back.</summary>
    void Ended();
}

/// <summary>The state of the held TCP connection at one check.</summary>
public enum HeldConnectionState
{
    /// <summary>Connected, and the bytes of this check went out.</summary>
    Up,
    /// <summary>The connection broke (reset, closed by the peer, send failed) since the last check; it is reconnected at the next.</summary>
    Dropped,
    /// <summary>Not connected and connecting failed this time; not a drop, as nothing was held.</summary>
    Unreachable,
}

/// <param name="Time">When the break was noticed (for a drop: when the reset or close arrived).</param>
/// <param name="Detail">What the socket said, e.g. <c>connection reset by peer</c>.</param>
public readonly record struct HeldConnectionStatus(HeldConnectionState State, DateTimeOffset Time, string Detail);

/// <summary>One TCP connection to a VIP, held open like a websocket; checked once per watch interval.</summary>
public interface IHeldConnection : IDisposable
{
    Ipv4Address Vip { get; }

    /// <summary>Reports whether the connection survived since the last check, sends a few bytes, and reconnects after a drop.</summary>
    ValueTask<HeldConnectionStatus> CheckAsync(CancellationToken cancellationToken);
}
