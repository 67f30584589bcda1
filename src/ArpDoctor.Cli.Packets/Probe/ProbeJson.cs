using System.Text.Json.Serialization;

namespace ArpDoctor.Cli.Probe;

/// <summary>The <c>probe -o json</c> document; property order is the documented order.</summary>
public sealed record ProbeJson(
    string Vip,
    string Interface,
    int ProbesSent,
    IReadOnlyList<ProbeReplyJson> Replies,
    IReadOnlyList<ResponderJson> Responders,
    string Verdict);

public sealed record ProbeReplyJson(int Probe, string Mac, double RttMs);

public sealed record ResponderJson(string Mac, int Replies, int FirstReplies);

// Source-generated: no reflection warm-up on the way to a verdict.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ProbeJson))]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;
