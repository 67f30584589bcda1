using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Vendors;

namespace ArpDoctor.Core.Json;

/// <summary>
/// What <c>arpdoctor probe -o json</c> writes and <c>analyze</c> reads back, keys in this order:
/// <c>{"vip","interface","probesSent","replies":[{"probe","mac","rttMs"}],"responders":[{"mac","vendor","replies","wins"}],"verdict"}</c>.
/// </summary>
/// <param name="Replies">Every reply, in arrival order (so by probe number).</param>
/// <param name="Responders">One per MAC that answered; a reader takes them as a summary and counts the replies itself.</param>
public sealed record ProbeDocument(
    Ipv4Address Vip,
    string Interface,
    int ProbesSent,
    IReadOnlyList<ProbeReplyJson> Replies,
    IReadOnlyList<ProbeResponderJson> Responders,
    Verdict Verdict)
{
    /// <summary>The document of one probe run; <paramref name="vendors"/> names each responder's maker (null when unknown).</summary>
    public static ProbeDocument From(ProbeResult result, MacVendors vendors) => new(
        result.Vip,
        result.Interface,
        result.ProbesSent,
        result.Replies.Select(r => new ProbeReplyJson(r.Probe, r.Mac, Math.Round(r.RoundTrip.TotalMilliseconds, 3))).ToList(),
        result.Responders.Select(r => new ProbeResponderJson(r.Mac, vendors.NameOf(r.Mac), r.Replies, r.Wins)).ToList(),
        result.Verdict);
}

/// <summary>One reply to one probe.</summary>
/// <param name="Probe">The 1-based number of the probe it answers.</param>
/// <param name="RttMs">From the probe leaving to the reply arriving, in milliseconds to the microsecond.</param>
public readonly record struct ProbeReplyJson(int Probe, MacAddress Mac, double RttMs);

/// <summary>One MAC that answered the probe run.</summary>
/// <param name="Wins">Probes it answered first.</param>
public readonly record struct ProbeResponderJson(MacAddress Mac, string? Vendor, int Replies, int Wins);
