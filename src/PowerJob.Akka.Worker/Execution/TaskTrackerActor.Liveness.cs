using Akka.Event;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>
/// The task tracker's view of the processor trackers holding its tasks: every status report, task report and
/// acknowledged dispatch is a sign of life; a worker silent for <see cref="Configuration.WorkerOptions.ProcessorTrackerTimeout"/>
/// is lost and its unfinished tasks go to the other workers.
/// </summary>
public sealed partial class TaskTrackerActor
{
    private void HandleProcessorTrackerStatus(ProcessorTrackerStatusReportReq status) => Heard(status.Address);

    private void Heard(string? worker)
    {
        if (string.IsNullOrWhiteSpace(worker) || !_tasks.Heard(worker)) return;
        _log.Info("instance {0}: worker {1}, taken as lost, is heard from again; it gets tasks again", _req.InstanceId, worker);
    }

    private void CheckLiveness()
    {
        var lost = _tasks.ReclaimFromSilentWorkers(_options.ProcessorTrackerTimeout, _peers.IsSelf);
        if (lost.Count == 0) return;
        foreach (var (worker, tasks) in lost)
            _log.Warning("instance {0}: worker {1} has been silent for over {2} ms; taken as lost, its {3} unfinished task(s) wait for other workers",
                _req.InstanceId, worker, _options.ProcessorTrackerTimeout.TotalMilliseconds, tasks);
        Dispatch();
        CheckProgress();
    }
}
