using Akka.Actor;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Transport;

/// <summary>Tell <paramref name="Message"/> to the handler for its path on <paramref name="Target"/>.</summary>
public sealed record SendToRemote(RemoteTarget Target, IPowerJobWire Message) : INoSerializationVerificationNeeded;

/// <summary>Ask; the sender gets the reply message, or <see cref="Status.Failure"/> with a <see cref="RemoteCallException"/>.</summary>
public sealed record AskRemote(RemoteTarget Target, IPowerJobWire Message, TimeSpan Timeout) : INoSerializationVerificationNeeded;

/// <summary>Starts the transports of the active protocols; answered with <see cref="TransportsStarted"/>.</summary>
public sealed record StartTransports(IReadOnlyList<Protocol> Active, IReadOnlyDictionary<string, IActorRef> Handlers)
    : INoSerializationVerificationNeeded;

public sealed record TransportsStarted(IReadOnlyList<BoundEndpoint> Endpoints) : INoSerializationVerificationNeeded
{
    public int PortOf(string purpose) => Endpoints.First(e => e.Purpose == purpose).Port;
}

public sealed record TransportStartFailed(string Reason) : INoSerializationVerificationNeeded;

/// <summary>A message that arrived over the HTTP bridge for the handler at <paramref name="Root"/>.</summary>
public sealed record IncomingRequest(string Root, IPowerJobWire Message, bool ExpectsReply) : INoSerializationVerificationNeeded;

/// <summary>The bridge's answer to a request with no reply: the handler has it.</summary>
public sealed class Accepted : INoSerializationVerificationNeeded
{
    public static readonly Accepted Instance = new();
    private Accepted() { }
}

public sealed record NoHandler(string Root) : INoSerializationVerificationNeeded;

public sealed class RemoteCallException(string message, Exception? inner = null) : Exception(message, inner);
