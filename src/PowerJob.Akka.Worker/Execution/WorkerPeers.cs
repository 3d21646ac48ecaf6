using Akka.Actor;
using Akka.Hosting;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>The answer of another worker's handler, or why none came.</summary>
public sealed record PeerReply(AskResponse? Response, string? Error)
{
    public bool Delivered => Response is not null;
}

/// <summary>
/// Worker-to-worker calls. A call to another worker goes through the node's protocol-selection actor; a call to this
/// worker itself goes straight to the local handler, the same actor the transport would have delivered to.
/// Thread-safe: processors call it from their own tasks.
/// </summary>
public sealed class WorkerPeers(WorkerOptions options, TransportReadiness readiness, ActorRegistry registry)
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private sealed record Self(BoundEndpoint Endpoint, string Address);

    // Asked for on every task and report: formatted once per bound endpoint, not on every call.
    private Self? _self;

    /// <summary>This worker's advertised address; known once its transport is bound, before any request can arrive.</summary>
    public string SelfAddress
    {
        get
        {
            if (readiness.Endpoints is not [var endpoint, ..]) throw new InvalidOperationException("the worker transport has not started yet");
            var self = _self;
            if (self is null || !ReferenceEquals(self.Endpoint, endpoint)) _self = self = new Self(endpoint, $"{options.Hostname}:{endpoint.Port}");
            return self.Address;
        }
    }

    public bool IsSelf(string address) => string.Equals(address, SelfAddress, StringComparison.OrdinalIgnoreCase);

    public void Tell(string address, IPowerJobWire message)
    {
        if (IsSelf(address)) LocalHandler(message).Tell(message, ActorRefs.NoSender);
        else Send(Target(address), message);
    }

    public Task<PeerReply> AskAsync(string address, IPowerJobWire message, TimeSpan? timeout = null)
    {
        var wait = timeout ?? AskTimeout;
        return IsSelf(address)
            ? ReplyOf(LocalHandler(message).Ask<object>(message, wait), address)
            : AskAsync(Target(address), message, wait);
    }

    /// <summary>Tells a server or another worker, through the protocol-selection actor.</summary>
    public void Send(RemoteTarget target, IPowerJobWire message) =>
        registry.Get<ProtocolSelectionActor>().Tell(new SendToRemote(target, message), ActorRefs.NoSender);

    /// <summary>Asks a server or another worker, through the protocol-selection actor; never throws.</summary>
    public Task<PeerReply> AskAsync(RemoteTarget target, IPowerJobWire message, TimeSpan? timeout = null)
    {
        var wait = timeout ?? AskTimeout;
        return ReplyOf(registry.Get<ProtocolSelectionActor>().Ask<object>(new AskRemote(target, message, wait), wait + TimeSpan.FromSeconds(1)),
            target.ToString());
    }

    private static async Task<PeerReply> ReplyOf(Task<object> ask, string from)
    {
        try
        {
            return (await ask) switch
            {
                AskResponse response => new PeerReply(response, null),
                Status.Failure failure => new PeerReply(null, failure.Cause.Message),
                var other => new PeerReply(null, $"unexpected reply {other.GetType().Name} from {from}"),
            };
        }
        catch (Exception e)
        {
            return new PeerReply(null, e.GetBaseException().Message);
        }
    }

    private RemoteTarget Target(string address) => new(options.Protocol, address, NodeRole.Worker);

    private IActorRef LocalHandler(IPowerJobWire message) => WireRegistry.Default.ForType(message.GetType()).Root switch
    {
        WorkerRoots.ProcessorTracker => registry.Get<ProcessorTrackerActor>(),
        _ => registry.Get<WorkerEndpointActor>(),
    };
}

/// <summary>The worker's handler roots, as in PowerJob's handler catalogue.</summary>
public static class WorkerRoots
{
    public const string Worker = "worker";
    public const string TaskTracker = "taskTracker";
    public const string ProcessorTracker = "processorTracker";
}
