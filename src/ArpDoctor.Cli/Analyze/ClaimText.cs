using System.Globalization;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Analyze;

/// <summary>The sentences about what announcers' logs say of a VIP (claims, who held it when, two at once), shared by text and HTML.</summary>
public static class ClaimText
{
    /// <summary>Holds spelled out in text and HTML (the first ones); JSON has every one.</summary>
    public const int MaxHoldsShown = 12;

    public static IEnumerable<string> Lines(VipReport v)
    {
        if (v.Claims is not { } c) yield break;
        yield return "Claims in the announcers' logs: " + string.Join(", ", c.Announcers.Select(a =>
            $"{Name(a.Node)} ×{a.Claims}{(a.Releases > 0 ? $" (released ×{a.Releases})" : "")}{Between(a.First, a.Last)}")) + ".";
        if (c.Holds.Count > 0)
            yield return "Held by: " + string.Join(", then ", c.Holds.Take(MaxHoldsShown).Select(h => $"{Name(h.Node)} {Span(h.From, h.To, h.Open)}")) +
                (c.Holds.Count > MaxHoldsShown ? $", and {Words.Count(c.Holds.Count - MaxHoldsShown, "more hold", "more holds")} (-o json has them all)" : "") + ".";
        foreach (var o in c.Overlaps)
            yield return $"Two nodes held {v.Vip} at once: {Name(o.First)} and {Name(o.Second)}, {Span(o.From, o.To, o.Open)}: two announcers (split brain); " +
                "clients resolve the VIP to whichever answered last.";
        if (c.Settle is { } settle) yield return $"No verdict from replies: {settle}.";
    }

    /// <summary>The node as the report names it: the log's own announcer when the log never said who wrote it.</summary>
    public static string Name(string node) => node == Claim.ThisAnnouncer ? "this log's announcer" : node;

    private static string Between(DateTimeOffset? first, DateTimeOffset? last) =>
        first is not { } f ? "" : last is { } l && Stamp(l) != Stamp(f) ? $" ({Stamp(f)} – {Stamp(l)} UTC)" : $" ({Stamp(f)} UTC)";

    private static string Span(DateTimeOffset? from, DateTimeOffset? to, bool open)
    {
        var start = from is { } f ? $"from {Stamp(f)} UTC" : "from a time the log does not say";
        if (open) return $"{start} to the end of the evidence";
        return to is { } t ? $"{start} to {Stamp(t)} UTC" : $"{start} until released";
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
