using ArpDoctor.Core.History;
using System.Globalization;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Causes;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Analyze;

/// <summary>What a VIP's figures mean, in the sentences text and HTML reports share.</summary>
public static class Explanations
{
    /// <summary>Longest winner sequence spelled out in text and HTML; JSON always has it.</summary>
    public const int MaxRunsShown = 12;

    public static string Headline(VipReport v) => string.Create(CultureInfo.InvariantCulture,
        $"{v.Vip}: {v.Verdict.ToWord()} — {Words.Count(v.Responders.Count(r => r.Replies > 0), "MAC")}, {Words.Count(v.Replies, "reply", "replies")} to {Words.Count(v.ProbesSent, "probe")}, {v.ProbesAnswered} answered");

    public static IEnumerable<string> Lines(VipReport v)
    {
        var answering = v.Responders.Where(r => r.Replies > 0).ToList();
        switch (v.Verdict)
        {
            case Verdict.Healthy:
                yield return $"Healthy: only {answering[0].Mac} answers for {v.Vip}, so every client resolves it to the same node.";
                break;
            case Verdict.NoAnswer when v.ProbesSent == 0 && v.Replies == 0:
                yield return $"Nothing asked: the evidence has no probe of {v.Vip}, so no answer from it proves nothing.";
                break;
            case Verdict.NoAnswer:
                yield return $"No answer: nobody answered for {v.Vip} in this evidence. Check that the VIP is assigned, that MetalLB's speaker runs, and that the evidence was taken on the VIP's L2 segment.";
                break;
            case Verdict.Conflict:
                yield return $"Conflict: {Math.Max(answering.Count, 2)} MACs answer for {v.Vip}; a client that re-resolves takes the first reply, so its traffic can move to another node and long-lived connections drop.";
                break;
            case Verdict.Unstable:
                yield return $"Unstable: the MAC clients resolve {v.Vip} to changed {Words.Count(v.WinnerChanges, "time")} during the evidence; every change moves traffic to another node.";
                break;
            case Verdict.Inconclusive or Verdict.NoEvidence:
                foreach (var line in InconclusiveText.Lines(v)) yield return line;
                break;
        }
        if (v.Verdict is not (Verdict.NoAnswer or Verdict.Inconclusive or Verdict.NoEvidence) && v.ProbesAnswered > 0)
        {
            var odds = v.Odds;
            var basis = odds.Basis == ShareBasis.Time ? "share of the watched time" : "share of the probes won";
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Chance that a re-resolution lands on a different MAC than the one before it: {odds.ChanceNextDiffers:P0} (from each MAC's {basis}).");
            yield return odds.ExpectedTimeToMove is { } t
                ? $"A client re-resolving every {Durations.Format(odds.FirewallTimeout)} first moves its traffic after about {Durations.Format(t)} on average."
                : answering.Count > 1 && v.WinnerChanges > 0
                    // The shares are of the watched time: a MAC that held the VIP for moments weighs nothing in them, yet each change moved traffic.
                    ? $"Yet the MAC changed {Words.Count(v.WinnerChanges, "time")} in this evidence: {string.Join(", ", answering.Skip(1).Select(r => r.Mac))} held it only for moments, too briefly to weigh in the shares, and each change moved traffic to another node."
                : answering.Count > 1
                    ? $"In this evidence {v.Responders[0].Mac} won every probe, so re-resolutions would not move; on a network with jitter the first reply varies and they would."
                    : $"A client re-resolving every {Durations.Format(odds.FirewallTimeout)} never moves: there is one MAC to land on.";
        }
        if (v.WinnerRuns.Count is > 1 and <= MaxRunsShown)
            yield return "Winners in probe order: " + string.Join(", ", v.WinnerRuns.Select(w => $"{w.Winner?.ToString() ?? "no answer"} ×{w.Probes}")) + ".";
        if (v.Inference is { } inf)
            yield return $"{inf.Announcer} answers more than once per probe while {string.Join(", ", inf.KernelResponders)} answer once: " +
                $"{inf.Announcer} is likely the real announcer (MetalLB's speaker and that node's kernel both answer); the others are kernels answering for the VIP on kube-ipvs0.";
        if (v.ConnectionDrops > 0)
            yield return $"The watch log records {Words.Count(v.ConnectionDrops, "dropped connection")}.";
        var announcements = v.Responders.Where(r => r.Announcements > 0).ToList();
        if (announcements.Count > 0)
            yield return $"Announcements (gratuitous ARP, as on failover) from: {string.Join(", ", announcements.Select(r => $"{r.Mac} ×{r.Announcements}"))}.";
    }

    /// <summary>
    /// What analyze says where several MACs conflict and no cause in the catalogue fits the evidence: that none does, and
    /// what would narrow it down, rather than a cause the evidence does not point to.
    /// </summary>
    public static string NoCause(VipReport v) =>
        $"No known cause fits this evidence: the MACs neither all answer every probe (kube-proxy IPVS without strictARP), nor take turns as the first answer (two announcers), nor look like two ports of one card (one host, two interfaces) or like another kind of device (a foreign device). 'arpdoctor check' reads the cluster's side; 'arpdoctor locate {v.Vip}' maps each MAC to a node, or to none.";

    /// <summary>How a hint is titled: a failover is named as what it most likely is, the rest as a likely cause.</summary>
    public static string Title(Cause c) => c.Id == CauseId.Failover ? $"Likely {c.Id.ToWord()}" : $"Likely cause: {c.Id.ToWord()}";
}
