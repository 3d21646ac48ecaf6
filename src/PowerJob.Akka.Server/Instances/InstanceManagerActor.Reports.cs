using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Workers;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Instances;

/// <summary>Worker reports, timeouts, retries and stops of the current attempt.</summary>
public sealed partial class InstanceManagerActor
{
    private void HandleReport(TaskTrackerReportInstanceStatusReq report)
    {
        var replyTo = Sender;
        if (_finished.TryGetValue(report.InstanceId, out var done))
        {
            // Only finished instances whose final status is not stored yet are kept here.
            if (report.Attempt == 0 || report.Attempt == done.Current.Attempt)
            {
                Reply(replyTo, AskResponse.Fail($"instance {done.Id} is {done.Current.Status.WireName()} but that is not stored yet; report again"));
                return;
            }
            _log.Info("ignored report {0} for instance {1} from {2}: it already finished", report.InstanceStatus, report.InstanceId, report.SourceAddress);
            Reply(replyTo, new AskResponse(true, null, "ignored: instance already finished"));
            return;
        }
        if (!_active.TryGetValue(report.InstanceId, out var t))
        {
            LoadAsync(report.InstanceId).PipeTo(Self, success: loaded => new Loaded(loaded, report, replyTo),
                failure: e => new Forward(AskResponse.Fail($"the store could not be read: {e.Message}; report again"), replyTo));
            return;
        }
        var current = t.Current;
        if (Unauthenticated(report, t) is { } refusal)
        {
            _log.Warning("refused report {0} for instance {1} from {2}: {3}", report.InstanceStatus, report.InstanceId, report.SourceAddress, refusal);
            Reply(replyTo, AskResponse.Fail(refusal));
            return;
        }
        var stale = report.Attempt != 0 ? report.Attempt != current.Attempt : report.SourceAddress != current.TaskTrackerAddress;
        if (stale || current.Status is InstanceStatus.WaitingDispatch)
        {
            _log.Warning("ignored report {0} for instance {1} from {2} attempt {3}: current attempt is {4} on {5}",
                report.InstanceStatus, report.InstanceId, report.SourceAddress, report.Attempt, current.Attempt, current.TaskTrackerAddress);
            Reply(replyTo, new AskResponse(true, null, $"ignored: stale report (attempt {report.Attempt}, current {current.Attempt})"));
            return;
        }
        var now = _time.GetUtcNow();
        var reported = (InstanceStatus)report.InstanceStatus;
        if (reported is InstanceStatus.Succeed or InstanceStatus.Failed && current.Status == InstanceStatus.WaitingWorkerReceive)
        {
            // A run shorter than the worker's first report delay reports its end only (and over HTTP the final report can
            // overtake RUNNING): RUNNING is recorded at the start time the report carries.
            t.MarkRunning(current with { Status = InstanceStatus.Running, LastReportTime = now, UpdatedAt = StartedAt(report, current, now) });
        }
        switch (reported)
        {
            case InstanceStatus.Running:
                ExpectReport(t);
                if (current.Status == InstanceStatus.WaitingWorkerReceive)
                {
                    t.MarkRunning(current with { Status = InstanceStatus.Running, LastReportTime = now, UpdatedAt = StartedAt(report, current, now) });
                    AddDeadline(t, DeadlineKind.RunningWrite, RunningWriteDelay);
                }
                else
                    t.Touch(current with { LastReportTime = now });
                Reply(replyTo, AskResponse.Ok());
                break;
            case InstanceStatus.Succeed:
                Finish(t, InstanceStatus.Succeed, report.Result, replyTo, report.AppendedWfContext);
                break;
            case InstanceStatus.Failed:
                FailOrRetry(t, report.Result ?? "failed without a message", replyTo, report.AppendedWfContext);
                break;
            default:
                Reply(replyTo, AskResponse.Fail($"instanceStatus {report.InstanceStatus} is not one a worker reports (3, 4 or 5)"));
                break;
        }
    }

