using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Server.Apps;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Scheduling;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Workflows;

/// <summary>
/// CRON and FIXED_RATE workflows: each due time is claimed in the store with a compare-and-set that also inserts the
/// instance, fenced by the entity's owner epoch (like a job's fire), so no due time runs twice, even across servers.
/// </summary>
public sealed partial class WorkflowManagerActor
{
    private static readonly TimeSpan MaxScheduleWait = TimeSpan.FromSeconds(5);

    private sealed class ScheduleTick { public static readonly ScheduleTick Instance = new(); }
    private sealed record Schedulable(IReadOnlyList<WorkflowRecord> Workflows);
    private sealed record FireDone(WorkflowInstanceRecord? Instance);

    private void ReceiveSchedule()
    {
        Receive<ScheduleTick>(_ => _settings.Store.ListSchedulableWorkflowsAsync(_settings.Owner.AppId)
            .PipeTo(Self, success: list => new Schedulable(list), failure: e => new Status.Failure(e)));
        Receive<WorkflowChanged>(_ => Self.Tell(ScheduleTick.Instance));
        Receive<Schedulable>(HandleSchedulable);
        Receive<FireDone>(done => { if (done.Instance is { } instance) Spawn(instance); });
        Receive<Status.Failure>(f =>
        {
            _log.Error(f.Cause, "workflow schedule of app {0}: {1}", _settings.AppName, f.Cause.Message);
            Timers.StartSingleTimer("schedule", ScheduleTick.Instance, MaxScheduleWait);
        });
    }

    private void StartSchedule() => Self.Tell(ScheduleTick.Instance);

    private void HandleSchedulable(Schedulable schedulable)
    {
        var now = _settings.Time.GetUtcNow();
        var wait = MaxScheduleWait;
        foreach (var workflow in schedulable.Workflows)
        {
            if (workflow.NextTriggerTime is not { } due) continue;
            if (due > now)
            {
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, (due - now).Ticks));
                continue;
            }
            FireAsync(workflow, due).PipeTo(Self, success: i => new FireDone(i),
                failure: e => e.GetBaseException() is StaleOwnerEpochException stale ? new EpochLost(stale.Message) : new Status.Failure(e));
        }
        Timers.StartSingleTimer("schedule", ScheduleTick.Instance, wait > TimeSpan.FromMilliseconds(20) ? wait : TimeSpan.FromMilliseconds(20));
    }

    private async Task<WorkflowInstanceRecord?> FireAsync(WorkflowRecord workflow, DateTimeOffset due)
    {
        var now = _settings.Time.GetUtcNow();
        // After downtime the next fire comes after now: missed due times are not made up one by one.
        var next = TimeExpression.Parse(workflow.TimeExpressionType, workflow.TimeExpression, workflow.TimeZone).NextAfter(due > now ? due : now);
        try
        {
            await CheckMaxInstancesAsync(workflow);
        }
        catch (InvalidOperationException e)
        {
            _log.Warning("workflow {0}: the fire due at {1:O} is skipped: {2}", workflow.Id, due, e.Message);
            await _settings.Store.RescheduleWorkflowAsync(workflow.Id, due, next);
            return null;
        }
        return await _settings.Store.FireWorkflowAsync(workflow.Id, due, next, NewInstance(workflow, null, due), _settings.Owner);
    }
}
