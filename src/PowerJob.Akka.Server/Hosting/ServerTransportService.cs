using Akka.Hosting;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Transport;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Hosting;

/// <summary>Starts the worker-facing transports of the active protocols once the cluster system is up; stops them at shutdown.</summary>
public sealed class ServerTransportService(
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
        await readiness.StartAsync(await selection.GetAsync(cancellationToken), options.ActiveProtocols, handlers, TimeSpan.FromSeconds(30));
    }

    public Task StopAsync(CancellationToken cancellationToken) => host.StopAsync();
}
