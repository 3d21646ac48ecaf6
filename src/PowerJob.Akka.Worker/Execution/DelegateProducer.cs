using Akka.Actor;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>
/// Props that build their actor with a plain delegate. <c>Props.Create(() => new X(args))</c> compiles an expression tree
/// to evaluate its non-constant arguments on every call: JIT work for every instance when a worker starts one actor per
/// instance. A restart calls the delegate again, as it would have re-evaluated the expression.
/// </summary>
internal sealed class DelegateProducer<TActor>(Func<TActor> create) : IIndirectActorProducer where TActor : ActorBase
{
    public Type ActorType => typeof(TActor);

    public ActorBase Produce() => create();

    public void Release(ActorBase actor) { }

    public static Props Props(Func<TActor> create) => global::Akka.Actor.Props.CreateBy(new DelegateProducer<TActor>(create));
}
