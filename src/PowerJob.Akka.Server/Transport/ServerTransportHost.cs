using Akka.Actor;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Transport;

/// <summary>
/// The server's worker-facing sockets: the <c>powerjob-server</c> Akka.Remote-only system on the AKKA port, and the
/// HTTP bridge's Kestrel endpoint on the HTTP port. Neither touches the cluster port.
/// </summary>
public sealed class ServerTransportHost(ServerOptions options, HttpClient httpClient) : ITransportHost
{
    private ActorSystem? _remoteSystem;
    private HttpBridgeEndpoint? _httpEndpoint;

    public NodeRole Role => NodeRole.Server;

    public HttpClient HttpClient => httpClient;

    public async Task<AkkaTransport> StartAkkaAsync(IReadOnlyDictionary<string, IActorRef> handlers, CancellationToken cancellationToken)
    {
        var config = AkkaRemoteConfig.RemoteOnly(options.BindHostname, options.Hostname, options.AkkaPort);
        var system = await Task.Run(() => ActorSystem.Create(RemoteTarget.ServerSystemName, config), cancellationToken);
        _remoteSystem = system;
        foreach (var (root, handler) in handlers) system.ActorOf(ForwarderActor.Props(handler), root);
        var port = ((ExtendedActorSystem)system).Provider.DefaultAddress.Port ?? options.AkkaPort;
        return new AkkaTransport(system, new BoundEndpoint(BoundEndpoint.AkkaTransport, "AKKA", options.BindHostname,
            options.Hostname, port, "workers speaking AKKA"));
    }

    public async Task<BoundEndpoint> StartHttpAsync(IActorRef bridge, CancellationToken cancellationToken)
    {
        _httpEndpoint = await HttpBridgeEndpoint.StartAsync(options.BindHostname, options.HttpPort, bridge,
            options.MaxRequestBodyBytes, cancellationToken);
        return new BoundEndpoint(BoundEndpoint.HttpTransport, "HTTP", options.BindHostname, options.Hostname,
            _httpEndpoint.Port, "workers speaking HTTP");
    }

    public async Task StopAsync()
    {
        if (_httpEndpoint is not null) await _httpEndpoint.DisposeAsync();
        if (_remoteSystem is not null) await _remoteSystem.Terminate();
    }
}
