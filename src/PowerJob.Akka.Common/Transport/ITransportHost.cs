using Akka.Actor;

namespace PowerJob.Akka.Transport;

/// <summary>An AKKA transport once bound: the system that sends through the worker-facing port, and that port.</summary>
public sealed record AkkaTransport(ActorSystem RemoteSystem, BoundEndpoint Endpoint);

/// <summary>
/// The node-specific part of starting a protocol's sockets. <see cref="ProtocolSelectionActor"/> decides what to
/// start and calls only the methods of active protocols.
/// </summary>
public interface ITransportHost
{
    NodeRole Role { get; }

    /// <summary>Binds the Akka.Remote port and puts a forwarder at <c>/user/{root}</c> for each handler.</summary>
    Task<AkkaTransport> StartAkkaAsync(IReadOnlyDictionary<string, IActorRef> handlers, CancellationToken cancellationToken);

    /// <summary>Binds the HTTP bridge's Kestrel endpoint, delivering to <paramref name="bridge"/>.</summary>
    Task<BoundEndpoint> StartHttpAsync(IActorRef bridge, CancellationToken cancellationToken);

    HttpClient HttpClient { get; }

    Task StopAsync();
}
