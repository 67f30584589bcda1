using ArpDoctor.Core.History;
using System.Globalization;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Analyze;

/// <summary>The sentences about a VIP's phases and the changes between them, shared by text and HTML reports.</summary>
public static class PhaseText
{
    /// <summary>Phases listed in text and HTML (the latest ones); JSON always has all of them.</summary>
    public const int MaxPhasesShown = 12;

    /// <summary>The headline of a VIP whose evidence has more than one phase: the present verdict, since when, and why.</summary>
    public static string Headline(VipReport v)
    {
        var change = v.Changes[^1];
        // Since the first probe that saw the new state: the phase itself may start earlier, with the announcement that began it.
        var since = change.At is { } at ? Stamp(at) + " UTC" : $"probe {change.AtProbe}";
        var order = v.Clockless ? ", in the order of the evidence (it has no clock)" : "";
        return $"{v.Vip}: {v.Verdict.ToWord()} since {since} ({Word(change.Kind)}) — {Words.Count(v.Phases.Count, "phase")}{order}";
    }

    /// <summary>One line per phase shown, each followed by the change out of it.</summary>
    public static IEnumerable<string> Summary(VipReport v)
    {
        int first = Math.Max(0, v.Phases.Count - MaxPhasesShown);
        if (first > 0) yield return $"({Words.Count(first, "earlier phase")} not shown; -o json has them all)";
        for (int i = first; i < v.Phases.Count; i++)
        {
            var p = v.Phases[i];
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Phase {i + 1}, {Span(p)}: {p.Verdict.ToWord()} — {Words.Count(p.Responders.Count(r => r.Replies > 0), "MAC")}, {Words.Count(p.Replies, "reply", "replies")} to {Words.Count(p.ProbesSent, "probe")}, {p.ProbesAnswered} answered");
            if (i < v.Changes.Count) yield return "  " + Change(v.Changes[i]);
        }
    }

    /// <summary>The heading of one phase's details.</summary>
    public static string Heading(VipReport v, int index) =>
        $"Phase {index + 1}{(index == v.Phases.Count - 1 ? " (now)" : "")}, {Span(v.Phases[index])}:";

    /// <summary>The announcer named on two grounds, when the evidence spans a fix.</summary>
    public static string? Announcer(VipReport v)
    {
        if (v.Inference is not { AloneAfter: { } fix } inf) return null;
        int before = v.Changes.ToList().IndexOf(fix);
        var at = fix.At is { } t ? Stamp(t) + " UTC" : $"probe {fix.AtProbe}";
        return $"{inf.Announcer} is the announcer, for two reasons: it answered more than once per probe while " +
            $"{Words.Count(inf.KernelResponders.Count, "other MAC", "other MACs")} answered once (phase {before + 1}), the speaker and its node's kernel both answering; " +
            $"and it alone answers after the fix at {at} (phase {before + 2}), when the kernels stopped.";
    }

    public static string Word(PhaseChangeKind kind) => kind.ToWord();

    private static string Change(PhaseChange c)
    {
        var at = c.At is { } t ? $"{Stamp(t)} UTC (probe {c.AtProbe})" : $"probe {c.AtProbe}";
        var why = c.Kind switch
        {
            PhaseChangeKind.Failover => ", announced by the new MAC",
            PhaseChangeKind.Flap => ", with no announcement from the new MAC",
            _ => "",
        };
        return $"{Word(c.Kind)} at {at}: {Macs(c.Before)} → {Macs(c.After)}{why}";
    }

    private static string Macs(IReadOnlyList<MacAddress> macs) => macs.Count switch
    {
        0 => "nobody",
        <= 3 => string.Join(", ", macs),
        _ => Words.Count(macs.Count, "MAC"),
    };

    private static string Span(VipPhase p)
    {
        if (p.From is not { } from || p.To is not { } to) return $"probes {p.FirstProbe}–{p.LastProbe}";
        var end = to.UtcDateTime.Date == from.UtcDateTime.Date ? to.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : Stamp(to);
        return $"{Stamp(from)} – {end} UTC";
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
