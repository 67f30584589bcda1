using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Tests;

/// <summary>Address plan of every fixture: client 203.0.113.1 (02:00:00:00:00:01); nodes 1-3 at
/// 02:00:00:00:01:0N; VIP 203.0.113.10 on every node's kube-ipvs0; golden files come from that lab.</summary>
internal static class TestSupport
{
    public static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    public static readonly MacAddress Node1 = MacAddress.Parse("02:00:00:00:01:01");
    public static readonly MacAddress Node2 = MacAddress.Parse("02:00:00:00:01:02");
    public static readonly MacAddress Node3 = MacAddress.Parse("02:00:00:00:01:03");
    public static readonly TimeSpan Firewall = TimeSpan.FromSeconds(30);

    public static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    public static (AnalysisReport Report, EvidenceKind? Kind, EvidenceError? Error) Analyse(string text, Ipv4Address? vip = null)
    {
        var analysis = new EvidenceAnalysis(vip);
        var (kind, error) = TextEvidenceReader.Read(new StringReader(text), analysis);
        return (analysis.ToReport(Firewall), kind, error);
    }
}
