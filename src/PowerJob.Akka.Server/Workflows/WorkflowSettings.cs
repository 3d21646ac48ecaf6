using Akka.Actor;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Workflows;

/// <summary>What an app's workflow actors share: the entity's owner epoch (fences every write), the store, the clock, the instance manager.</summary>
public sealed record WorkflowSettings(OwnerEpoch Owner, string AppName, IPowerJobStore Store, TimeProvider Time, IActorRef Instances,
    TimeSpan ReconcileInterval);
