using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArpDoctor.Cli.Common;

public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reflection-based; for AOT builds prefer a source-generated context (see Probe/ProbeJson.cs).</summary>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode("Reflection-based JSON; use a JsonSerializerContext")]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode("Reflection-based JSON; use a JsonSerializerContext")]
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
