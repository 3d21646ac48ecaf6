using Akka.Actor;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Dispatch;
using PowerJob.Akka.Server.Workers;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>
/// The schedule's fires, claimed ahead of their due time: the worker is chosen first, so one write claims the fire, inserts
/// its instance and stores its first attempt; at the due time the attempt is only sent (a worker lost in between is caught
/// by the receive timeout, as for any dispatch).
/// </summary>
public sealed partial class InstanceManagerActor
{
    private sealed record ClaimWorkers(ClaimFire Claim, IActorRef Scheduler);
    private sealed record ClaimStored(ClaimWorkers Claim, InstanceRecord? Instance, DispatchPlan? Plan);

    private void ReceiveFires()
    {
        Receive<ClaimStored>(HandleClaimStored);
    }

    private void HandleClaimWorkers(ClaimWorkers claimed, IReadOnlyList<WorkerInfo> workers)
    {
        var (job, due, next, instance) = claimed.Claim;
        var now = _time.GetUtcNow();
        var plan = job.MaxInstanceNum > 0 ? null : WorkerSelection.Select(job, _settings.AppName, workers, null, _random).Plan;
        IReadOnlyList<StatusChange>? transitions = null;
        if (plan is not null)
        {
            instance = Dispatched(instance, plan, due > now ? due : now, now) with { Attempt = 1, RunningTimes = 1 };
            transitions =
            [
                new StatusChange(InstanceStatus.WaitingDispatch, instance.CreatedAt),
                new StatusChange(InstanceStatus.WaitingWorkerReceive, now,
                    DispatchNote(plan, 1) + ", sent at its due time"),
            ];
        }
        _store.FireAsync(job.Id, due, next, instance, owner: _settings.Owner, transitions: transitions)
            .PipeTo(Self, success: stored => new ClaimStored(claimed, stored, plan),
                failure: e => new Forward(new FireClaimFailed(job.Id, due, e), claimed.Scheduler));
    }

    private void HandleClaimStored(ClaimStored stored)
    {
        var (claim, scheduler) = stored.Claim;
        scheduler.Tell(new FireClaimed(claim.Job, claim.Due, stored.Instance, claim.Next));
        if (stored.Instance is not { } instance || IsKnown(instance.InstanceId)) return;
        var t = Track(new TrackedInstance(instance, claim.Job, _settings.AppName));
        var due = instance.ExpectedTriggerTime ?? _time.GetUtcNow();
        if (stored.Plan is { } plan)
        {
            if (Request(t, instance, plan) is { } request) Arm(t, plan, request, null, due);
            return;
        }
        // Without a worker (or with maxInstanceNum to check) the fire waits as WAITING_DISPATCH and is dispatched at its due time.
        var wait = due - _time.GetUtcNow();
        if (wait > TimeSpan.Zero) Timers.StartSingleTimer(Key("due", t.Id), new DispatchDue(t.Id), wait);
        else Dispatch(t);
    }
}
