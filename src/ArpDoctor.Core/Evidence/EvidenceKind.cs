namespace ArpDoctor.Core.Evidence;

/// <summary>What a piece of evidence is, as recognised from its content (never from its file name).</summary>
public enum EvidenceKind
{
    /// <summary>iputils <c>arping</c> text: <c>Unicast reply from IP [MAC]  0.771ms</c>.</summary>
    IputilsArping,
    /// <summary>Thomas Habets' <c>arping</c> text: <c>60 bytes from MAC (IP): index=0 time=...</c>.</summary>
    HabetsArping,
    /// <summary><c>arp-scan</c> output: tab-separated <c>IP MAC vendor</c>, <c>(DUP: n)</c> markers.</summary>
    ArpScan,
    /// <summary>The JSON-lines log <c>arpdoctor watch</c> writes.</summary>
    WatchLog,
    /// <summary>A libpcap capture file.</summary>
    Pcap,
    /// <summary><c>tcpdump -n [-e] [-tttt] arp</c> text: the frames a capture shows, as pasted into tickets.</summary>
    Tcpdump,
    /// <summary>A pcapng capture file.</summary>
    Pcapng,
    /// <summary>arpwatch's syslog messages: <c>flip flop IP MAC (OLD) eth0</c>, <c>changed ethernet address ...</c>, <c>new station ...</c>.</summary>
    Arpwatch,
    /// <summary>addrwatch's lines: <c>UNIXTIME IFACE VLAN MAC IP ARP_REP</c>.</summary>
    Addrwatch,
    /// <summary>Snapshots of a client's neighbour cache: <c>ip neigh</c>, <c>arp -a</c>, <c>arp -an</c>, optionally between <c>date</c> stamps.</summary>
    NeighbourCache,
    /// <summary>What <c>arpdoctor probe -o json</c> and <c>arpdoctor scan -o json</c> write.</summary>
    ArpDoctorJson,
    /// <summary>tshark's (Wireshark's) packet list and its duplicate-address notes: <c>1 0.000000 SRC → Broadcast ARP 42 Who has IP? Tell IP</c>.</summary>
    Tshark,
    /// <summary>ARP tables: net-tools <c>arp -n</c>/<c>-vn</c> (<c>IP ether MAC C eth0</c>), BSD and macOS <c>arp -a</c> (<c>? (IP) at MAC on em0 expires in N seconds [ethernet]</c>).</summary>
    ArpTable,
    /// <summary>BSD kernel ARP messages (FreeBSD, pfSense, OPNsense): <c>arp: IP moved from MAC to MAC on em0</c>, <c>arp: IP is on em0 but got reply from MAC on em1</c>.</summary>
    BsdKernelArp,
    /// <summary>MetalLB's speaker log (<c>"event":"serviceAnnounced"</c>) and its <c>nodeAssigned</c> Events: which node announces a VIP.</summary>
    MetalLbLog,
    /// <summary>kube-vip's log: gratuitous ARPs it sends (<c>Broadcasting ARP update for IP (MAC)</c>), leader elections, VIPs taken.</summary>
    KubeVipLog,
    /// <summary>keepalived's VRRP log: <c>(VI_1) Entering MASTER STATE</c>, <c>Sending gratuitous ARP on eth0 for IP</c>: which host holds a VIP.</summary>
    KeepalivedLog,
}

public static class EvidenceKindNames
{
    /// <summary>The kind's name in reports and JSON, from its registry entry.</summary>
    public static string ToWord(this EvidenceKind kind) =>
        EvidenceRegistry.Default.Find(kind)?.Word ?? throw new ArgumentOutOfRangeException(nameof(kind));

    /// <summary>Captures, watch logs and other records of change over time: there the winner can be seen to change.</summary>
    public static bool IsTimeSeries(this EvidenceKind kind) =>
        EvidenceRegistry.Default.Find(kind) is { } format && format.Traits.HasFlag(Observations.SourceTraits.TimeSeries);
}
