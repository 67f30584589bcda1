using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>What one line of text evidence says.</summary>
public enum LineKind
{
    /// <summary>Nothing for the analysis: blank, separators, tool banners, statistics we do not need.</summary>
    Noise,
    /// <summary>A stamp from <c>date</c> (or a log prefix): the time of what follows.</summary>
    Stamp,
    /// <summary>A tool's start line naming the VIP (<c>ARPING 203.0.113.10 ...</c>, arp-scan's <c>Interface:</c>).</summary>
    RunStart,
    /// <summary>One ARP reply from a MAC for an IP.</summary>
    Reply,
    /// <summary>A probe nobody answered (Habets arping's <c>Timeout</c>).</summary>
    Timeout,
    /// <summary>A summary: <see cref="EvidenceLine.Sent"/> probes, <see cref="EvidenceLine.Received"/> replies (either may be absent).</summary>
    Summary,
    /// <summary>A line that starts like evidence but does not parse: the input is damaged.</summary>
    Malformed,
}

/// <summary>One parsed line. Only the fields its <see cref="Kind"/> uses are set.</summary>
/// <param name="Ip">RunStart: the VIP probed (Any when the tool does not say); Reply: the IP answered for.</param>
/// <param name="RoundTrip">Reply: time from the probe leaving, when the tool prints it.</param>
/// <param name="Duplicate">arp-scan: the n of <c>(DUP: n)</c>, 1 for the first reply.</param>
/// <param name="Sent">Summary: probes sent; RunStart of arp-scan: unused.</param>
/// <param name="Received">Summary: replies received (arp-scan: hosts that responded).</param>
/// <param name="Broadcasts">iputils summary: how many of the probes were broadcast.</param>
/// <param name="Problem">Malformed: why.</param>
public readonly record struct EvidenceLine(
    LineKind Kind,
    Ipv4Address Ip = default,
    MacAddress Mac = default,
    TimeSpan? RoundTrip = null,
    DateTimeOffset? Time = null,
    int Duplicate = 0,
    int? Sent = null,
    int? Received = null,
    int? Broadcasts = null,
    string? Problem = null)
{
    public static readonly EvidenceLine Noise = new(LineKind.Noise);

    public static EvidenceLine Bad(string problem) => new(LineKind.Malformed, Problem: problem);

    /// <summary>True when the line is evidence of its kind (not noise, not damaged): used to recognise the input.</summary>
    public bool IsSignature => Kind is LineKind.RunStart or LineKind.Reply or LineKind.Summary or LineKind.Timeout;
}
