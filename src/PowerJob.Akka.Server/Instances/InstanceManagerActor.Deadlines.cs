using Akka.Event;
using PowerJob.Akka.Model;

namespace PowerJob.Akka.Server.Instances;

/// <summary>Receive, report and time-limit timeouts, and the delayed RUNNING write, from one queue and one timer.</summary>
public sealed partial class InstanceManagerActor
{
    private const string DeadlineTimer = "deadlines";
    // Deadlines this close together are handled by one tick: timeouts are seconds long, a tick more or less is nothing.
    private static readonly TimeSpan DeadlineSlack = TimeSpan.FromMilliseconds(50);

    private sealed class DeadlinesDue { public static readonly DeadlinesDue Instance = new(); }

    private readonly InstanceDeadlines _deadlines = new();
    private TimeSpan? _deadlineTimerAt;

    private TimeSpan Monotonic => Context.System.Scheduler.MonotonicClock;

    private void AddDeadline(TrackedInstance t, DeadlineKind kind, TimeSpan after) =>
        AddDeadline(new InstanceDeadline(t.Id, t.Current.Attempt, kind), Monotonic + after);

    private void AddDeadline(InstanceDeadline deadline, TimeSpan at)
    {
        _deadlines.Add(deadline, at);
        ArmFor(at);
    }

    private void ArmFor(TimeSpan at)
    {
        if (_deadlineTimerAt is { } armed && armed <= at) return;
        _deadlineTimerAt = at;
        var wait = at - Monotonic;
        Timers.StartSingleTimer(DeadlineTimer, DeadlinesDue.Instance, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
    }

    /// <summary>The worker of the current attempt must report again within the report timeout.</summary>
    private void ExpectReport(TrackedInstance t, bool afterTakeOver = false)
    {
        t.ReportDue = Monotonic + _settings.ReportTimeout;
        t.ReportDueAfterTakeOver = afterTakeOver;
        if (t.ReportCheckQueued) return;
        t.ReportCheckQueued = true;
        AddDeadline(new InstanceDeadline(t.Id, t.Current.Attempt, DeadlineKind.Report), t.ReportDue.Value);
    }

    private void HandleDeadlinesDue()
    {
        _deadlineTimerAt = null;
        while (_deadlines.TryTakeDue(Monotonic + DeadlineSlack, out var deadline)) Expire(deadline);
        if (_deadlines.Earliest is { } next) ArmFor(next);
    }

    private void Expire(InstanceDeadline deadline)
    {
        if (!_active.TryGetValue(deadline.InstanceId, out var t)) return;
        var current = t.Current;
        var unconfirmedOrRunning = current.Status is InstanceStatus.WaitingWorkerReceive or InstanceStatus.Running;
        switch (deadline.Kind)
        {
            case DeadlineKind.Report:
                t.ReportCheckQueued = false;
                if (t.ReportDue is not { } due || !unconfirmedOrRunning) return;
                if (due > Monotonic + DeadlineSlack)
                {
                    t.ReportCheckQueued = true;
                    AddDeadline(deadline with { Attempt = current.Attempt }, due);
                    return;
                }
                TimeOut(t, t.ReportDueAfterTakeOver
                    ? $"worker {current.TaskTrackerAddress} did not report to this server after it took the instance over"
                    : $"worker {current.TaskTrackerAddress} stopped reporting for {_settings.ReportTimeout.TotalSeconds:0.#} s (lost?)");
                return;
            case DeadlineKind.Receive when current.Attempt == deadline.Attempt && current.Status == InstanceStatus.WaitingWorkerReceive:
                TimeOut(t, $"worker {t.Worker?.HostPort ?? current.TaskTrackerAddress} did not confirm attempt {deadline.Attempt} " +
                           $"within {_settings.ReceiveTimeout.TotalSeconds:0.#} s");
                return;
            case DeadlineKind.Limit when current.Attempt == deadline.Attempt && unconfirmedOrRunning:
                TimeOut(t, $"instance timed out after {t.Job.InstanceTimeLimitMs} ms");
                return;
            case DeadlineKind.RunningWrite when current.Attempt == deadline.Attempt:
                WriteRunning(t);
                return;
        }
    }

    private void TimeOut(TrackedInstance t, string reason)
    {
        _log.Warning("instance {0}: {1}", t.Id, reason);
        StopOnWorker(t);
        FailOrRetry(t, reason, null);
    }
}
