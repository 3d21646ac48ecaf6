using Akka.Hosting;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Transport;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Hosting;

/// <summary>
/// Starts the worker-facing transports of the active protocols once the cluster system is up. At shutdown the actors
/// stop first and the transports last: an actor still running would otherwise send through a transport already gone,
/// and a worker would see its server's socket close under a live server.
/// </summary>
public sealed class ServerTransportService(
    global::Akka.Actor.ActorSystem system,
    ServerOptions options,
    TransportReadiness readiness,
    ServerTransportHost host,
    IRequiredActor<ProtocolSelectionActor> selection,
    IRequiredActor<ServerEndpointActor> endpoint) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var handlers = new Dictionary<string, global::Akka.Actor.IActorRef>
        {
            ["server"] = await endpoint.GetAsync(cancellationToken),
        };
        var started = readiness.StartAsync(await selection.GetAsync(cancellationToken), options.ActiveProtocols, handlers, TimeSpan.FromSeconds(30));
        // A node can stop itself while starting (Akka.Remote stops it when its cluster TLS handshake fails); its start
        // then ends at once rather than when the ask to its stopped actors times out.
        if (await Task.WhenAny(started, system.WhenTerminated) != started)
            throw new TaskCanceledException("the server's actor system stopped while its transports were starting; the log above says why");
        await started;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await global::Akka.Actor.CoordinatedShutdown.Get(system).Run(global::Akka.Actor.CoordinatedShutdown.ClrExitReason.Instance);
        await host.StopAsync();
    }
}
