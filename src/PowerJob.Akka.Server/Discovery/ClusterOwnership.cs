using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Discovery;

/// <summary>App ownership from the cluster: the owner is the rendezvous winner among the Up, reachable servers.</summary>
public sealed class ClusterOwnership(OwnershipViewHolder holder, TransportReadiness transports) : IAppOwnership
{
    public async Task<string?> WorkerAddressOfOwnerAsync(string appName, Protocol protocol, CancellationToken cancellationToken)
    {
        await transports.Started.WaitAsync(cancellationToken);
        if (holder.View is not { } view || view.Owner(appName) is not { } owner) return null;
        return owner == view.Self ? transports.WorkerAddressFor(protocol) : view.WorkerAddress(owner, protocol);
    }

    public bool IsOwnedHere(string appName) => holder.View?.IsOwnedHere(appName) ?? false;

    public string? OwnerOf(string appName) => holder.View?.Owner(appName);
}
