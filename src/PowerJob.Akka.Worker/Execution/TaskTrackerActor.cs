using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Worker.Connection;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>
/// Runs one attempt of one instance on the worker the server chose. The root task (and post-process / reduce) runs
/// on this worker; broadcast tasks and sub-tasks go to the processor trackers of the app's workers. Reports RUNNING
/// with progress <see cref="FirstReportDelay"/> after the start and every second after that, then the final status by
/// ask, retried with backoff until a server acknowledges it (for <see cref="WorkerOptions.ReportRetention"/>).
/// </summary>
/// <remarks>
/// An <see cref="UntypedActor"/> with a switch per state, not a ReceiveActor: one of these starts for every instance,
/// and a ReceiveActor builds its handler tables (a dozen typed handlers, again on every Become) each time.
/// </remarks>
public sealed partial class TaskTrackerActor : UntypedActor, IWithTimers
{
    private const string StartTimer = "start";
    private const string RootTaskId = "0";
    private const string LastTaskId = "9999";
    private const string BroadcastTaskName = "OMS_BROADCAST";
    private const string ReportTimer = "report";
    private const string TimeoutTimer = "timeout";
    private const string FinalRetryTimer = "final-retry";
    private const int DefaultThreadConcurrency = 5;
    private static readonly TimeSpan MaxFinalReportBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);
    /// <summary>
    /// A run that ends sooner sends its final report only: the server records RUNNING from the start time that report
    /// carries. Most instances are that short, and each saves a message and its handling on both sides.
    /// </summary>
    internal static readonly TimeSpan FirstReportDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan HeldStartGrace = TimeSpan.FromSeconds(1);

    private sealed class ReportTick { public static readonly ReportTick Instance = new(); }
    private sealed class TimeoutTick { public static readonly TimeoutTick Instance = new(); }
    private sealed class StartTick { public static readonly StartTick Instance = new(); }
    private sealed class FinalRetryTick { public static readonly FinalRetryTick Instance = new(); }
    private sealed record DispatchOutcome(string TaskId, string Worker, int Generation, PeerReply Reply);
    private sealed record FinalReportOutcome(PeerReply Reply);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ServerScheduleJobReq _req;
    private readonly WorkerOptions _options;
    private readonly WorkerPeers _peers;
    private readonly IActorRef _connection;
    private readonly IActorRef _localProcessorTracker;
    private readonly TimeProvider _time;
    private readonly string _self;
    private readonly TaskTable _tasks;
    private readonly TaskInstanceInfo _instanceInfo;
    // What each pending GetCurrentServer was for; the connection actor answers in order.
    private readonly Queue<bool> _serverRequestsForFinal = new();
    private ExecuteType _executeType;
    private long _startTime;
    private long _lastReportTime;
    private InstanceStatus _status = InstanceStatus.Running;
    private string? _result;
    private readonly Dictionary<string, string> _appendedWfContext = new(StringComparer.Ordinal);
    private int _finalTries;
    private DateTimeOffset _finishedAt;
    private bool _sentAhead;

    public TaskTrackerActor(ServerScheduleJobReq req, WorkerOptions options, WorkerPeers peers, IActorRef connection,
        IActorRef localProcessorTracker, TimeProvider time)
    {
        _req = req;
        _options = options;
        _peers = peers;
        _connection = connection;
        _localProcessorTracker = localProcessorTracker;
        _time = time;
        _self = peers.SelfAddress;
        var workers = DistinctWorkers(req.AllWorkerAddress);
        if (workers.Count == 0) workers.Add(_self);
        var window = 2 * (req.ThreadConcurrency > 0 ? req.ThreadConcurrency : DefaultThreadConcurrency);
        _tasks = new TaskTable(workers, window, Math.Max(0, req.TaskRetryNum), time);
        _instanceInfo = new TaskInstanceInfo
        {
            JobId = req.JobId, InstanceId = req.InstanceId, Attempt = req.Attempt, ExecuteType = req.ExecuteType, ProcessorInfo = req.ProcessorInfo,
            JobParams = req.JobParams, InstanceParams = req.InstanceParams, InstanceTimeoutMS = req.InstanceTimeoutMS, TaskRetryNum = req.TaskRetryNum,
            WfInstanceId = req.WfInstanceId, DispatchToken = req.DispatchToken,
        };
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ServerScheduleJobReq req, WorkerOptions options, WorkerPeers peers, IActorRef connection,
        IActorRef localProcessorTracker, TimeProvider time) =>
        DelegateProducer<TaskTrackerActor>.Props(() => new TaskTrackerActor(req, options, peers, connection, localProcessorTracker, time));

    // A tracker that stops before its run ended (it crashed) takes its tasks here with it: nothing else would stop them.
    protected override void PostStop()
    {
        if (!_status.IsFinal()) _localProcessorTracker.Tell(new TaskTrackerStopInstanceReq(_req.InstanceId, _req.Attempt));
    }

    private static List<string> DistinctWorkers(IReadOnlyList<string> addresses)
    {
        var workers = new List<string>(addresses.Count);
        var seen = addresses.Count > 1 ? new HashSet<string>(addresses.Count, StringComparer.OrdinalIgnoreCase) : null;
        foreach (var address in addresses)
            if (!string.IsNullOrWhiteSpace(address) && (seen is null || seen.Add(address))) workers.Add(address);
        return workers;
    }

    // A fire sent ahead of its due time is held until then: the tracker exists (stops and queries reach it), and its
    // root task waits in this worker's processor tracker, which starts it at the due time and then wakes this tracker.
    // So at the due time only the start itself is done; the RUNNING report and the timers follow it.
    protected override void PreStart()
    {
        var wait = UntilDue();
        if (wait <= TimeSpan.Zero)
        {
            Begin();
            return;
        }
        _sentAhead = ExecuteTypes.TryParse(_req.ExecuteType, out _executeType);
        if (_sentAhead)
        {
            _tasks.Add(RootTaskId, TaskContext.RootTaskName, null, _self);
            Dispatch(_req.StartAt);
        }
        // Without word from the processor tracker (its slots are all taken), the tracker wakes a while after the due time.
        Timers.StartSingleTimer(StartTimer, StartTick.Instance, _sentAhead ? wait + HeldStartGrace : wait);
        Become(Held);
    }

    /// <summary>How long until the fire's due time by this worker's clock; zero or less once it is due (or has none).</summary>
    private TimeSpan UntilDue() =>
        _req.StartAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) - _time.GetUtcNow() : TimeSpan.Zero;

    private void Begin()
    {
        Timers.Cancel(StartTimer);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _startTime = _sentAhead ? Math.Min(_req.StartAt!.Value, now) : now;
        Timers.StartPeriodicTimer(ReportTimer, ReportTick.Instance, FirstReportDelay, ReportInterval);
        if (_req.InstanceTimeoutMS > 0)
            Timers.StartSingleTimer(TimeoutTimer, TimeoutTick.Instance, TimeSpan.FromMilliseconds(Math.Max(1, _req.InstanceTimeoutMS - (now - _startTime))));
        if (!_sentAhead && !ExecuteTypes.TryParse(_req.ExecuteType, out _executeType))
        {
            Finish(InstanceStatus.Failed, $"unknown execute type '{_req.ExecuteType}'; expected one of {WireEnum.Allowed<ExecuteType>()}");
            return;
        }
        // Debug, not Info: one line per instance is a cost at thousands of instances a second.
        if (_log.IsDebugEnabled)
            _log.Debug("instance {0} (attempt {1}) started: {2} job {3}, processor '{4}', over {5} worker(s)", _req.InstanceId, _req.Attempt,
                _req.ExecuteType, _req.JobId, _req.ProcessorInfo, _tasks.Workers.Count);
        if (_sentAhead) return;
        _tasks.Add(RootTaskId, TaskContext.RootTaskName, null, _self);
        Dispatch();
    }

    /// <param name="startAt">The due time (Unix ms) of a root task sent ahead of it.</param>
    private void Dispatch(long? startAt = null)
    {
        foreach (var task in _tasks.TakeDispatchable())
        {
            var start = new TaskTrackerStartTaskReq
            {
                TaskTrackerAddress = _self, InstanceInfo = _instanceInfo, TaskId = task.Id, TaskName = task.Name, TaskContent = task.Content,
                TaskCurrentRetryNums = task.Retries,
            };
            var (id, worker, generation) = (task.Id, task.Worker!, task.Generation);
            // This worker's own processor tracker takes its tasks by tell and reports them straight back here.
            if (_peers.IsSelf(worker))
            {
                _localProcessorTracker.Tell(new StartLocalTask(start, id == LastTaskId ? _tasks.SubTaskResults() : null, Self, startAt));
                continue;
            }
            _peers.AskAsync(worker, start).ContinueWith(t => new DispatchOutcome(id, worker, generation, t.Result)).PipeTo(Self);
        }
    }

    private void HandleDispatchOutcome(DispatchOutcome outcome)
    {
        if (outcome.Reply is { Delivered: true, Response.Success: true })
        {
            Heard(outcome.Worker);
            return;
        }
        var error = outcome.Reply.Error ?? outcome.Reply.Response?.Message ?? "refused";
        _log.Warning("instance {0}: task {1} could not be handed to {2}: {3}", _req.InstanceId, outcome.TaskId, outcome.Worker, error);
        _tasks.DispatchFailed(outcome.TaskId, outcome.Worker, outcome.Generation, _peers.IsSelf(outcome.Worker), error);
        Dispatch();
        CheckProgress();
    }

    private void HandleTaskReport(ProcessorReportTaskStatusReq report)
    {
        Sender.Tell(AskResponse.Ok());
        Heard(report.SourceAddress);
        ApplyTaskReport(report);
    }

    private void ApplyTaskReport(ProcessorReportTaskStatusReq report)
    {
        var success = report.Status == ProcessorReportTaskStatusReq.Succeeded;
        if (!_tasks.Report(report.TaskId, success, report.Result, report.SourceAddress)) return;
        if (report.AppendedWfContext is { } appended)
            foreach (var (key, value) in appended) _appendedWfContext[key] = value;
        if (!success) _log.Debug("instance {0}: task {1} failed on {2}: {3}", _req.InstanceId, report.TaskId, report.SourceAddress, report.Result);
        Dispatch();
        CheckProgress();
    }

    private void HandleMap(ProcessorMapTaskRequest map)
    {
        if (_executeType is not (ExecuteType.Map or ExecuteType.MapReduce))
        {
            Sender.Tell(AskResponse.Fail($"instance {_req.InstanceId} is {_req.ExecuteType}; only MAP and MAP_REDUCE jobs can map"));
            return;
        }
        foreach (var subTask in map.SubTasks) _tasks.Add(subTask.TaskId, map.TaskName, subTask.TaskContent);
        Sender.Tell(AskResponse.Ok());
        Dispatch();
    }

    private void CheckProgress()
    {
        if (_tasks.Open > 0) return;
        var root = _tasks.Get(RootTaskId)!;
        var last = _tasks.Get(LastTaskId);
        if (root.State == TrackedTaskState.Failed)
        {
            Finish(InstanceStatus.Failed, _executeType == ExecuteType.Broadcast ? $"preProcess failed: {root.Result}" : root.Result);
            return;
        }
        switch (_executeType)
        {
            case ExecuteType.Standalone:
                Finish(InstanceStatus.Succeed, root.Result);
                break;
            case ExecuteType.Broadcast when _tasks.Total == 1:
                for (var i = 0; i < _tasks.Workers.Count; i++) _tasks.Add($"{RootTaskId}.{i + 1}", BroadcastTaskName, null, _tasks.Workers[i]);
                Dispatch();
                break;
            case ExecuteType.Map:
                var subTasks = _tasks.Total - 1;
                Finish(_tasks.Failed == 0 ? InstanceStatus.Succeed : InstanceStatus.Failed,
                    subTasks == 0 ? root.Result : $"{_tasks.Succeeded - 1} of {subTasks} sub-tasks succeeded, {_tasks.Failed} failed");
                break;
            case ExecuteType.Broadcast or ExecuteType.MapReduce when last is null:
                _tasks.Add(LastTaskId, TaskContext.LastTaskName, null, _self);
                Dispatch();
                break;
            default:
                Finish(last!.State == TrackedTaskState.Succeeded ? InstanceStatus.Succeed : InstanceStatus.Failed, last.Result);
                break;
        }
    }

    private void Finish(InstanceStatus status, string? result, bool stopTasks = false)
    {
        _status = status;
        _finishedAt = _time.GetUtcNow();
        _result = ProcessorInvoker.Truncate(result, _options.MaxResultLength);
        Timers.Cancel(ReportTimer);
        Timers.Cancel(TimeoutTimer);
        if (stopTasks) StopTasksEverywhere();
        // Every outcome at Info: operators (and the fault specs) follow runs by these lines; the level check is inside.
        if (_log.IsInfoEnabled) _log.Info("instance {0} (attempt {1}) {2}: {3}", _req.InstanceId, _req.Attempt, status.WireName(), _result);
        Become(Finishing);
        RequestServer(forFinal: true);
    }

    // Not Context.Stop(Self): the endpoint routes here until it handles TrackerFinished, and whatever it forwarded
    // meanwhile would go to dead letters with its asker never answered. The endpoint stops this tracker with a
    // PoisonPill once it no longer routes here; the pill queues behind everything it forwarded before.
    private void Done()
    {
        Context.Parent.Tell(new TrackerFinished(_req.InstanceId, _req.Attempt));
        Become(AnswerAsFinished);
    }

    private void StopTasksEverywhere()
    {
        var stop = new TaskTrackerStopInstanceReq(_req.InstanceId, _req.Attempt);
        foreach (var worker in _tasks.Workers.Append(_self).Distinct(StringComparer.OrdinalIgnoreCase)) _peers.Tell(worker, stop);
    }
}