    // The worker's clock, kept between the dispatch and now so the transitions stay in order.
    private static DateTimeOffset StartedAt(TaskTrackerReportInstanceStatusReq report, InstanceRecord dispatched, DateTimeOffset now)
    {
        if (report.StartTime <= 0) return now;
        var started = DateTimeOffset.FromUnixTimeMilliseconds(report.StartTime);
        return started < dispatched.UpdatedAt ? dispatched.UpdatedAt : started > now ? now : started;
    }

    /// <summary>
    /// Null when the report may be about the current attempt: it carries that attempt's dispatch token, or it carries none,
    /// unauthenticated workers (which cannot echo it) are allowed and the attempt did not go to a PowerJob.Akka worker.
    /// A token of another attempt is left to the stale check.
    /// </summary>
    private string? Unauthenticated(TaskTrackerReportInstanceStatusReq report, TrackedInstance t)
    {
        var current = t.Current;
        if (report.DispatchToken is null)
            return _settings.Workers.AllowsUnauthenticated && t.TokenlessWorker != false
                ? null
                : $"refused: the report for instance {report.InstanceId} carries no dispatch token; only the worker that was dispatched the attempt may report it";
        var attempt = report.Attempt != 0 ? report.Attempt : current.Attempt;
        return _settings.Workers.HoldsAttempt(report.DispatchToken, report.InstanceId, attempt)
            ? null
            : $"refused: the dispatch token does not match attempt {attempt} of instance {report.InstanceId}; only the worker that was dispatched it may report it";
    }

    /// <summary>A run that is still going this long after its RUNNING report has that report written on its own.</summary>
    internal static readonly TimeSpan RunningWriteDelay = TimeSpan.FromMilliseconds(500);

    private void WriteRunning(TrackedInstance t)
    {
        if (t.PendingRunning is not null && t.Current.Status == InstanceStatus.Running) Write(t, t.Current, null);
    }

    private void FailOrRetry(TrackedInstance t, string reason, IActorRef? replyTo, IReadOnlyDictionary<string, string>? appendedWfContext = null)
    {
        if (t.Current.RunningTimes > t.Job.InstanceRetryNum)
        {
            Finish(t, InstanceStatus.Failed, reason, replyTo, appendedWfContext);
            return;
        }
        CancelTimers(t.Id);
        var delay = RetryPolicy.Read(JobFields.AdvancedRuntimeConfig(t.Job), _settings.RetryDelay).DelayBefore(t.Current.RunningTimes);
        var note = $"attempt {t.Current.Attempt} failed ({reason}); retry {t.Current.RunningTimes} of {t.Job.InstanceRetryNum} in {delay.TotalSeconds:0.###} s";
        _log.Info("instance {0}: {1}", t.Id, note);
        var write = Write(t, t.Current with { Status = InstanceStatus.WaitingDispatch, Result = reason, UpdatedAt = _time.GetUtcNow() }, note);
        if (replyTo is not null) write.ContinueWith(StoredReply, TaskScheduler.Default).PipeTo(replyTo);
        Timers.StartSingleTimer(Key("due", t.Id), new DispatchDue(t.Id), delay);
    }

    /// <summary>
    /// Tells the worker of the current attempt to stop. An instance resumed from the store (after a take-over) has no
    /// target yet: the worker's protocol comes from the registry's heartbeats.
    /// </summary>
    private void StopOnWorker(TrackedInstance t)
    {
        if (t.Worker is { } worker) _settings.ProtocolSelection.Tell(new SendToRemote(worker, new ServerStopInstanceReq(t.Id)));
        else if (t.Current.TaskTrackerAddress is { } address) _settings.WorkerRegistry.Tell(new GetWorkers(t.Current.AppId, new StopOn(t.Id, address)));
    }

    private static AskResponse StoredReply(Task<bool> write) => write.IsCompletedSuccessfully && write.Result
        ? AskResponse.Ok()
        : AskResponse.Fail("the report was not stored (the store refused or failed); report again");
}
