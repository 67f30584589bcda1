using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Analyze;

/// <summary>Why the evidence cannot tell, and what more evidence would settle it; text and HTML share the sentences.</summary>
public static class InconclusiveText
{
    public static IEnumerable<string> Lines(VipReport v)
    {
        var announcers = v.Responders.Where(r => r.Announcements > 0).Select(r => r.Mac).ToList();
        var answering = v.Responders.Where(r => r.Replies > 0).Select(r => r.Mac).ToList();
        if (v.Verdict == Verdict.NoEvidence)
            yield return $"No evidence: nothing in this evidence asks for, answers for or announces {v.Vip}.";
        else if (v.ProbesSent == 0)
            yield return $"Inconclusive: nobody asked for {v.Vip} in this evidence; {string.Join(", ", announcers)} announced it. " +
                "An announcement says who claims the address, not who answers when a client asks: another MAC may answer too.";
        else if (v.WinnerChanges == 1 && v.ContestedProbes == 0 && v.WinnerRuns.Where(r => r.Winner is not null).Select(r => r.Winner!.Value).Take(2).ToList() is [var from, var to])
            yield return $"Inconclusive: {v.Vip} moved once, from {from} to {to}. One move is a failover, a host taking the address over " +
                "or the first flap of many: only a second move, or the new MAC holding the address, tells them apart.";
        else if (v.SnapshotsOnly)
            yield return $"Inconclusive: one record of what clients resolve {v.Vip} to ({string.Join(", ", answering)}). " +
                "A neighbour cache holds one MAC per address by construction, so one snapshot can never show a second one answering.";
        else
            yield return $"Inconclusive: {Words.Count(v.ProbesSent, "probe")}, answered by {string.Join(", ", answering)}. " +
                "One probe cannot tell one answering MAC from several that reply in turn, or from a reply that another one would race.";
        yield return $"To settle it, probe on the VIP's segment: 'arpdoctor probe {v.Vip} -c 10' or 'arping -c 10 {v.Vip}', " +
            $"or 'arpdoctor watch {v.Vip}' to see it over time, or a capture ('tcpdump -w') while clients ask for it.";
    }
}
