using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Probing;

/// <summary>What a captured ARP frame is to the host that probes: decided once, in <see cref="ArpFrameKinds.Classify"/>.</summary>
public enum ArpFrameKind
{
    /// <summary>A reply addressed to us (target MAC or Ethernet destination is ours): an answer to one of our probes.</summary>
    ReplyToUs,
    /// <summary>A reply to another host: its sender answers for the address all the same.</summary>
    ReplyToOther,
    /// <summary>An announcement (sender IP = target IP), request or reply, not addressed to us: what an announcer sends on failover.</summary>
    Gratuitous,
    /// <summary>One of our own requests, as the capture sees it leave.</summary>
    OurRequest,
    /// <summary>Another host's request.</summary>
    OtherRequest,
}

public static class ArpFrameKinds
{
    /// <summary>The one test of "is this frame for us", used by every probe loop.</summary>
    public static ArpFrameKind Classify(in ArpFrame frame, MacAddress us)
    {
        if (frame.Operation == ArpOperation.Reply && (frame.TargetMac == us || frame.EthernetDestination == us))
            return ArpFrameKind.ReplyToUs;
        if (frame.IsGratuitous) return ArpFrameKind.Gratuitous;
        if (frame.Operation == ArpOperation.Reply) return ArpFrameKind.ReplyToOther;
        return frame.SenderMac == us ? ArpFrameKind.OurRequest : ArpFrameKind.OtherRequest;
    }
}
