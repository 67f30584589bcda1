using ArpDoctor.Core.Causes;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Vendors;

namespace ArpDoctor.Core.Doctoring;

/// <summary>A VIP announced in layer 2, with its Service and the node said to announce it.</summary>
public sealed record LayerTwoVip(Ipv4Address Vip, ServiceSnapshot Service, string? Announcer, string? AnnouncerKind);

/// <summary>Puts the cluster's facts and what was heard together: each VIP's responders, their roles, the causes. Pure.</summary>
public static class DoctorDiagnosis
{
    /// <summary>Every IPv4 VIP of every LoadBalancer Service, with its announcer as check reads it; empty when nothing announces in layer 2.</summary>
    public static IReadOnlyList<LayerTwoVip> Vips(ClusterFacts facts) =>
        facts.Services.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
            .SelectMany(s =>
            {
                var node = Announcers.NodeOf(s, facts.L2Statuses, facts.Announcements, facts.DaemonSets, facts.OtherAnnouncers);
                var kind = ClusterSide.KindOf(facts, s, node);
                return s.Vips.Where(v => Ipv4Address.TryParse(v, out _)).Select(v => new LayerTwoVip(Ipv4Address.Parse(v), s, node, kind));
            })
            .ToList();

    /// <param name="hearing">What was heard; <c>null</c> when nothing could be probed (<paramref name="notDone"/> says why). A VIP
    /// it has no entry for was not probed (an agent's round covers only the VIPs on its interfaces' networks).</param>
    /// <param name="vantage">Where the answers came from in words, when the interface alone does not say (the agents read).</param>
    public static DoctorReport Diagnose(ClusterFacts facts, ClusterSide side, Hearing? hearing, MacVendors vendors,
        ProbeSource source, string server, IReadOnlyList<string> notDone, string? vantage = null)
    {
        var owners = hearing is null ? new Dictionary<MacAddress, string>()
            : ClusterSide.MacOwners(facts.Nodes, ip => hearing.For(ip).Select(h => h.Mac));
        var vips = new List<VipDiagnosis>();
        foreach (var v in Vips(facts))
        {
            bool probed = hearing is not null && hearing.Answers.ContainsKey(v.Vip);
            var heard = hearing?.For(v.Vip) ?? [];
            var macs = heard.Select(h => new HeardMac(h.Mac, h.Replies, h.Wins, vendors.NameOf(h.Mac))).ToList();
            var view = new ClusterView(v.Announcer, v.AnnouncerKind, owners, side.NotReady, side.KubeProxy, side.KubeProxyEvidence, side.KubeProxyRemedy, side.NoAnnouncerEvidence);
            var facts1 = new CaseFacts(v.Vip, hearing?.Interface ?? "IFACE", hearing?.Rounds ?? 0, macs, view);
            // Without answers only the causes the cluster alone shows are named (an announcer NotReady, none at all).
            var causes = CauseCatalogue.Name(facts1)
                .Where(c => probed || c.Id is CauseId.AnnouncerNotReady or CauseId.NoAnnouncer).ToList();
            vips.Add(new VipDiagnosis(v.Vip, $"{v.Service.Namespace}/{v.Service.Name}", v.Announcer, v.AnnouncerKind, probed,
                hearing?.Rounds ?? 0, Roles(macs, owners, v.Announcer, side.KubeProxy), causes));
        }
        var notes = facts.Unread.Select(u => $"{u.What}: {u.Note}").ToList();
        return new DoctorReport(source, hearing?.Interface ?? "", server, vips, notDone, notes) { Vantage = hearing is null ? null : vantage };
    }

    private static List<DoctorResponder> Roles(IReadOnlyList<HeardMac> macs, IReadOnlyDictionary<MacAddress, string> owners, string? announcer, KubeProxyArp kubeProxy)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // The announcer's own MACs first, so its second interface is the one called so.
        return macs.OrderBy(m => owners.TryGetValue(m.Mac, out var n) && n == announcer ? 0 : 1).Select(m =>
        {
            if (!owners.TryGetValue(m.Mac, out var node)) return new DoctorResponder(m.Mac, m.Vendor, null, DoctorRole.Foreign, m.Replies, m.Wins);
            var role = !seen.Add(node) ? DoctorRole.SecondInterface
                : node == announcer ? DoctorRole.Announcer
                : kubeProxy is KubeProxyArp.StrictArpOff or KubeProxyArp.RestartPending ? DoctorRole.Kernel
                : announcer is null ? DoctorRole.Node
                : DoctorRole.SecondAnnouncer;
            return new DoctorResponder(m.Mac, m.Vendor, node, role, m.Replies, m.Wins);
        }).ToList();
    }
}
