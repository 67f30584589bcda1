using ArpDoctor.Core.History;
using System.Text.Json.Serialization;

namespace ArpDoctor.Cli.Analyze;

/// <summary>The <c>analyze -o json</c> document; property order is the documented order. Nulls are written.</summary>
/// <param name="Incomplete">Evidence was left out (damaged lines of a long input, addresses past the limit): no verdict covers all of it.</param>
/// <param name="SkippedLines">Damaged lines counted and left out, over all inputs.</param>
public sealed record AnalyzeJson(
    string Verdict,
    IReadOnlyList<InputJson> Inputs,
    IReadOnlyList<UnreadJson> Unread,
    IReadOnlyList<VipJson> Vips,
    IReadOnlyList<string> Warnings,
    bool Incomplete,
    long SkippedLines);

/// <param name="Frames">Captures only: frames read.</param>
/// <param name="Blocks">Text only: its blocks in order, each of one kind (one for a text of one kind).</param>
/// <param name="SkippedLines">Damaged lines counted and left out.</param>
public sealed record InputJson(string File, string? Kind, long? Frames, string? Warning, IReadOnlyList<BlockJson>? Blocks, long SkippedLines);

/// <param name="FirstLine">The block's first evidence line (from 1, in its input).</param>
/// <param name="LastLine">Its last evidence line.</param>
public sealed record BlockJson(string Kind, long FirstLine, long LastLine);

/// <summary>An input that could not be read, at all or from a damaged line on (what came before it was analysed).</summary>
/// <param name="Reason">Why, as on standard error: <c>no such file</c>, <c>line 3: 'TEXT': not recognised as ...</c>.</param>
public sealed record UnreadJson(string File, string Reason);

public sealed record VipJson(
    string Vip,
    string Verdict,
    long ProbesSent,
    long ProbesAnswered,
    long Replies,
    int ResponderCount,
    long WinnerChanges,
    long ContestedProbes,
    IReadOnlyList<ResponderJson> Responders,
    IReadOnlyList<WinnerRunJson> Winners,
    bool WinnersTruncated,
    double ChanceNextDiffers,
    string ShareBasis,
    double FirewallTimeoutSeconds,
    double? ExpectedSecondsToMove,
    string? LikelyAnnouncer,
    IReadOnlyList<string>? KernelResponders,
    long ConnectionDrops,
    IReadOnlyList<string> Warnings,
    string Clock,
    IReadOnlyList<PhaseJson> Phases,
    IReadOnlyList<ChangeJson> Changes,
    IReadOnlyList<string> AnnouncerReasons,
    ClaimsJson? Claims,
    IReadOnlyList<CauseJson> Causes);

/// <summary>What announcers' logs say of a VIP; null when none spoke of it. A node is null where the log never said who wrote it.</summary>
/// <param name="List">Every claim and release in the order read (the first 1 000).</param>
/// <param name="Settle">For a VIP seen only through claims: what evidence would say which MACs answer.</param>
public sealed record ClaimsJson(
    IReadOnlyList<AnnouncerClaimsJson> Announcers,
    IReadOnlyList<HoldJson> Holds,
    IReadOnlyList<OverlapJson> Overlaps,
    IReadOnlyList<ClaimJson> List,
    bool ListTruncated,
    string? Settle);

public sealed record AnnouncerClaimsJson(string? Node, long Claims, long Releases, DateTimeOffset? First, DateTimeOffset? Last);

/// <param name="Open">Still held at the end of the evidence (then <c>to</c> is null).</param>
public sealed record HoldJson(string? Node, DateTimeOffset? From, DateTimeOffset? To, bool Open);

/// <summary>Two nodes holding the VIP at once: two announcers.</summary>
public sealed record OverlapJson(IReadOnlyList<string?> Nodes, DateTimeOffset? From, DateTimeOffset? To, bool Open);

/// <param name="Lease">Taken through a leader election (the previous holder's lease ended).</param>
public sealed record ClaimJson(DateTimeOffset? Time, string? Node, bool Released, bool Lease);

/// <summary>A cause the evidence points to (analyze's hints), from the catalogue <c>doctor</c> uses too.</summary>
/// <param name="Id">ipvs-without-strict-arp, two-interfaces, two-announcers, foreign-device or failover.</param>
/// <param name="Evidence">What in the evidence points to it, one line each.</param>
/// <param name="Confirm">What would confirm it (<c>arpdoctor check</c>, <c>arpdoctor locate</c>, a log to read), one line each.</param>
public sealed record CauseJson(string Id, string Summary, IReadOnlyList<string> Evidence, IReadOnlyList<string> Confirm, string RuledOutBy, string Remedy);

/// <param name="From">Null when the evidence has no clock (then <c>firstProbe</c>/<c>lastProbe</c> place the phase).</param>
public sealed record PhaseJson(
    DateTimeOffset? From,
    DateTimeOffset? To,
    long FirstProbe,
    long LastProbe,
    string Verdict,
    long ProbesSent,
    long ProbesAnswered,
    long Replies,
    int ResponderCount,
    long WinnerChanges,
    long ContestedProbes,
    IReadOnlyList<ResponderJson> Responders,
    double ChanceNextDiffers,
    string ShareBasis,
    double? ExpectedSecondsToMove,
    string? LikelyAnnouncer,
    IReadOnlyList<string>? KernelResponders);

/// <param name="Kind">fixed, broke, failover, flap, changed, stopped or resumed (<see cref="PhaseWords"/>).</param>
public sealed record ChangeJson(string Kind, long AtProbe, DateTimeOffset? At, IReadOnlyList<string> Before, IReadOnlyList<string> After);

/// <param name="Vendor">The IEEE registry's holder of the MAC's prefix, short form; null when unknown (or locally administered).</param>
public sealed record ResponderJson(
    string Mac,
    string? Vendor,
    long Replies,
    long Wins,
    double WinShare,
    long ProbesAnswered,
    long ProbesAnsweredMoreThanOnce,
    double RepliesPerProbe,
    long Announcements,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen);

/// <param name="Mac">Null for probes nobody answered.</param>
public sealed record WinnerRunJson(string? Mac, long FromProbe, long Probes);

// Source-generated: no reflection warm-up on the way to a verdict.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(AnalyzeJson))]
internal sealed partial class AnalyzeJsonContext : JsonSerializerContext
{
    /// <summary>With the relaxed encoder every verb's JSON uses (see JsonText.Options).</summary>
    public static readonly AnalyzeJsonContext Relaxed = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
