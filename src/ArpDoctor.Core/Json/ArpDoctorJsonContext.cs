using System.Text.Json.Serialization;

namespace ArpDoctor.Core.Json;

/// <summary>
/// The one JSON contract of the documents ArpDoctor writes and reads back: the CLI's renderers serialize these types
/// and <c>analyze</c> (<see cref="Evidence.ArpDoctorJsonReader"/>) deserializes them, through the same generated code
/// (no reflection: the tool is published native AOT). Keys are the camelCase names of the record members, in their
/// order; addresses, MACs and verdicts go through the converters here, so every word is an explicit mapping.
/// Output options (indentation, escaping) are the writer's: the CLI serializes into its own <c>Utf8JsonWriter</c>.
/// </summary>
/// <remarks>Another document type (watch's events and summary) joins by adding its <c>[JsonSerializable]</c> line here.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(Ipv4AddressJsonConverter), typeof(MacAddressJsonConverter), typeof(VerdictJsonConverter)])]
[JsonSerializable(typeof(ProbeDocument))]
[JsonSerializable(typeof(ScanDocument))]
public sealed partial class ArpDoctorJsonContext : JsonSerializerContext;
