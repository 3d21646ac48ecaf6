using System.Text.Json;
using System.Text.Json.Serialization;

namespace PowerJob.Akka.Configuration;

/// <summary>Writes <see cref="Protocol"/> as PowerJob does ("AKKA", "HTTP"); reads any letter case.</summary>
public sealed class ProtocolJsonConverter : JsonConverter<Protocol>
{
    public override Protocol Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Protocols.TryParse(reader.GetString(), out var protocol)
            ? protocol
            : throw new JsonException($"unknown protocol '{reader.GetString()}'; allowed values are {Protocols.AllowedValues}");

    public override void Write(Utf8JsonWriter writer, Protocol value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Name());
}
