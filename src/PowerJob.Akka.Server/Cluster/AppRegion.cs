using Akka.Actor;
using Akka.Hosting;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Apps;

namespace PowerJob.Akka.Server.Cluster;

/// <summary>
/// The edge to the app entities for code outside actors (OpenAPI, discovery): tells and asks go through this server's
/// shard region, which delivers to the app's entity wherever in the cluster it runs.
/// </summary>
public sealed class AppRegion(IRequiredActor<AppActor> region)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public IActorRef Ref => region.ActorRef;

    public void Tell(IPowerJobWire message) => region.ActorRef.Tell(message);

    public async Task<T> AskAsync<T>(IPowerJobWire message, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        try
        {
            return await region.ActorRef.Ask<T>(message, timeout ?? Timeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            var appId = AppMessageExtractor.AppIdOf(message);
            throw new NoOwnerException(
                $"the entity of app {appId} did not answer within {(timeout ?? Timeout).TotalSeconds:0.#} s (the cluster is forming or moving the app); retry shortly");
        }
    }
}

/// <summary>No server answered for the app in time: the cluster is forming, or the app's server was lost and not yet replaced.</summary>
public sealed class NoOwnerException(string message) : Exception(message);
