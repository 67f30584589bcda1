using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Observations;
using Xunit;

namespace ArpDoctor.Core.Tests.Analysis;

/// <summary>Claims from announcers' logs counted per VIP: who held it when, and two nodes at once (VIP 203.0.113.10, nodes a and b).</summary>
public sealed class ClaimTallyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    private static ClaimReport Fold(params Claim[] claims)
    {
        var tally = new ClaimTally();
        foreach (var c in claims) tally.Add(c);
        return tally.ToReport(onlyClaims: true, TestSupport.Vip)!;
    }

    [Fact]
    public void Repeated_claims_by_one_node_are_one_hold_and_no_overlap()
    {
        var r = Fold(new Claim(At(0), TestSupport.Vip, "a"), new Claim(At(0), TestSupport.Vip, "a"), new Claim(At(10), TestSupport.Vip, "a"));
        Assert.Equal(new AnnouncerClaims("a", 3, 0, At(0), At(10)), Assert.Single(r.Announcers));
        Assert.Equal(new ClaimHold("a", At(0), null, true), Assert.Single(r.Holds));
        Assert.Empty(r.Overlaps);
    }

    [Fact]
    public void A_second_node_claiming_without_a_release_between_holds_it_at_once_until_one_releases()
    {
        var r = Fold(new Claim(At(0), TestSupport.Vip, "a"), new Claim(At(5), TestSupport.Vip, "b"), new Claim(At(9), TestSupport.Vip, "b", Released: true));
        Assert.Equal(new ClaimOverlap("a", "b", At(5), At(9), false), Assert.Single(r.Overlaps));
        Assert.Equal([new ClaimHold("a", At(0), null, true), new ClaimHold("b", At(5), At(9), false)], r.Holds);
    }

    [Fact]
    public void A_claim_after_a_release_is_a_handover_not_two_at_once()
    {
        var r = Fold(new Claim(At(0), TestSupport.Vip, "a"), new Claim(At(4), TestSupport.Vip, "a", Released: true), new Claim(At(5), TestSupport.Vip, "b"));
        Assert.Empty(r.Overlaps);
        Assert.Equal([new ClaimHold("a", At(0), At(4), false), new ClaimHold("b", At(5), null, true)], r.Holds);
    }

    [Fact]
    public void A_leader_election_hands_the_VIP_over_and_names_the_log_s_own_announcer()
    {
        // kube-vip: "new leader elected: a", later "This node is starting with leadership", then "Node [b] is assuming leadership".
        var r = Fold(
            new Claim(At(0), TestSupport.Vip, "a", Lease: true),
            new Claim(At(60), TestSupport.Vip, Claim.ThisAnnouncer, Lease: true),
            new Claim(At(60), TestSupport.Vip, "b", Lease: true));
        Assert.Empty(r.Overlaps);
        Assert.Equal([new ClaimHold("a", At(0), At(60), false), new ClaimHold("b", At(60), null, true)], r.Holds);
    }

    [Fact]
    public void A_claim_that_names_no_node_is_never_a_second_announcer()
    {
        var r = Fold(new Claim(null, TestSupport.Vip, "node-2"), new Claim(At(0), TestSupport.Vip, Claim.ThisAnnouncer));
        Assert.Empty(r.Overlaps);
        Assert.Equal(["node-2"], r.Holds.Select(h => h.Node));
    }

    [Fact]
    public void A_VIP_seen_only_through_claims_says_what_would_settle_who_answers()
    {
        var analysis = new EvidenceAnalysis();
        var feed = analysis.Begin(SourceTraits.TimeSeries);
        feed.Add(new Claim(At(0), TestSupport.Vip, "a"));
        feed.Add(new Claim(At(5), TestSupport.Vip, "b"));
        var vip = Assert.Single(analysis.ToReport(TestSupport.Firewall).Vips);
        Assert.NotEqual(ArpDoctor.Core.Probing.Verdict.Healthy, vip.Verdict);
        Assert.Equal((0, 0), (vip.ProbesSent, vip.Replies));
        Assert.Contains("arping -b 203.0.113.10", vip.Claims!.Settle);
        Assert.Equal(new ClaimOverlap("a", "b", At(5), null, true), Assert.Single(vip.Claims.Overlaps));
    }

    [Fact]
    public void Claims_beside_replies_need_no_settling_and_outside_since_until_are_left_out()
    {
        var analysis = new EvidenceAnalysis(window: new TimeWindow(At(1), null));
        var feed = analysis.Begin(SourceTraits.TimeSeries);
        feed.Add(new Claim(At(0), TestSupport.Vip, "a"));
        feed.Add(new Claim(At(2), TestSupport.Vip, "b"));
        feed.Add(new Round(At(3), TestSupport.Vip, [new Reply(TestSupport.Node2, At(3))]));
        var vip = Assert.Single(analysis.ToReport(TestSupport.Firewall).Vips);
        Assert.Null(vip.Claims!.Settle);
        Assert.Equal(["b"], vip.Claims.Announcers.Select(a => a.Node));
    }
}
