using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Transport;

/// <summary>
/// Stands at a handler root (<c>/user/server</c>) in the worker-facing Akka.Remote system and forwards PowerJob's wire
/// messages to the handler. Anything else that reaches a root came from a stranger (workers and servers send only
/// wire messages), so it stops here rather than in a handler that might act on it.
/// </summary>
public sealed class ForwarderActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ForwarderActor(IActorRef handler)
    {
        Receive<IPowerJobWire>(message => handler.Forward(message));
        ReceiveAny(message => _log.Warning("dropped a {0} from {1}: only PowerJob wire messages are accepted here",
            message.GetType().Name, Sender.Path.Address));
    }

    public static Props Props(IActorRef handler) => global::Akka.Actor.Props.Create(() => new ForwarderActor(handler));
}
