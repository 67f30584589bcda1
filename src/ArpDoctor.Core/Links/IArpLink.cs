using System.Threading.Channels;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Links;

/// <summary>An ARP frame as captured, with the capture's timestamp.</summary>
public readonly record struct CapturedArp(DateTimeOffset Time, ArpFrame Frame);

/// <summary>
/// The port to one network interface: send ARP frames, receive every ARP frame seen on it
/// (including our own outgoing ones, as libpcap delivers them). Opened by an adapter
/// (<c>ArpDoctor.Linux</c>) or a test fake.
/// </summary>
public interface IArpLink : IDisposable
{
    /// <summary>Interface name, e.g. <c>eth0</c>.</summary>
    string Name { get; }

    /// <summary>The interface's own MAC address.</summary>
    MacAddress Mac { get; }

    /// <summary>The interface's first IPv4 address when it has one and the link knows it: the sender IP probes use by default.</summary>
    Ipv4Address? Ipv4 => null;

    /// <summary>Every ARP frame captured on the interface since the link was opened, in capture order.</summary>
    ChannelReader<CapturedArp> Received { get; }

    /// <summary>Sends one frame; returns the time it was handed to the interface.</summary>
    DateTimeOffset Send(in ArpFrame frame);

    /// <summary>
    /// Returns once every frame the interface had captured when it was called is in <see cref="Received"/>:
    /// a fence between the kernel and the reader, so "nothing more arrived" means the wire was quiet, not that
    /// the capture thread was not scheduled yet. A link that hands frames over as they are made (a fake) is
    /// always caught up.
    /// </summary>
    ValueTask CatchUpAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}

/// <summary>The capture on a link ended (the interface went away, libpcap failed): no verdict can rest on what follows.</summary>
public sealed class CaptureEndedException(string interfaceName) : InvalidOperationException($"the capture on {interfaceName} ended")
{
    public string InterfaceName { get; } = interfaceName;
}
