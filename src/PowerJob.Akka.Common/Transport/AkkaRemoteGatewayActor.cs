using Akka.Actor;
using Akka.Event;

namespace PowerJob.Akka.Transport;

/// <summary>
/// Outgoing AKKA traffic: sends through <paramref name="remoteSystem"/>, the actor system bound on the worker-facing
/// AKKA port. Target paths are resolved to remote refs once and cached (no per-message selection lookup); a remote
/// ref is only an address, so a target that restarts on the same address keeps working.
/// </summary>
public sealed class AkkaRemoteGatewayActor : ReceiveActor
{
    private const int MaxCachedTargets = 10_000;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _targets = new(StringComparer.Ordinal);
    private readonly ExtendedActorSystem _remoteSystem;

    public AkkaRemoteGatewayActor(ActorSystem remoteSystem, string selfDescription)
    {
        _remoteSystem = (ExtendedActorSystem)remoteSystem;
        Receive<SendToRemote>(send => Resolve(send.Target.AkkaPath(RootOf(send.Message))).Tell(send.Message, ActorRefs.NoSender));

        Receive<AskRemote>(ask =>
        {
            var path = ask.Target.AkkaPath(RootOf(ask.Message));
            var replyTo = Sender;
            var log = _log;
            Resolve(path).Ask<object>(ask.Message, ask.Timeout).ContinueWith(task =>
            {
                if (task.IsCompletedSuccessfully) return task.Result;
                log.Warning("AKKA ask {0} from {1} to {2} failed: {3}", ask.Message.GetType().Name, selfDescription, path,
                    task.Exception?.GetBaseException().Message ?? "canceled");
                return new Status.Failure(new RemoteCallException(
                    $"no reply from {ask.Target} over AKKA within {ask.Timeout.TotalSeconds:0.#} s ({path})", task.Exception));
            }).PipeTo(replyTo);
        });
    }

    public static Props Props(ActorSystem remoteSystem, string selfDescription) =>
        global::Akka.Actor.Props.Create(() => new AkkaRemoteGatewayActor(remoteSystem, selfDescription));

    private IActorRef Resolve(string path)
    {
        if (_targets.TryGetValue(path, out var target)) return target;
        if (_targets.Count >= MaxCachedTargets) _targets.Clear();
        return _targets[path] = _remoteSystem.Provider.ResolveActorRef(path);
    }

    private static string RootOf(Messages.IPowerJobWire message) =>
        Serialization.WireRegistry.Default.ForType(message.GetType()).Root
        ?? throw new ArgumentException($"{message.GetType().Name} has no handler path");
}
