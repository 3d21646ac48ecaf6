using Akka.Actor;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Dispatch;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Instances;

/// <summary>
/// Sending an attempt to its worker once the store has it: at once, or — for a fire claimed ahead — at once with its due
/// time for the worker to start it then (a PowerJob.Akka worker) or at its due time (any other), with the attempt's receive
/// and time-limit timeouts counted from the due time.
/// </summary>
public sealed partial class InstanceManagerActor
{
    private static InstanceRecord Dispatched(InstanceRecord instance, DispatchPlan plan, DateTimeOffset actualTrigger, DateTimeOffset now) =>
        instance with
        {
            Status = InstanceStatus.WaitingWorkerReceive, TaskTrackerAddress = plan.TaskTracker.Address, ActualTriggerTime = actualTrigger,
            UpdatedAt = now, Result = null,
        };

    /// <summary>The note of the WAITING_WORKER_RECEIVE transition: where the attempt went.</summary>
    private static string DispatchNote(DispatchPlan plan, int attempt) =>
        $"dispatched to {plan.TaskTracker.Address} ({plan.TaskTracker.Protocol.Name()}), attempt {attempt}";

    /// <summary>The attempt's request, or null (the instance failed) when it is too large for the worker's transport.</summary>
    private ServerScheduleJobReq? Request(TrackedInstance t, InstanceRecord dispatched, DispatchPlan plan)
    {
        var request = ScheduleRequests.Build(dispatched, t.Job, plan, _settings.ServerAddressFor(plan.TaskTracker.Protocol)) with
        {
            DispatchToken = _settings.Workers.DispatchToken(dispatched.InstanceId, dispatched.Attempt),
        };
        if (ScheduleRequests.TooLargeToSend(request, plan.TaskTracker.Protocol) is not { } tooLarge) return request;
        Finish(t, InstanceStatus.Failed, tooLarge);
        return null;
    }

    /// <summary>
    /// Sends <paramref name="request"/> once <paramref name="write"/> stored the attempt (null: it is stored already), and
    /// starts the attempt's timeouts.
    /// </summary>
    private void Arm(TrackedInstance t, DispatchPlan plan, ServerScheduleJobReq request, Task<bool>? write, DateTimeOffset? sendAt)
    {
        var attempt = t.Current.Attempt;
        t.TokenlessWorker = !plan.TaskTracker.IsPowerJobAkka;
        var target = t.Worker = new RemoteTarget(plan.TaskTracker.Protocol, plan.TaskTracker.Address, NodeRole.Worker);
        // A PowerJob.Akka worker of this minor version holds a fire sent ahead and starts it at its due time by its own
        // clock, so nothing is sent at the due time at all; any other worker is sent it at the due time.
        var send = sendAt is { } due && plan.TaskTracker is { IsPowerJobAkka: true, VersionWarning: null }
            ? new SendDispatch(t.Id, attempt, target, request with { StartAt = due.ToUnixTimeMilliseconds() }, null)
            : new SendDispatch(t.Id, attempt, target, request, sendAt);
        if (write is null) HandleSendDispatch(send);
        else
            write.ContinueWith<object>(w => w.IsCompletedSuccessfully && w.Result ? send : DispatchNotStored.Instance, TaskScheduler.Default)
                .PipeTo(Self);
        var untilSend = sendAt is { } at && at > _time.GetUtcNow() ? at - _time.GetUtcNow() : TimeSpan.Zero;
        t.ReportDue = null;
        AddDeadline(t, DeadlineKind.Receive, untilSend + _settings.ReceiveTimeout);
        if (t.Job.InstanceTimeLimitMs > 0) AddDeadline(t, DeadlineKind.Limit, untilSend + TimeSpan.FromMilliseconds(t.Job.InstanceTimeLimitMs));
    }

    private void HandleSendDispatch(SendDispatch send)
    {
        if (!_active.TryGetValue(send.InstanceId, out var t) || t.Current.Attempt != send.Attempt
            || t.Current.Status != InstanceStatus.WaitingWorkerReceive) return;
        var wait = send.At is { } at ? at - _time.GetUtcNow() : TimeSpan.Zero;
        if (wait > TimeSpan.Zero)
            Timers.StartSingleTimer(Key("due", t.Id), send with { At = null }, wait);
        else
            _settings.ProtocolSelection.Tell(new SendToRemote(send.Target, send.Request));
    }
}
