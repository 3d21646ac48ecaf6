using Akka.Actor;

namespace PowerJob.Akka.Transport;

/// <summary>
/// The user guardian's strategy on a worker-facing system. Untrusted mode drops PoisonPill from the wire but not
/// <see cref="Kill"/>, and the default strategy stops an actor that was killed: one message from a stranger would
/// stop a handler root. Nothing in PowerJob.Akka sends Kill, so a killed top-level actor is resumed instead.
/// </summary>
public sealed class KillProofGuardianStrategy : SupervisorStrategyConfigurator
{
    public override SupervisorStrategy Create() =>
        new OneForOneStrategy(e => e is ActorKilledException ? Directive.Resume : SupervisorStrategy.DefaultDecider.Decide(e));
}
