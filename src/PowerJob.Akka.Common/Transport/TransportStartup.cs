using Akka.Actor;
using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Transport;

/// <summary>The node's running transports, available once <see cref="ProtocolSelectionActor"/> has bound them.</summary>
public sealed class TransportReadiness
{
    private readonly TaskCompletionSource<TransportsStarted> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TransportsStarted> Started => _started.Task;

    public IReadOnlyList<BoundEndpoint> Endpoints => _started.Task.IsCompletedSuccessfully ? _started.Task.Result.Endpoints : [];

    /// <summary>The advertised address of the worker-facing transport for <paramref name="protocol"/>; null when it is not bound.</summary>
    public string? WorkerAddressFor(Protocol protocol) =>
        Endpoints.FirstOrDefault(e => e.Purpose == BoundEndpoint.WorkerTransport(protocol))?.AdvertisedAddress;

    /// <summary>Asks the selection actor to start the active protocols; throws when a transport cannot bind.</summary>
    public async Task<TransportsStarted> StartAsync(IActorRef selection, IReadOnlyList<Protocol> active,
        IReadOnlyDictionary<string, IActorRef> handlers, TimeSpan timeout)
    {
        var reply = await selection.Ask<object>(new StartTransports(active, handlers), timeout);
        if (reply is TransportsStarted started)
        {
            _started.TrySetResult(started);
            return started;
        }
        var reason = reply is TransportStartFailed failed ? failed.Reason : reply.ToString();
        var exception = new InvalidOperationException($"worker transports {Protocols.Describe(active)} failed to start: {reason}");
        _started.TrySetException(exception);
        throw exception;
    }
}
