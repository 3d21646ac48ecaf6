using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>
/// Liveness reports to the task trackers on other workers: LOAD with the number of tasks still held, for every run that
/// holds tasks, a third of <see cref="Configuration.WorkerOptions.ProcessorTrackerTimeout"/> apart (at most a second);
/// IDLE once a run holds none. The task tracker on this worker needs none: it cannot outlive its processor tracker.
/// </summary>
public sealed partial class ProcessorTrackerActor
{
    private const string StatusTimer = "status-reports";
    private static readonly TimeSpan MaxStatusInterval = TimeSpan.FromSeconds(1);

    private sealed class StatusTick
    {
        public static readonly StatusTick Instance = new();
    }

    private TimeSpan StatusInterval => TimeSpan.FromTicks(Math.Min(MaxStatusInterval.Ticks, _options.ProcessorTrackerTimeout.Ticks / 3));

    private void StartStatusReports(Run run)
    {
        if (_peers.IsSelf(run.TrackerAddress) || Timers.IsTimerActive(StatusTimer)) return;
        Timers.StartPeriodicTimer(StatusTimer, StatusTick.Instance, StatusInterval);
    }

    private void ReportLoad()
    {
        var reported = false;
        foreach (var (key, run) in _runs)
        {
            if (_stopped.Contains(key) || _peers.IsSelf(run.TrackerAddress)) continue;
            _peers.Tell(run.TrackerAddress, StatusReport(key, ProcessorTrackerStatusReportReq.Load, run.Tasks));
            reported = true;
        }
        if (!reported) Timers.Cancel(StatusTimer);
    }

    private void ReportIdle((long InstanceId, int Attempt) key, Run run)
    {
        if (_stopped.Contains(key) || _peers.IsSelf(run.TrackerAddress)) return;
        _peers.Tell(run.TrackerAddress, StatusReport(key, ProcessorTrackerStatusReportReq.Idle, 0));
    }

    private ProcessorTrackerStatusReportReq StatusReport((long InstanceId, int Attempt) key, int type, int remaining) => new()
    {
        InstanceId = key.InstanceId,
        Attempt = key.Attempt,
        Type = type,
        RemainTaskNum = remaining,
        Address = _peers.SelfAddress,
        ReportTime = _time.GetUtcNow().ToUnixTimeMilliseconds(),
    };
}
