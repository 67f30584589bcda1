using System.Text.Json.Serialization;
using ArpDoctor.Core.Causes;
using ArpDoctor.Core.Doctoring;

namespace ArpDoctor.Cli.Doctor;

/// <summary>The <c>doctor -o json</c> document; property order is the documented order (docs/doctor.md). Nulls are written.</summary>
public sealed record DoctorJson(
    string Verdict,
    string From,
    string? Interface,
    string Server,
    IReadOnlyList<DoctorVipJson> Vips,
    IReadOnlyList<CauseJson> Causes,
    IReadOnlyList<string> NotDone,
    IReadOnlyList<string> Notes)
{
    /// <summary>With <c>--from agent</c>: the agents read and the age of their oldest round (<c>agent on n1, n2 (round 4s ago)</c>); absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(1)]
    public string? Vantage { get; init; }

    public static DoctorJson Of(DoctorReport r) => new(
        r.Verdict, r.Source.ToWord(), r.Interface.Length == 0 ? null : r.Interface, r.Server,
        r.Vips.Select(v => new DoctorVipJson(v.Vip.ToString(), v.Service, v.Announcer, v.AnnouncerKind, v.Verdict, v.Probes,
            v.Responders.Select(x => new DoctorResponderJson(x.Mac.ToString(), x.Vendor, x.Node, x.Role.ToWord(), x.Replies, x.Wins)).ToList(),
            v.Causes.Select(c => c.Id.ToWord()).ToList())).ToList(),
        r.Causes.Select(c => new CauseJson(c.Cause.Id.ToWord(), c.Cause.Summary, c.Vips.Select(v => v.ToString()).ToList(), c.Cause.Nodes,
            c.Cause.Evidence, c.Cause.RuledOutBy, new RemedyJson(c.Cause.Remedy.Kind.ToWord(), c.Cause.Remedy.Text, c.Cause.Remedy.Command),
            c.Cause.Proof)).ToList(),
        r.NotDone, r.Notes) { Vantage = r.Vantage };
}

/// <param name="Causes">The ids of the causes named for this VIP (each described once in the document's <c>causes</c>).</param>
public sealed record DoctorVipJson(string Vip, string Service, string? Announcer, string? AnnouncerKind, string Verdict, int Probes,
    IReadOnlyList<DoctorResponderJson> Responders, IReadOnlyList<string> Causes);

/// <param name="Vendor">The IEEE registry's holder of the MAC's prefix, short form; null when unknown (or locally administered).</param>
public sealed record DoctorResponderJson(string Mac, string? Vendor, string? Node, string Role, int Replies, int Wins);

public sealed record CauseJson(string Id, string Summary, IReadOnlyList<string> Vips, IReadOnlyList<string> Nodes, IReadOnlyList<string> Evidence,
    string RuledOutBy, RemedyJson Remedy, string Proof);

/// <param name="Kind"><c>fix</c>, <c>emit</c> or <c>elsewhere</c>.</param>
public sealed record RemedyJson(string Kind, string Text, string? Command);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DoctorJson))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext
{
    /// <summary>With the relaxed encoder every verb's JSON uses (see JsonText.Options).</summary>
    public static readonly DoctorJsonContext Relaxed = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
