using System.Text.Json;
using System.Text.Json.Serialization;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Core.Json;

/// <summary>
/// A value in an ArpDoctor document that is not what the writer puts there. The message completes
/// <c>'&lt;key&gt;' …</c> (<c>is not an IPv4 address</c>); the serializer adds where it was (<see cref="JsonException.Path"/>,
/// <see cref="JsonException.LineNumber"/>) without changing the message.
/// </summary>
public sealed class JsonValueException(string message) : JsonException(message);

/// <summary>An IPv4 address as a dotted-quad string (<c>"203.0.113.10"</c>).</summary>
public sealed class Ipv4AddressJsonConverter : JsonConverter<Ipv4Address>
{
    public override Ipv4Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Ipv4Address.TryParse(reader.GetString(), out var address)
            ? address
            : throw new JsonValueException("is not an IPv4 address");

    public override void Write(Utf8JsonWriter writer, Ipv4Address value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

/// <summary>A MAC address as lower-case, colon-separated hex (<c>"02:00:00:00:01:01"</c>).</summary>
public sealed class MacAddressJsonConverter : JsonConverter<MacAddress>
{
    public override MacAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && MacAddress.TryParse(reader.GetString(), out var mac)
            ? mac
            : throw new JsonValueException("is not a MAC address");

    public override void Write(Utf8JsonWriter writer, MacAddress value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

/// <summary>A verdict as the word users see (<see cref="VerdictNames.ToWord"/>), never the enum member's name.</summary>
public sealed class VerdictJsonConverter : JsonConverter<Verdict>
{
    public override Verdict Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && VerdictNames.TryParse(reader.GetString(), out var verdict)
            ? verdict
            : throw new JsonValueException($"is not a verdict ({string.Join(", ", Enum.GetValues<Verdict>().Select(v => v.ToWord()))})");

    public override void Write(Utf8JsonWriter writer, Verdict value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToWord());
}
