using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace PowerJob.Akka.Transport;

/// <summary>
/// Takes the place of Akka's default JSON serializer (id 1, bound to <see cref="object"/>) on worker-facing systems.
/// That serializer builds whatever type the sender names, so a stranger could deliver any object, including the
/// runtime's own messages, to any actor path behind the handler roots. Wire messages have their own serializer and
/// Akka's own messages theirs; nothing PowerJob sends over these ports needs this one.
/// </summary>
public sealed class NoTypeNamesSerializer(ExtendedActorSystem system) : Serializer(system)
{
    // Akka hands the serializer its "serialization-settings.json" section, which this one has no use for.
    public NoTypeNamesSerializer(ExtendedActorSystem system, Config settings) : this(system)
    {
    }

    public override int Identifier => 1;

    public override bool IncludeManifest => true;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException($"{obj.GetType().FullName} is not a PowerJob wire message; only wire messages cross a worker-facing port");

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException($"refused a {type.FullName} from the wire: only PowerJob wire messages are accepted on a worker-facing port");
}
