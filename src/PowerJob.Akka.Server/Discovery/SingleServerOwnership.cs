using PowerJob.Akka.Configuration;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Discovery;

/// <summary>Ownership on a lone server: it owns every app.</summary>
public sealed class SingleServerOwnership(TransportReadiness transports) : IAppOwnership
{
    public async Task<string?> WorkerAddressOfOwnerAsync(string appName, Protocol protocol, CancellationToken cancellationToken)
    {
        var started = await transports.Started.WaitAsync(cancellationToken);
        var purpose = protocol == Protocol.Akka ? BoundEndpoint.AkkaTransport : BoundEndpoint.HttpTransport;
        return started.Endpoints.FirstOrDefault(e => e.Purpose == purpose)?.AdvertisedAddress;
    }

    public bool IsOwnedHere(string appName) => true;
}
