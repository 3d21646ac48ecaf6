using Akka.Actor;
using Akka.Hosting;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Discovery;
using PowerJob.Akka.Server.Instances;

namespace PowerJob.Akka.Server.Cluster;

/// <summary>
/// Sends an OpenAPI call about an app's instances to the instance manager of the app's owner: this server's own,
/// or the owner's over the cluster port, so a client may call any server.
/// </summary>
public sealed class OwnerRouter(ActorSystem system, IAppOwnership ownership, IRequiredActor<InstanceManagerActor> instances)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<T> AskAsync<T>(string appName, IPowerJobWire message, CancellationToken cancellationToken)
    {
        if (ownership.IsOwnedHere(appName)) return await instances.ActorRef.Ask<T>(message, Timeout, cancellationToken);
        var owner = ownership.OwnerOf(appName)
                    ?? throw new NoOwnerException($"no server owns app '{appName}' right now (the cluster is forming or changing); retry shortly");
        return await system.ActorSelection($"{owner}/user/instances").Ask<T>(message, Timeout, cancellationToken);
    }
}

public sealed class NoOwnerException(string message) : Exception(message);
