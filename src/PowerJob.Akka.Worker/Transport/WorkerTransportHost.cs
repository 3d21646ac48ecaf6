using Akka.Actor;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Worker.Transport;

/// <summary>
/// The worker's one port, for its one protocol: Akka.Remote of the <c>powerjob-worker</c> system itself for AKKA,
/// or the HTTP bridge's Kestrel endpoint for HTTP.
/// </summary>
public sealed class WorkerTransportHost(WorkerOptions options, HttpClient httpClient, IServiceProvider services) : ITransportHost
{
    private HttpBridgeEndpoint? _httpEndpoint;

    public NodeRole Role => NodeRole.Worker;

    public HttpClient HttpClient => httpClient;

    public Task<AkkaTransport> StartAkkaAsync(IReadOnlyDictionary<string, IActorRef> handlers, CancellationToken cancellationToken)
    {
        var system = services.GetRequiredService<ActorSystem>();
        foreach (var (root, handler) in handlers) system.ActorOf(ForwarderActor.Props(handler), root);
        var port = ((ExtendedActorSystem)system).Provider.DefaultAddress.Port ?? options.Port;
        return Task.FromResult(new AkkaTransport(system, Endpoint("AKKA", port)));
    }

    public async Task<BoundEndpoint> StartHttpAsync(IActorRef bridge, CancellationToken cancellationToken)
    {
        _httpEndpoint = await HttpBridgeEndpoint.StartAsync(options.BindHostname, options.Port, bridge, 16 * 1024 * 1024, cancellationToken);
        return Endpoint("HTTP", _httpEndpoint.Port);
    }

    public async Task StopAsync()
    {
        if (_httpEndpoint is not null) await _httpEndpoint.DisposeAsync();
    }

    private BoundEndpoint Endpoint(string protocol, int port) =>
        new(BoundEndpoint.WorkerPort, protocol, options.BindHostname, options.Hostname, port, "servers and the app's other workers");
}
