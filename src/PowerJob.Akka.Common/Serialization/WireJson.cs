using System.Text.Json;
using System.Text.Json.Serialization;

namespace PowerJob.Akka.Serialization;

/// <summary>JSON conventions of the wire: camelCase, case-insensitive on read, unknown fields ignored, nulls omitted.</summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
