using ArpDoctor.Core.Evidence.CaptureFiles;
using ArpDoctor.Core.Observations;

namespace ArpDoctor.Core.Evidence;

/// <summary>The formats ArpDoctor reads, in the order <see cref="EvidenceRegistry"/> tries their signatures.</summary>
public static class EvidenceFormats
{
    /// <summary>How a capture's observations are judged (pcap, pcapng, tcpdump text).</summary>
    public const SourceTraits CaptureTraits = SourceTraits.TimeSeries;

    /// <summary>How records of what clients resolve an address to are judged (neighbour caches, arpwatch, the watch log).</summary>
    public const SourceTraits ResolutionTraits = SourceTraits.TimeSeries | SourceTraits.TimeShare | SourceTraits.HoldsToEnd;

    /// <summary>
    /// Every built-in format. Captures are told by their magic. Text is told by the first line any format claims, trying
    /// formats in this order, and split into blocks where a line of another format starts one (<see cref="TextBlocks"/>); the order matters only where one line could pass for two: the watch log's JSON object
    /// comes before anything else (its <c>"vip"</c> could look like other JSON), the probing tools' own lines before other
    /// tools' logs, and arpdoctor JSON last (its <c>"probesSent"</c> member is the weakest signature).
    /// </summary>
    public static IReadOnlyList<EvidenceFormat> BuiltIn { get; } =
    [
        new(EvidenceKind.Pcap, "pcap", CaptureTraits, CaptureReader.Read) { Magic = head => CaptureMagic.Detect(head) == EvidenceKind.Pcap },
        new(EvidenceKind.Pcapng, "pcapng", CaptureTraits, CaptureReader.Read) { Magic = head => CaptureMagic.Detect(head) == EvidenceKind.Pcapng },
        new(EvidenceKind.WatchLog, "watch-log", ResolutionTraits, ArpDoctorReaders.WatchLog) { Line = line => TextEvidenceReader.LooksLikeWatchLine(line), ReadWhole = true },
        new(EvidenceKind.IputilsArping, "iputils-arping", SourceTraits.None, ProbeRunReader.IputilsArping) { Line = line => IputilsArpingLines.Parse(line).IsSignature, Damaged = IputilsArpingLines.IsDamaged },
        new(EvidenceKind.HabetsArping, "habets-arping", SourceTraits.None, ProbeRunReader.HabetsArping) { Line = line => HabetsArpingLines.Parse(line).IsSignature, Damaged = HabetsArpingLines.IsDamaged },
        new(EvidenceKind.ArpScan, "arp-scan", SourceTraits.None, ProbeRunReader.ArpScan) { Line = line => ArpScanLines.Parse(line).IsSignature, Damaged = ArpScanLines.IsDamaged },
        new(EvidenceKind.Tcpdump, "tcpdump", CaptureTraits, PastedToolReaders.Tcpdump) { Line = PastedToolReaders.IsTcpdumpSignature },
        new(EvidenceKind.Tshark, "tshark", CaptureTraits, PastedToolReaders.Tshark) { Line = PastedToolReaders.IsTsharkSignature },
        new(EvidenceKind.Arpwatch, "arpwatch", ResolutionTraits, OtherToolReaders.Arpwatch) { Line = ArpwatchLines.IsSignature },
        new(EvidenceKind.Addrwatch, "addrwatch", SourceTraits.TimeSeries | SourceTraits.HoldsToEnd, OtherToolReaders.Addrwatch) { Line = AddrwatchLines.IsSignature },
        new(EvidenceKind.NeighbourCache, "neighbour-cache", ResolutionTraits, OtherToolReaders.NeighbourCache) { Line = NeighbourLines.IsSignature, Damaged = line => NeighbourLines.Damage(line) is not null },
        new(EvidenceKind.ArpTable, "arp-table", ResolutionTraits, PastedToolReaders.ArpTable) { Line = PastedToolReaders.IsArpTableSignature },
        new(EvidenceKind.BsdKernelArp, "bsd-kernel-arp", ResolutionTraits | SourceTraits.Moves, PastedToolReaders.BsdKernel) { Line = PastedToolReaders.IsBsdKernelSignature },
        new(EvidenceKind.MetalLbLog, "metallb-log", SourceTraits.TimeSeries, AnnouncerLogReader.MetalLb) { Line = AnnouncerLogReader.IsMetalLbSignature },
        new(EvidenceKind.KubeVipLog, "kube-vip-log", SourceTraits.TimeSeries, AnnouncerLogReader.KubeVip) { Line = AnnouncerLogReader.IsKubeVipSignature },
        new(EvidenceKind.KeepalivedLog, "keepalived-log", SourceTraits.TimeSeries, KeepalivedLogReader.Read) { Line = KeepalivedLogLines.IsSignature },
        new(EvidenceKind.ArpDoctorJson, "arpdoctor-json", SourceTraits.None, ArpDoctorReaders.Json) { Line = line => TextEvidenceReader.LooksLikeArpDoctorJson(line), ReadWhole = true },
    ];
}
