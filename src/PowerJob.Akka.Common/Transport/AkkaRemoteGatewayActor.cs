using Akka.Actor;
using Akka.Event;

namespace PowerJob.Akka.Transport;

/// <summary>Outgoing AKKA traffic: sends through <paramref name="remoteSystem"/>, the actor system bound on the worker-facing AKKA port.</summary>
public sealed class AkkaRemoteGatewayActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public AkkaRemoteGatewayActor(ActorSystem remoteSystem, string selfDescription)
    {
        Receive<SendToRemote>(send =>
            remoteSystem.ActorSelection(send.Target.AkkaPath(RootOf(send))).Tell(send.Message, ActorRefs.NoSender));

        Receive<AskRemote>(ask =>
        {
            var path = ask.Target.AkkaPath(RootOf(ask.Message));
            var replyTo = Sender;
            remoteSystem.ActorSelection(path).Ask<object>(ask.Message, ask.Timeout).ContinueWith(task =>
            {
                if (task.IsCompletedSuccessfully) return task.Result;
                _log.Warning("AKKA ask {0} from {1} to {2} failed: {3}", ask.Message.GetType().Name, selfDescription, path,
                    task.Exception?.GetBaseException().Message ?? "canceled");
                return new Status.Failure(new RemoteCallException(
                    $"no reply from {ask.Target} over AKKA within {ask.Timeout.TotalSeconds:0.#} s ({path})", task.Exception));
            }).PipeTo(replyTo);
        });
    }

    public static Props Props(ActorSystem remoteSystem, string selfDescription) =>
        global::Akka.Actor.Props.Create(() => new AkkaRemoteGatewayActor(remoteSystem, selfDescription));

    private static string RootOf(SendToRemote send) => RootOf(send.Message);

    private static string RootOf(Messages.IPowerJobWire message) =>
        Serialization.WireRegistry.Default.ForType(message.GetType()).Root
        ?? throw new ArgumentException($"{message.GetType().Name} has no handler path");
}
