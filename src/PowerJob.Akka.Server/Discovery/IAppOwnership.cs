using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Server.Discovery;

/// <summary>Which server owns an app, and that server's worker-facing address for a protocol.</summary>
public interface IAppOwnership
{
    Task<string?> WorkerAddressOfOwnerAsync(string appName, Protocol protocol, CancellationToken cancellationToken);

    bool IsOwnedHere(string appName);

    /// <summary>The owning server's cluster address, or null while no server is Up.</summary>
    string? OwnerOf(string appName);
}
