namespace PowerJob.Akka.Messages;

/// <summary>
/// Marks a message that crosses the wire. Such messages are serialized as JSON by
/// <see cref="Serialization.PowerJobWireSerializer"/> under a manifest from <see cref="Serialization.WireRegistry"/>,
/// over Akka.Remote and over the HTTP bridge alike.
/// </summary>
public interface IPowerJobWire;
