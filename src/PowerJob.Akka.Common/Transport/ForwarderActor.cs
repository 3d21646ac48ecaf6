using Akka.Actor;

namespace PowerJob.Akka.Transport;

/// <summary>Stands at a handler root (<c>/user/server</c>) in the worker-facing Akka.Remote system and forwards to the handler.</summary>
public sealed class ForwarderActor : ReceiveActor
{
    public ForwarderActor(IActorRef handler) => ReceiveAny(message => handler.Forward(message));

    public static Props Props(IActorRef handler) => global::Akka.Actor.Props.Create(() => new ForwarderActor(handler));
}
