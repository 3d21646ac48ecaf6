using Akka.Actor;
using Akka.Hosting;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Worker.Connection;
using PowerJob.Akka.Worker.Transport;

namespace PowerJob.Akka.Worker.Hosting;

/// <summary>
/// Binds the worker's port for its protocol, then lets the connection actor start discovery. At shutdown the actors
/// stop before the HTTP endpoint, so none of them sends through a transport already gone.
/// </summary>
public sealed class WorkerTransportService(
    ActorSystem system,
    WorkerOptions options,
    TransportReadiness readiness,
    WorkerTransportHost host,
    WorkerHandlers handlers,
    IRequiredActor<ProtocolSelectionActor> selection,
    IRequiredActor<ServerConnectionActor> connection) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = await readiness.StartAsync(await selection.GetAsync(cancellationToken), [options.Protocol],
            await handlers.ResolveAsync(cancellationToken), TimeSpan.FromSeconds(30));
        (await connection.GetAsync(cancellationToken)).Tell(started);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        await host.StopAsync();
    }
}

/// <summary>The worker's handler roots (<c>worker</c>, <c>taskTracker</c>, <c>processorTracker</c>) as they are registered.</summary>
public sealed class WorkerHandlers
{
    private readonly List<Func<CancellationToken, Task<(string Root, IActorRef Handler)>>> _resolvers = [];

    public void Add<TActor>(string root, IServiceProvider services) => _resolvers.Add(async ct =>
        (root, await services.GetRequiredService<IRequiredActor<TActor>>().GetAsync(ct)));

    public async Task<IReadOnlyDictionary<string, IActorRef>> ResolveAsync(CancellationToken cancellationToken)
    {
        var handlers = new Dictionary<string, IActorRef>();
        foreach (var resolve in _resolvers)
        {
            var (root, handler) = await resolve(cancellationToken);
            handlers[root] = handler;
        }
        return handlers;
    }
}
