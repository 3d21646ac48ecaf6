using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using SerializationException = System.Runtime.Serialization.SerializationException;

namespace PowerJob.Akka.Serialization;

/// <summary>Akka.Remote serializer for <see cref="Messages.IPowerJobWire"/>: System.Text.Json under the registry's manifests.</summary>
public sealed class PowerJobWireSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4277;

    private readonly WireRegistry _registry = WireRegistry.Default;

    public override int Identifier => SerializerId;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), WireJson.Options);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!_registry.TryForManifest(manifest, out var wire))
            throw new SerializationException($"unknown PowerJob wire manifest '{manifest}'");
        return JsonSerializer.Deserialize(bytes, wire.Type, WireJson.Options)
               ?? throw new SerializationException($"empty payload for manifest '{manifest}'");
    }

    public override string Manifest(object o) => _registry.ForType(o.GetType()).Manifest;
}
