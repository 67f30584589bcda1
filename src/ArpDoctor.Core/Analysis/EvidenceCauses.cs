using ArpDoctor.Core.Causes;
using ArpDoctor.Core.History;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Vendors;

namespace ArpDoctor.Core.Analysis;

/// <summary>
/// analyze's hints: the catalogue asked with the evidence alone (no cluster facts), so a conflict names the cause its
/// answers point to, or none. The vendors come in as the registry the caller loaded. Pure.
/// </summary>
public static class EvidenceCauses
{
    /// <summary>The interface the proof command names: the evidence does not say where it was taken.</summary>
    public const string Interface = "IFACE";

    /// <summary>The catalogue's facts for one VIP (or one phase of it, see <see cref="VipReport.ForPhase"/>).</summary>
    public static CaseFacts Facts(VipReport v, MacVendors vendors) =>
        new(v.Vip, Interface, (int)Math.Min(v.ProbesAnswered, int.MaxValue),
            v.Responders.Where(r => r.Replies > 0).Select(r => new HeardMac(r.Mac, Int(r.Replies), Int(r.Wins), vendors.NameOf(r.Mac))
            {
                ProbesAnswered = Int(r.ProbesAnswered),
                ProbesAnsweredTwice = Int(r.ProbesAnsweredMoreThanOnce),
                Announcements = Int(r.Announcements),
            }).ToList(),
            null)
        {
            Moves = new WinnerMoves(v.WinnerChanges, v.ContestedProbes, AnnouncedChanges(v)),
        };

    /// <summary>
    /// Winner changes the new MAC announced. Where the history judged the change into a phase it is its word (a
    /// failover); a change inside a phase (the new winner answered too few rounds to make one) counts when the MAC that
    /// took over sent an announcement.
    /// </summary>
    private static long AnnouncedChanges(VipReport v)
    {
        if (v.Changes.Count > 0) return v.Changes.Count(c => c.Kind == PhaseChangeKind.Failover);
        var announcers = v.Responders.Where(r => r.Announcements > 0).Select(r => r.Mac).ToHashSet();
        return v.WinnerRuns.Skip(1).Count(r => r.Winner is { } w && announcers.Contains(w));
    }

    /// <summary>
    /// The causes the evidence points to where more than one MAC answered and the verdict is a conflict or unstable;
    /// empty otherwise, and empty where no cause fits (the caller says so rather than guessing).
    /// </summary>
    public static IReadOnlyList<Cause> Hints(VipReport v, MacVendors vendors) =>
        NeedsCause(v) ? CauseCatalogue.Name(Facts(v, vendors)) : [];

    /// <summary>The hints of a VIP over all its phases: each phase's, each cause once, in the order first named.</summary>
    public static IReadOnlyList<Cause> AllHints(VipReport v, MacVendors vendors) =>
        v.Phases.Count <= 1 ? Hints(v, vendors)
            : Enumerable.Range(0, v.Phases.Count).SelectMany(i => Hints(v.ForPhase(i), vendors)).DistinctBy(c => c.Id).ToList();

    /// <summary>A conflict or instability between several MACs: a cause is owed.</summary>
    public static bool NeedsCause(VipReport v) =>
        v.Verdict is Verdict.Conflict or Verdict.Unstable && v.Responders.Count(r => r.Replies > 0) > 1;

    private static int Int(long n) => (int)Math.Min(n, int.MaxValue);
}
