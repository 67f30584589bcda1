using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ArpDoctor.Cli.Hosting;

/// <summary>
/// A JSON document written field by field with <see cref="Utf8JsonWriter"/>: no reflection, so the
/// renderers stay trim- and native-AOT-safe and the field order is the order of the writes.
/// </summary>
public static class JsonText
{
    /// <summary>
    /// Every verb's JSON: characters JSON does not require escaping (<c>'</c>, <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>,
    /// non-ASCII) are written as they are, as kubectl writes them, so people can read and grep it; quotes, backslashes and
    /// control characters are still escaped. Output goes to a terminal, a file or jq, never into HTML.
    /// </summary>
    public static JsonWriterOptions Options(bool indented) =>
        new() { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(bool indented, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, Options(indented)))
            write(json);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes <paramref name="value"/>, or nothing at all when it is null (the key is left out).</summary>
    public static void WriteStringIfNotNull(this Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }

    /// <summary>Writes <paramref name="value"/>, or <c>null</c> (the key is always present).</summary>
    public static void WriteStringOrNull(this Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    /// <summary>Writes an array of objects under <paramref name="name"/>, one per item, its fields by <paramref name="writeFields"/>.</summary>
    public static void WriteObjects<T>(this Utf8JsonWriter json, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeFields)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStartObject();
            writeFields(json, item);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public static void WriteStrings(this Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
}
